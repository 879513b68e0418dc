/**
 * The host-side view of a failing image: when the registry stage ran in the same invocation
 * (`all`), its fact `registryProbe` holds, per image, the endpoint chain walked from the host with
 * the same registries.yaml. pod-image-pull puts it beside the in-container error (data.hostView),
 * so "fails inside, works from the host" (DNS, mounts, --add-host) stands apart from "fails
 * everywhere" (registry content, credentials). Absent fact ⇒ null; never a dependency.
 */
import type { Facts } from '../types.js';
import { registryOf, repositoryOf } from './classify.js';

export interface HostView {
  result: string;
  attempts: { url: string; status: string; error: string | null }[];
}

interface ImageLike {
  ref?: string;
  registry?: string;
  repository?: string;
  reference?: string;
  result?: string;
  attempts?: { url?: string; endpoint?: string; status?: string; error?: string | null }[];
}

export function hostViewFor(facts: Facts, image: string): HostView | null {
  const f = facts.registryProbe;
  if (!f || !f.ok) return null;
  const images = (f.value as { images?: ImageLike[] })?.images;
  if (!Array.isArray(images)) return null;
  const reg = registryOf(image);
  const repo = repositoryOf(image);
  const tag = /:([^:/@]+)$/.exec(image)?.[1] ?? 'latest';
  const hit = images.find((i) => i.ref === image || (i.registry === reg && i.repository === repo && i.reference === tag));
  if (!hit) return null;
  return { result: String(hit.result ?? 'unknown'), attempts: (hit.attempts ?? []).map((a) => ({ url: String(a.url ?? a.endpoint ?? ''), status: String(a.status ?? ''), error: a.error ?? null })) };
}
