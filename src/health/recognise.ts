/**
 * Which container is the Rancher server, recognised by what it runs rather than by its image name
 * (a retagged image, a mirror prefix or another rancher/* image must not decide it). Pure.
 *
 * Every rancher/rancher server image from v2.5.0 to v2.13.x has `ENTRYPOINT ["entrypoint.sh"]`
 * (which ends in `exec tini -- rancher …`) and `ENV CATTLE_SERVER_IMAGE ${IMAGE_REPO}/rancher`
 * (v2.13: `${IMAGE_REPO}/${IMAGE_NAME}`): rancher/rancher@v2.5.0, v2.7.0, v2.9.0, v2.12.0, v2.13.0
 * package/Dockerfile and package/entrypoint.sh. The agent image (rancher/rancher-agent, the `agent`
 * stage of the same Dockerfile or package/Dockerfile.agent) runs `run.sh` and has no
 * CATTLE_SERVER_IMAGE.
 */

export interface RunsInfo {
  /** The process Docker started (inspect .Path), e.g. entrypoint.sh. */
  path: string;
  args: string[];
  /** CATTLE_SERVER_IMAGE of the container's env; null = unset. */
  serverImage: string | null;
}

export type Recognition = { server: true } | { server: false; why: 'entrypoint' | 'no-server-env' };

const base = (p: string) => p.split('/').pop() ?? p;

export function recogniseRancherServer(runs: RunsInfo): Recognition {
  const entry = base(runs.path);
  // An overridden entrypoint that still starts the server (`tini -- rancher …`, `rancher …`) counts too.
  const runsRancher = entry === 'entrypoint.sh' || entry === 'rancher' || (entry === 'tini' && runs.args.some((a) => base(a) === 'rancher'));
  if (!runsRancher) return { server: false, why: 'entrypoint' };
  if (!runs.serverImage) return { server: false, why: 'no-server-env' };
  return { server: true };
}

/** First word of `docker ps`'s COMMAND (the list API's Command), to pick containers worth inspecting. */
export function mayBeRancherServer(command: string | undefined): boolean {
  const first = (command ?? '').trim().split(/\s+/)[0] ?? '';
  const b = base(first.replace(/^"|"$/g, ''));
  return b === 'entrypoint.sh' || b === 'rancher' || b === 'tini';
}
