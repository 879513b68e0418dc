/**
 * The real-node tests (test/kube-node*.test.ts, anything that starts a kubelet through test/support/kube-node.ts)
 * run only inside a loopback-only network namespace (issue #14 part 5): `npm test` runs them through
 * scripts/netns-run.sh. Outside one they FAIL with the way to run them; there is no switch that skips them.
 *
 * The interfaces come from `ip -o link` (this process's namespace). Not /sys/class/net: sysfs shows the
 * namespace it was mounted in, so inside `unshare --net` it still lists the host's interfaces.
 */
import { execFileSync } from 'node:child_process';

export interface Link { name: string; up: boolean }

/** Parses `ip -o link` (one line per interface: `1: lo: <LOOPBACK,UP,LOWER_UP> mtu …`). */
export function parseIpLink(text: string): Link[] {
  const links: Link[] = [];
  for (const line of text.split('\n')) {
    const m = /^\d+:\s+([^:@\s]+)(?:@[^:\s]+)?:\s+<([^>]*)>/.exec(line);
    if (m) links.push({ name: m[1]!, up: m[2]!.split(',').includes('UP') });
  }
  return links;
}

/** Why this process is not in a loopback-only network namespace, or null when it is (only `lo`, and it is up). */
export function notLoopbackOnly(links: Link[]): string | null {
  const others = links.filter((l) => l.name !== 'lo').map((l) => l.name);
  if (others.length) return `network interfaces other than lo are present (${others.join(', ')})`;
  const lo = links.find((l) => l.name === 'lo');
  if (!lo) return 'no lo interface';
  if (!lo.up) return 'lo is down';
  return null;
}

/** Throws unless this process is in a loopback-only network namespace. */
export function requireLoopbackOnlyNetns(): void {
  let text: string;
  try {
    text = execFileSync('ip', ['-o', 'link'], { encoding: 'utf8', timeout: 10_000 });
  } catch (err) {
    throw new Error(`cannot list network interfaces (ip -o link: ${(err as Error).message}); the real-node tests run only in a loopback-only network namespace: run them via npm test / scripts/netns-run.sh`);
  }
  const why = notLoopbackOnly(parseIpLink(text));
  if (why) throw new Error(`not in a loopback-only network namespace: ${why}. The real-node tests run only there: run them via npm test (or flock /tmp/kube-node.lock bash scripts/netns-run.sh node_modules/.bin/vitest run --config vitest.node.config.ts)`);
}
