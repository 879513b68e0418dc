import type { JudgeOptions, Report } from '../types.js';

/**
 * The images a registry run found missing, as rancher-images.txt names them: `rancher/<repo>:<tag>`
 * without the registry, one per line, newline-terminated. That is what rancher-save-images.sh and
 * rancher-load-images.sh read with --image-list (`while IFS= read -r i; [ -z "$i" ] && continue`;
 * save prefixes --source-registry, load prefixes --registry: rancher/rancher@v2.11.16
 * pkg/image/utilities/utilities.go). No comments: the scripts would pull a "#" line as an image.
 */
export function missingImages(report: Report, options: Pick<JudgeOptions, 'systemDefaultRegistry'>): { images: string[]; unchecked: number } {
  const sdr = options.systemDefaultRegistry ?? '';
  const slash = sdr.indexOf('/');
  const sdrHost = slash >= 0 ? sdr.slice(0, slash) : sdr;
  const sdrPath = slash >= 0 ? sdr.slice(slash + 1).replace(/\/+$/, '') : '';
  const images: string[] = [];
  let unchecked = 0;
  for (const f of report.findings) {
    if (f.check !== 'image-available') continue;
    const d = (f.data ?? {}) as { registry?: string; repository?: string; reference?: string; result?: string };
    if (f.status === 'skip' || f.status === 'error' || (f.status === 'fail' && d.result === 'error')) {
      if (d.repository) unchecked++;
      continue;
    }
    if (f.status !== 'fail' || (d.result !== 'not-found' && d.result !== 'platform-missing') || !d.repository || !d.reference) continue;
    let repo = d.repository;
    let prefix = '';
    if (d.registry === sdrHost && sdrPath && repo.startsWith(`${sdrPath}/`)) repo = repo.slice(sdrPath.length + 1);
    else if (d.registry && d.registry !== sdrHost && d.registry !== 'docker.io') prefix = `${d.registry}/`;
    const name = `${prefix}${repo}${d.reference.includes(':') && d.reference.startsWith('sha256:') ? `@${d.reference}` : `:${d.reference}`}`;
    if (!images.includes(name)) images.push(name);
  }
  return { images, unchecked };
}

export function renderImageList(images: string[]): string {
  return images.map((i) => `${i}\n`).join('');
}
