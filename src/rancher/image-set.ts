/**
 * Which images the registry stage checks, and under which names Rancher will request them.
 * Sources: a release's rancher-images.txt (authoritative, DOMAIN §4.4/§4.6), the built-in
 * per-release table (data/releases.json, derived from Rancher's repositories by scripts/gen-releases.mjs), and
 * --image references. Rancher requests system images as
 * `<CATTLE_SYSTEM_DEFAULT_REGISTRY>/<repo>:<tag>`, a plain string prefix (DOMAIN §4.1).
 * Precedence: --images FILE (plus any --image); else --image alone; else the built-in table for
 * --rancher-version. With --images or --image, --rancher-version only sets K3s version gates.
 */
import { InputError } from '../errors.js';
import { findRelease } from './releases.js';
import { parseReference, ReferenceError, type ImageRef } from '../registry/reference.js';

export type ImageSource = 'images-file' | 'rancher-version' | 'image-flag';

export interface ImageSetEntry extends ImageRef {
  source: ImageSource;
  /** Line in --images FILE (1-based), when it came from there. */
  line?: number;
}

export interface ImageSetInfo {
  images: ImageSetEntry[];
  sources: ImageSource[];
  imagesFile: string | null;
  rancherVersion: string | null;
  /** --rancher-version given but not in the built-in table (and no --images to fall back on). */
  unknownVersion: string | null;
  /** Images of the release whose tag the generator could not derive from the sources: repo names (never checked). */
  unknownTags: string[];
  /** The same, with the reason recorded in data/releases.json. */
  unknownDetails: { repo: string; reason: string }[];
  systemDefaultRegistry: string | null;
  duplicates: number;
}

export interface ImageSetInput {
  systemDefaultRegistry: string | null;
  rancherVersion: string | null;
  imagesFile: { path: string; text: string } | null;
  imageRefs: string[];
}

/** `<sdr>/<line>`, exactly as Rancher's PrefixPrivateRegistry does (no trimming, DOMAIN §4.1). */
export function prefixed(sdr: string | null, image: string): string {
  return sdr ? `${sdr}/${image}` : image;
}

function needSdr(what: string): never {
  throw new InputError(`${what} needs --system-default-registry (or env CATTLE_SYSTEM_DEFAULT_REGISTRY): Rancher requests system images as <system-default-registry>/rancher/<repo>:<tag>`);
}

function parseOrInput(ref: string, where: string): ImageRef {
  try {
    return parseReference(ref);
  } catch (err) {
    if (err instanceof ReferenceError) throw new InputError(`${where}: ${err.message}`);
    throw err;
  }
}

/** Builds the image set; bad input throws InputError (exit 2) naming the line or flag. */
export function buildImageSet(input: ImageSetInput): ImageSetInfo {
  const sdr = input.systemDefaultRegistry;
  if (sdr !== null) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(sdr)) throw new InputError(`--system-default-registry "${sdr}": no URL scheme allowed (Rancher prefixes it verbatim, DOMAIN §4.1); use host[:port][/path]`);
    if (sdr.endsWith('/')) throw new InputError(`--system-default-registry "${sdr}": remove the trailing "/" (Rancher prefixes it verbatim and the image names become invalid)`);
  }
  const out: ImageSetEntry[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  const sources: ImageSource[] = [];
  const add = (e: ImageSetEntry) => {
    if (seen.has(e.requested)) {
      duplicates++;
      return;
    }
    seen.add(e.requested);
    out.push(e);
  };
  let unknownVersion: string | null = null;
  const unknownTags: string[] = [];
  const unknownDetails: { repo: string; reason: string }[] = [];

  if (input.imagesFile) {
    if (sdr === null) needSdr('--images');
    sources.push('images-file');
    const lines = input.imagesFile.text.split(/\r?\n/);
    lines.forEach((raw, i) => {
      const line = raw.trim();
      // Blank lines and `#` comments are skipped (rancher-save-images.sh skips blank lines too).
      if (line === '' || line.startsWith('#')) return;
      const where = `${input.imagesFile!.path}:${i + 1}`;
      const local = parseOrInput(line, where);
      if (local.registry !== 'docker.io' || line.startsWith('docker.io/')) {
        // rancher-images.txt lines carry no registry host (DOMAIN §4.6).
        throw new InputError(`${where}: "${line}" has a registry host; rancher-images.txt lines are <repo>:<tag> without one`);
      }
      const ref = parseOrInput(prefixed(sdr, line), `${where}: with --system-default-registry "${sdr}"`);
      add({ ...ref, source: 'images-file', line: i + 1 });
    });
    if (out.length === 0) throw new InputError(`${input.imagesFile.path}: no images listed`);
  } else if (input.rancherVersion && input.imageRefs.length === 0) {
    // Explicit --image references replace the built-in list; --rancher-version then only sets version gates.
    const row = findRelease(input.rancherVersion);
    if (!row) unknownVersion = input.rancherVersion;
    else {
      if (sdr === null) needSdr('--rancher-version');
      sources.push('rancher-version');
      for (const img of row.images) {
        if (!img.tag) {
          if (!unknownTags.includes(img.repo)) unknownTags.push(img.repo);
          unknownDetails.push({ repo: img.repo, reason: img.unknown ?? 'tag not derivable from the sources' });
          continue;
        }
        const ref = parseOrInput(prefixed(sdr, `${img.repo}:${img.tag}`), `--system-default-registry "${sdr}"`);
        add({ ...ref, source: 'rancher-version' });
      }
    }
  }

  if (input.imageRefs.length > 0) sources.push('image-flag');
  for (const r of input.imageRefs) {
    const first = r.split('/')[0] ?? '';
    const full = r.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
    if (!full && sdr === null) needSdr(`--image ${r}`);
    const ref = parseOrInput(full ? r : prefixed(sdr, r), `--image ${r}`);
    add({ ...ref, source: 'image-flag' });
  }

  if (out.length === 0 && unknownVersion === null) {
    throw new InputError('no images to check: give --rancher-version vX.Y.Z, --images rancher-images.txt or --image REF');
  }
  return { images: out, sources, imagesFile: input.imagesFile?.path ?? null, rancherVersion: input.rancherVersion, unknownVersion, unknownTags, unknownDetails, systemDefaultRegistry: sdr, duplicates };
}
