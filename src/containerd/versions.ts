/**
 * Which containerd a K3s release embeds, and the containerd facts that depend on it. Pure.
 *
 * Until the release data carries the containerd version of every Rancher release (the `reldata`
 * work), it is derived from the K3s version with this table: K3s minor -> containerd minor, from
 * the "containerd" row of each K3s release's notes (github.com/k3s-io/k3s/releases, e.g.
 * v1.21.3+k3s1 containerd v1.4.8-k3s1, v1.24.2+k3s1 v1.6.6-k3s1 (v1.24.2+k3s2..v1.24.4+k3s1 went back to
 * v1.5.13-k3s1, k3s-io/docs v1.24.X.md), v1.27.10+k3s2 v1.7.11-k3s2,
 * v1.32.1+k3s1 v1.7.23-k3s2, v1.33.1+k3s1 v2.0.5-k3s1). Where a K3s minor changed containerd
 * minor in a patch release, the first such patch is listed. `containerdFor(k3s, release)` prefers
 * a version the release data states.
 */
export interface ContainerdVersion { major: number; minor: number }

/** [K3s minor, from K3s patch, containerd major.minor]; the last row whose K3s version <= the given one wins. */
const TABLE: [number, number, string][] = [
  [18, 0, '1.3'],
  [19, 0, '1.4'],
  [20, 0, '1.4'],
  [21, 0, '1.4'],
  [22, 0, '1.5'],
  [23, 0, '1.5'],
  [24, 0, '1.5'], // v1.24.1+k3s1 v1.5.11-k3s1, v1.24.4+k3s1 v1.5.13-k3s1 (only v1.24.2+k3s1 had v1.6.6-k3s1)
  [24, 6, '1.6'], // v1.24.6+k3s1: containerd v1.6.8-k3s1
  [25, 0, '1.6'],
  [26, 0, '1.6'],
  [26, 13, '1.7'], // v1.26.13+k3s1 moved to containerd v1.7.11-k3s2 with the certs.d work
  [27, 0, '1.7'],
  [28, 0, '1.7'],
  [29, 0, '1.7'],
  [30, 0, '1.7'],
  [31, 0, '1.7'],
  [32, 0, '1.7'],
  [32, 2, '2.0'], // v1.32.2+k3s1: containerd v2.0.2-k3s2
  [33, 0, '2.0'],
  [34, 0, '2.1'],
];

function parse(v: string): { major: number; minor: number; patch: number } | null {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) } : null;
}

/** containerd major.minor embedded in a K3s version; `stated` (release data) wins when given. */
export function containerdFor(k3s: string | null | undefined, stated?: string | null): ContainerdVersion | null {
  if (stated) {
    const s = parse(stated);
    if (s) return { major: s.major, minor: s.minor };
  }
  const k = k3s ? parse(k3s) : null;
  if (!k || k.major !== 1) return null;
  let hit: string | null = null;
  for (const [minor, patch, ctd] of TABLE) {
    if (k.minor > minor || (k.minor === minor && k.patch >= patch)) hit = ctd;
  }
  if (!hit) hit = TABLE[0]![2];
  const [maj, min] = hit.split('.').map(Number);
  return { major: maj!, minor: min! };
}

/**
 * The containerd we assume when no release is known: the most restrictive one a current K3s
 * (rendering mode D, Rancher 2.9-2.11) embeds, 1.7, so an unknown version never passes on a
 * parse that 1.7 would refuse.
 */
export const ASSUMED_CONTAINERD: ContainerdVersion = { major: 1, minor: 7 };

export const atLeast = (v: ContainerdVersion, major: number, minor: number) => v.major > major || (v.major === major && v.minor >= minor);

/**
 * containerd 1.5-1.7 read config.toml and hosts.toml with pelletier/go-toml v1, which cannot parse
 * `[` or `]` inside a quoted table key (`[host."http://[::1]:5000/v2"]`). 1.4 and older use
 * BurntSushi/toml, 2.x go-toml v2; both parse it (DOMAIN §1.9).
 */
export function tomlRejectsBracketKeys(v: ContainerdVersion): boolean {
  return atLeast(v, 1, 5) && !atLeast(v, 2, 0);
}

/**
 * hosts.toml without a `server` key: containerd 1.7 (release/1.7 `parseHostsFile`:
 * `if tree.Has("server") || len(hosts) == 0`) does not append the default host, so there is no
 * fallback (k3s#9728, K3s v1.29.2 / containerd 1.7.11-k3s2); 1.5/1.6 always append the root entry,
 * whose empty server becomes the registry's default endpoint.
 */
export function rootHostNeedsServerKey(v: ContainerdVersion): boolean {
  return atLeast(v, 1, 7);
}

export const versionText = (v: ContainerdVersion) => `${v.major}.${v.minor}`;
