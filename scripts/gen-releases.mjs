#!/usr/bin/env node
// Derives data/releases.json from Rancher's own repositories (bare git dirs), per release tag.
//
//   node scripts/gen-releases.mjs --rancher DIR --charts DIR [--extra data/release-sources.json] [--out FILE]
//   (or env RANCHER_GIT, CHARTS_GIT, RELEASE_SOURCES, RELEASES_OUT)
//
// For every final tag vX.Y.Z from v2.5.0 on, it reads at the tag's commit:
//   package/Dockerfile  CATTLE_K3S_VERSION, CHART_DEFAULT_BRANCH, CATTLE_*_VERSION / *_MIN_VERSION pins (ARG ⇒ build.yaml)
//   build.yaml          fleetVersion, webhookVersion, provisioningCAPIVersion, remoteDialerProxyVersion, turtlesVersion,
//                       defaultShellVersion
//   pkg/settings/setting.go  shell-image default (before build.yaml carried it)
//   pkg/catalogv2/system/system.go  how a min pin is resolved (latest in index, or the pinned chart itself)
//   pkg/controllers/{management,dashboard}/systemcharts/controller.go  which system charts the local cluster installs
// and resolves each chart in the bundled charts index (rancher/charts branch CHART_DEFAULT_BRANCH, newest commit
// not after the tag's commit date; index.yaml + the chart archive it points at), as Rancher does
// (pkg/catalogv2/system/system.go install(): exact pin ⇒ that chart, min pin ⇒ newest chart ≥ min).
// Where the charts snapshot cannot answer (release newer than the snapshot), facts from --extra are used: each
// names its own primary source (repo, path, commit). A cell that still has no single answer is emitted as
// { tag: null, unknown: "<reason>" } and listed on stderr; any cell with two candidates or an unexplained empty
// value makes the generator exit 1 naming release and image.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';

// ---------------------------------------------------------------- arguments
function args(argv) {
  const o = {};
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    o[a.slice(2)] = argv[++i];
  }
  return o;
}
const opt = args(process.argv);
const RANCHER = opt.rancher ?? process.env.RANCHER_GIT;
const CHARTS = opt.charts ?? process.env.CHARTS_GIT;
const EXTRA = opt.extra ?? process.env.RELEASE_SOURCES;
const OUT = opt.out ?? process.env.RELEASES_OUT;
const FLEET = opt.fleet ?? process.env.FLEET_GIT ?? null;
const TURTLES = opt.turtles ?? process.env.TURTLES_GIT ?? null;
const FROM = opt.from ?? 'v2.5.0';
if (!RANCHER || !CHARTS) {
  console.error('usage: gen-releases.mjs --rancher <rancher/rancher git dir> --charts <rancher/charts git dir> [--extra FILE] [--out FILE]');
  process.exit(2);
}
const extra = EXTRA ? JSON.parse(readFileSync(EXTRA, 'utf8')) : { charts: {}, k3s: {}, indexes: {} };

// ---------------------------------------------------------------- git
function git(dir, ...a) {
  return execFileSync('git', ['-C', dir, ...a], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
}
function gitBuf(dir, ...a) {
  return execFileSync('git', ['-C', dir, ...a], { maxBuffer: 512 * 1024 * 1024 });
}
function show(dir, rev, path) {
  try {
    return git(dir, 'show', `${rev}:${path}`);
  } catch {
    return null;
  }
}
const RANCHER_REPO = opt['rancher-name'] ?? 'rancher/rancher';
const CHARTS_REPO = opt['charts-name'] ?? 'rancher/charts';
const FLEET_REPO = 'rancher/fleet';
const TURTLES_REPO = 'rancher/turtles';
// Charts whose image tag is v<upstream> of the chart version's +up suffix: fleet and rancher-webhook (DOMAIN §4.3,
// all 81 +up versions in the snapshot); remotedialer-proxy and rancher-turtles: every values.yaml recorded in the
// extra sources agrees (see extra.suffixRuleEvidence); the cell says it was derived so.
const SUFFIX_RULE = new Set(['fleet', 'rancher-webhook', ...(extra.suffixRuleCharts ?? [])]);

// ---------------------------------------------------------------- semver (Masterminds/semver v3 semantics)
export function parseSemver(v) {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/.exec(String(v).trim());
  if (!m) return null;
  return { major: +m[1], minor: +(m[2] ?? 0), patch: +(m[3] ?? 0), pre: m[4] ?? '', build: m[5] ?? '', raw: v };
}
function comparePre(a, b) {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    const na = /^\d+$/.test(pa[i]);
    const nb = /^\d+$/.test(pb[i]);
    if (na && nb) {
      const d = Number(pa[i]) - Number(pb[i]);
      if (d) return Math.sign(d);
    } else if (na !== nb) return na ? -1 : 1;
    else if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  }
  return 0;
}
export function cmpSemver(a, b) {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || comparePre(a.pre, b.pre);
}
/** Masterminds constraint check, the subset Rancher's charts use: "|| " alternatives of ","/space-separated comparisons. */
export function satisfies(version, constraint) {
  const v = parseSemver(version);
  if (!v) return false;
  return constraint.split('||').some((alt) =>
    alt
      .trim()
      .split(/[\s,]+(?=[<>=!~^]|\d)/)
      .filter(Boolean)
      .every((c) => {
        const m = /^(>=|<=|>|<|=|!=|~|\^)?\s*v?(.+)$/.exec(c.trim());
        if (!m) return true;
        const op = m[1] ?? '=';
        const w = parseSemver(m[2].replace(/\.x$/, '.0').replace(/\*$/, '0'));
        if (!w) return true;
        // Masterminds: a version with a prerelease only matches constraints that carry a prerelease.
        if (v.pre && !w.pre) return false;
        const d = cmpSemver(v, w);
        switch (op) {
          case '>=': return d >= 0;
          case '<=': return d <= 0;
          case '>': return d > 0;
          case '<': return d < 0;
          case '!=': return d !== 0;
          case '~': return d >= 0 && v.major === w.major && v.minor === w.minor;
          case '^': return d >= 0 && v.major === w.major;
          default: return d === 0;
        }
      }),
  );
}

// ---------------------------------------------------------------- tar.gz (chart archives)
function untar(buf) {
  const files = new Map();
  for (let off = 0; off + 512 <= buf.length; ) {
    const name = buf.subarray(off, off + 100).toString('utf8').replace(/\0.*$/s, '');
    if (!name) break;
    const prefix = buf.subarray(off + 345, off + 500).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(buf.subarray(off + 124, off + 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(buf[off + 156]);
    const full = prefix ? `${prefix}/${name}` : name;
    if (type === '0' || type === '\0') files.set(full, buf.subarray(off + 512, off + 512 + size).toString('utf8'));
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

// ---------------------------------------------------------------- charts index at a commit
const indexCache = new Map();
/** Entries for the named charts from index.yaml at `commit` (only those blocks are parsed: the file is large). */
function indexAt(commit, names) {
  const key = commit;
  let text = indexCache.get(key);
  if (text === undefined) {
    text = show(CHARTS, commit, 'index.yaml');
    indexCache.set(key, text);
  }
  if (text === null) return null;
  const out = {};
  for (const n of names) {
    const re = new RegExp(`^  ${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\n([\\s\\S]*?)(?=^  [^\\s-][^\\n]*:\\s*\\n|^\\S|(?![\\s\\S]))`, 'm');
    const m = re.exec(text);
    out[n] = m ? parseYaml(m[1]) ?? [] : [];
  }
  return out;
}
const chartFilesCache = new Map();
function chartFiles(commit, url) {
  const k = `${commit}:${url}`;
  if (!chartFilesCache.has(k)) {
    let files = null;
    try {
      files = untar(gunzipSync(gitBuf(CHARTS, 'show', `${commit}:${url}`)));
    } catch {
      files = null;
    }
    chartFilesCache.set(k, files);
  }
  return chartFilesCache.get(k);
}

// ---------------------------------------------------------------- families
// Which images each system chart's workloads pull, by values path (checked against the chart templates by hand:
// fleet templates/deployment.yaml + agent from fleet-controller, gitjob subchart templates/deployment.yaml,
// rancher-provisioning-capi templates/deployment-capi-controller-manager.yaml + hardened.yaml Job (global.kubectl),
// system-upgrade-controller templates/deployment.yaml + kubectl job image, remotedialer-proxy templates/deployment.yaml).
const FAMILIES = {
  fleet: {
    chart: 'fleet',
    images: [
      { repo: 'rancher/fleet', path: ['image'] },
      { repo: 'rancher/fleet-agent', path: ['agentImage'] },
      { repo: 'rancher/gitjob', path: ['gitjob'], sub: 'charts/gitjob/values.yaml', optional: true },
    ],
  },
  webhook: { chart: 'rancher-webhook', images: [{ repo: 'rancher/rancher-webhook', path: ['image'] }] },
  operator: { chart: 'rancher-operator', images: [{ repo: 'rancher/rancher-operator', path: ['image'] }] },
  capi: {
    chart: 'rancher-provisioning-capi',
    images: [
      { repo: 'rancher/mirrored-cluster-api-controller', path: ['image'] },
      { repo: 'rancher/kubectl', path: ['global', 'kubectl'], optional: true },
    ],
  },
  suc: {
    chart: 'system-upgrade-controller',
    images: [
      { repo: 'rancher/system-upgrade-controller', path: ['systemUpgradeController', 'image'] },
      { repo: 'rancher/kubectl', path: ['kubectl', 'image'], overrideRepoFrom: 'controller' },
    ],
  },
  rdp: { chart: 'remotedialer-proxy', images: [{ repo: 'rancher/remotedialer-proxy', path: ['image'] }] },
  turtles: { chart: 'rancher-turtles', images: [{ repo: 'rancher/turtles', path: ['image'] }] },
};

function dig(obj, path) {
  let o = obj;
  for (const p of path) o = o && typeof o === 'object' ? o[p] : undefined;
  return o;
}

// ---------------------------------------------------------------- per-tag facts
function envPins(dockerfile, buildYaml) {
  const env = {};
  const argDefaults = {};
  for (const line of dockerfile.split('\n')) {
    let m = /^ARG\s+([A-Z0-9_]+)(?:=(\S*))?/.exec(line);
    if (m && m[2] !== undefined && !(m[1] in argDefaults)) argDefaults[m[1]] = m[2].replace(/^"|"$/g, '');
    m = /^ENV\s+([A-Z0-9_]+)(?:=|\s+)(\S*)\s*$/.exec(line);
    if (m && !(m[1] in env)) env[m[1]] = m[2].replace(/^['"]|['"]$/g, '');
  }
  const FROM_BUILD = {
    CATTLE_FLEET_VERSION: 'fleetVersion',
    CATTLE_RANCHER_WEBHOOK_VERSION: 'webhookVersion',
    CATTLE_RANCHER_PROVISIONING_CAPI_VERSION: 'provisioningCAPIVersion',
    CATTLE_REMOTEDIALER_PROXY_VERSION: 'remoteDialerProxyVersion',
    CATTLE_RANCHER_TURTLES_VERSION: 'turtlesVersion',
  };
  const resolved = {};
  for (const [k, v] of Object.entries(env)) {
    const ref = /^\$\{?([A-Z0-9_]+)\}?$/.exec(v);
    if (ref) {
      if (argDefaults[ref[1]]) resolved[k] = { value: argDefaults[ref[1]], file: 'package/Dockerfile' };
      else if (buildYaml && FROM_BUILD[k] && buildYaml[FROM_BUILD[k]]) resolved[k] = { value: String(buildYaml[FROM_BUILD[k]]), file: 'build.yaml' };
      else resolved[k] = { value: '', file: 'package/Dockerfile' };
    } else resolved[k] = { value: v, file: 'package/Dockerfile' };
  }
  // A build.yaml key with no Dockerfile ENV still reaches the setting through scripts/package build args.
  if (buildYaml) for (const [k, b] of Object.entries(FROM_BUILD)) if (!resolved[k]?.value && buildYaml[b]) resolved[k] = { value: String(buildYaml[b]), file: 'build.yaml' };
  return { env: resolved, argDefaults };
}

function controllerSource(tag) {
  for (const f of ['pkg/controllers/dashboard/systemcharts/controller.go', 'pkg/controllers/management/systemcharts/controller.go']) {
    const t = show(RANCHER, tag, f);
    if (t) return { file: f, text: t };
  }
  throw new Error(`${tag}: no systemcharts controller`);
}

/** Definitions of the systemcharts controller: chart name → { uninstall, exact, min, enabledText } */
function chartDefs(text) {
  const defs = {};
  const body = text.slice(text.indexOf('[]*chart.Definition{') >= 0 ? text.indexOf('[]*chart.Definition{') : text.indexOf('[]chartDef{') >= 0 ? text.indexOf('[]chartDef{') : 0);
  const parts = body.split(/\n\t\t\{\n|\n\t\t\{\r?\n/);
  for (const p of parts) {
    const nm = /ChartName:\s+("([^"]+)"|(?:chart\.)?(\w+))/.exec(p);
    if (!nm) continue;
    const ids = { webhookchartname: 'rancher-webhook', provisioningcapichartname: 'rancher-provisioning-capi', systemupgradecontrollerchartname: 'system-upgrade-controller', remotedialerproxychartname: 'remotedialer-proxy', turtleschartname: 'rancher-turtles' };
    const name = nm[2] ?? ids[nm[3].toLowerCase()];
    if (!name || defs[name]) continue;
    defs[name] = {
      uninstallAlways: /Uninstall:\s+true/.test(p),
      exact: /ExactVersionSetting:\s+settings\.(\w+)/.exec(p)?.[1] ?? null,
      min: /MinVersionSetting:\s+settings\.(\w+)/.exec(p)?.[1] ?? null,
      text: p,
    };
  }
  return defs;
}

function featureDefault(tag, name) {
  const t = show(RANCHER, tag, 'pkg/features/feature.go');
  if (!t) return null;
  const m = new RegExp(`"${name}",\\s*\\n\\s*"[^"]*",\\s*\\n\\s*(true|false)`).exec(t);
  return m ? m[1] === 'true' : null;
}

// ---------------------------------------------------------------- main
const tags = git(RANCHER, 'tag', '--list', 'v2.*')
  .split('\n')
  .filter((t) => /^v\d+\.\d+\.\d+$/.test(t))
  .map((t) => ({ t, v: parseSemver(t) }))
  .filter((x) => cmpSemver(x.v, parseSemver(FROM)) >= 0)
  .sort((a, b) => cmpSemver(a.v, b.v))
  .map((x) => x.t);

const branchLast = {};
const SNAPSHOT_END = git(CHARTS, 'for-each-ref', '--sort=-committerdate', '--count=1', '--format=%(committerdate:iso-strict)', 'refs/heads').trim();
function chartsCommitFor(branch, date) {
  if (!(branch in branchLast)) {
    try {
      const [sha, d] = git(CHARTS, 'log', '-1', '--format=%H %cI', `refs/heads/${branch}`).trim().split(' ');
      branchLast[branch] = { sha, date: d };
    } catch {
      branchLast[branch] = null;
    }
  }
  const last = branchLast[branch];
  if (!last) return { missing: true };
  const sha = git(CHARTS, 'rev-list', '-1', `--before=${date}`, `refs/heads/${branch}`).trim();
  // The branch at the tag date is known when the snapshot was taken after the tag (a branch with no later commit
  // simply did not move); it is unknown for tags newer than the snapshot itself.
  return { sha: sha || null, stale: new Date(date) > new Date(SNAPSHOT_END), last };
}

const errors = [];
const unknowns = [];
const releases = [];

for (const tag of tags) {
  const sha = git(RANCHER, 'rev-parse', `${tag}^{commit}`).trim();
  const date = git(RANCHER, 'log', '-1', '--format=%cI', sha).trim();
  const src = (path) => ({ repo: RANCHER_REPO, path, commit: sha });
  const dockerfile = show(RANCHER, sha, 'package/Dockerfile');
  const buildText = show(RANCHER, sha, 'build.yaml');
  const buildYaml = buildText ? parseYaml(buildText) : null;
  const { env, argDefaults } = envPins(dockerfile, buildYaml);
  const k3s = env.CATTLE_K3S_VERSION?.value;
  if (!k3s) errors.push(`${tag}: no CATTLE_K3S_VERSION in package/Dockerfile`);
  const branch = argDefaults.CHART_DEFAULT_BRANCH;
  if (!branch) errors.push(`${tag}: no CHART_DEFAULT_BRANCH in package/Dockerfile`);
  const system = show(RANCHER, sha, 'pkg/catalogv2/system/system.go') ?? '';
  // v2.8.0+: `v = minVersion` ⇒ index.Get(name, min) returns the pinned chart itself when present.
  const minIsQuery = /\bv = minVersion\b/.test(system);
  const ctl = controllerSource(sha);
  const defs = chartDefs(ctl.text);
  const cc = branch ? chartsCommitFor(branch, date) : { missing: true };
  const images = [];
  const row = {
    version: tag,
    commit: sha,
    date,
    k3s,
    k3sSource: src('package/Dockerfile'),
    chartBranch: branch,
    chartsCommit: cc.sha ?? null,
    chartsSnapshotStale: !!cc.stale,
    images,
  };

  // shell
  let shell = null;
  const settingGo = show(RANCHER, sha, 'pkg/settings/setting.go') ?? '';
  const sm = /NewSetting\("shell-image",\s*"([^"]+)"\)/.exec(settingGo);
  if (sm) shell = { ref: sm[1], source: src('pkg/settings/setting.go') };
  else if (buildYaml?.defaultShellVersion) shell = { ref: String(buildYaml.defaultShellVersion), source: src('build.yaml') };
  if (!shell) errors.push(`${tag}: rancher/shell: no default shell image found`);
  else {
    const [repo, t] = shell.ref.split(':');
    images.push({ repo, tag: t, workload: 'cattle-system helm-operation / kubectl shell pods', rule: 'setting shell-image default', source: shell.source });
  }

  // which charts, with which pin
  const plan = [];
  const lookPin = (exactEnv, minEnv) => {
    const ex = exactEnv && env[exactEnv]?.value ? { kind: 'exact', value: env[exactEnv].value, source: src(env[exactEnv].file), env: exactEnv } : null;
    if (ex) return ex;
    const mn = minEnv && env[minEnv]?.value ? { kind: 'min', value: env[minEnv].value, source: src(env[minEnv].file), env: minEnv } : null;
    return mn ?? { kind: 'latest', source: src('pkg/catalogv2/system/system.go') };
  };
  const fleetCtl = show(RANCHER, sha, 'pkg/controllers/dashboard/fleetcharts/controller.go') ? 'pkg/controllers/dashboard/fleetcharts/controller.go' : null;
  if (!fleetCtl) errors.push(`${tag}: fleetcharts controller not found`);
  plan.push({ fam: 'fleet', pin: lookPin('CATTLE_FLEET_VERSION', 'CATTLE_FLEET_MIN_VERSION'), by: src(fleetCtl ?? '?') });
  const sel = (name) => defs[name] && !defs[name].uninstallAlways;
  const ctlSrc = src(ctl.file);
  if (sel('rancher-webhook')) plan.push({ fam: 'webhook', pin: lookPin(defs['rancher-webhook'].exact ? 'CATTLE_RANCHER_WEBHOOK_VERSION' : null, 'CATTLE_RANCHER_WEBHOOK_MIN_VERSION'), by: ctlSrc });
  if (sel('rancher-operator')) plan.push({ fam: 'operator', pin: lookPin(null, 'CATTLE_RANCHER_OPERATOR_MIN_VERSION'), by: ctlSrc });
  if (sel('rancher-provisioning-capi')) {
    // Enabled unless embedded-cluster-api is off or (2.13) turtles is on: read the feature defaults at the tag.
    const ecapi = featureDefault(sha, 'embedded-cluster-api');
    const turtles = featureDefault(sha, 'turtles');
    const on = ecapi !== false && !(turtles === true && /features\.Turtles\.Enabled\(\)/.test(defs['rancher-provisioning-capi'].text));
    if (on) plan.push({ fam: 'capi', pin: lookPin(defs['rancher-provisioning-capi'].exact ? 'CATTLE_RANCHER_PROVISIONING_CAPI_VERSION' : null, null), by: ctlSrc });
  }
  if (sel('system-upgrade-controller') && featureDefault(sha, 'managed-system-upgrade-controller') !== false) {
    const conditional = /versionManagementEnabled/.test(defs['system-upgrade-controller'].text);
    plan.push({
      fam: 'suc',
      pin: lookPin('CATTLE_SYSTEM_UPGRADE_CONTROLLER_CHART_VERSION', null),
      by: ctlSrc,
      note: conditional
        ? 'installed when version management is on for the local cluster (a docker install\'s local cluster gets driver k3s, pkg/controllers/management/clusterprovisioner/provisioner.go; setting imported-cluster-version-management defaults to "true")'
        : 'feature managed-system-upgrade-controller defaults to true and a fresh install has no legacy system-upgrade-controller deployment',
      // With a system-default-registry the controller overrides the kubectl repository (v2.12+): that name is pulled.
      kubectlRepo: /registryOverride, "(rancher\/[a-z-]*kubectl)"/.exec(defs['system-upgrade-controller'].text)?.[1] ?? /kubectlRepository\s*:?=\s*"(rancher\/[a-z-]*kubectl)"/.exec(defs['system-upgrade-controller'].text)?.[1] ?? null,
    });
  }
  if (sel('remotedialer-proxy')) plan.push({ fam: 'rdp', pin: lookPin('CATTLE_REMOTEDIALER_PROXY_VERSION', null), by: ctlSrc, note: 'enabled unless env IMPERATIVE_API_DIRECT=true (pkg/ext RDPEnabled)' });
  if (sel('rancher-turtles') && featureDefault(sha, 'turtles') !== false) plan.push({ fam: 'turtles', pin: lookPin('CATTLE_RANCHER_TURTLES_VERSION', null), by: ctlSrc });

  for (const step of plan) resolveFamily(tag, row, step, cc, minIsQuery, k3s);
  releases.push(row);
}

function unknown(tag, row, repo, reason, step) {
  row.images.push({ repo, tag: null, unknown: reason, workload: step ? FAMILIES[step.fam].chart : undefined, pin: step?.pin?.value ?? null });
  unknowns.push(`${tag} ${repo}: ${reason}`);
}

function resolveFamily(tag, row, step, cc, minIsQuery, k3s) {
  const fam = FAMILIES[step.fam];
  const pin = step.pin;
  let chosen = null; // { version, values, subValues, source }
  const fromArchive = (entry, commit) => {
    const url = entry.urls?.[0];
    const files = url ? chartFiles(commit, url) : null;
    if (!files) return null;
    const top = [...files.keys()].find((k) => /^[^/]+\/values\.yaml$/.test(k));
    if (!top) return null;
    const root = top.split('/')[0];
    return {
      version: entry.version,
      values: parseYaml(files.get(top)) ?? {},
      sub: (p) => (files.has(`${root}/${p}`) ? parseYaml(files.get(`${root}/${p}`)) : undefined),
      files,
      root,
      source: { repo: CHARTS_REPO, path: `${url} (${root}/values.yaml)`, commit },
    };
  };
  const fromExtra = (version) => {
    const e = extra.charts?.[fam.chart]?.[version];
    return e ? { version, extra: e } : null;
  };

  if (pin.kind === 'exact') {
    // The chart at an exact version is the same wherever it is found.
    if (cc.sha) {
      const idx = indexAt(cc.sha, [fam.chart]);
      const entry = idx?.[fam.chart]?.find((e) => e.version === pin.value);
      if (entry) chosen = fromArchive(entry, cc.sha);
    }
    if (!chosen && branchLast[row.chartBranch]?.sha) {
      const head = branchLast[row.chartBranch].sha;
      const entry = indexAt(head, [fam.chart])?.[fam.chart]?.find((e) => e.version === pin.value);
      if (entry) chosen = fromArchive(entry, head);
    }
    if (!chosen && row.chartBranch) {
      // The same chart version is immutable; the dev branch of the line often carries it first.
      const dev = row.chartBranch.replace(/^release-/, 'dev-');
      const head = dev !== row.chartBranch ? (() => { try { return git(CHARTS, 'rev-parse', `refs/heads/${dev}`).trim(); } catch { return null; } })() : null;
      const entry = head ? indexAt(head, [fam.chart])?.[fam.chart]?.find((e) => e.version === pin.value) : null;
      if (entry) chosen = fromArchive(entry, head);
    }
    if (!chosen) chosen = fromExtra(pin.value);
    if (!chosen) {
      for (const img of fam.images) {
        if (img.sub) continue; // gitjob subchart exists only up to fleet 0.9; unknown is reported on the main image
        const up = /\+up(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/.exec(pin.value);
        if (up && SUFFIX_RULE.has(fam.chart)) {
          row.images.push({ repo: img.repo, tag: `v${up[1]}`, chart: `${fam.chart} ${pin.value}`, rule: `exact pin ${pin.env}=${pin.value}; tag v<+up suffix> (${fam.chart === 'fleet' || fam.chart === 'rancher-webhook' ? 'DOMAIN §4.3: holds for all 81 +up versions of fleet and rancher-webhook' : 'holds for every recorded values.yaml of this chart, extra.suffixRuleEvidence'})`, pinSource: pin.source, by: step.by, source: { repo: CHARTS_REPO, path: `chart version ${pin.value} (not in the snapshot)`, commit: null, derived: 'chart-version-suffix' }, ...(step.note ? { note: step.note } : {}) });
        } else unknown(tag, row, step.fam === 'suc' && img.repo === 'rancher/kubectl' && step.kubectlRepo ? step.kubectlRepo : img.repo, `chart ${fam.chart} ${pin.value}: no values.yaml in the ${CHARTS_REPO} snapshot nor in the search index's copy of ${CHARTS_REPO}`, step);
      }
      const up = /\+up(\d+\.\d+\.\d+)$/.exec(pin.value);
      if (fam.chart === 'fleet' && up && /^0\.9\./.test(up[1])) {
        // fleet 0.9 ships a gitjob subchart with its own image tag; rancher/fleet at tag v<up> carries that subchart.
        const ftag = `v${up[1]}`;
        const text = FLEET ? show(FLEET, ftag, 'charts/fleet/charts/gitjob/values.yaml') : null;
        const g = text ? parseYaml(text)?.gitjob : null;
        if (g?.tag) row.images.push({ repo: g.repository ?? 'rancher/gitjob', tag: String(g.tag), chart: `fleet ${pin.value} (gitjob subchart)`, rule: `exact pin ${pin.env}=${pin.value}; gitjob subchart values of rancher/fleet at ${ftag}`, pinSource: pin.source, by: step.by, source: { repo: FLEET_REPO, path: 'charts/fleet/charts/gitjob/values.yaml', commit: git(FLEET, 'rev-parse', `${ftag}^{commit}`).trim(), tag: ftag } });
        else unknown(tag, row, 'rancher/gitjob', `fleet chart ${pin.value} is not in the ${CHARTS_REPO} snapshot and ${FLEET_REPO}@${ftag} was not readable`, step);
      }
      if (fam.chart === 'rancher-turtles') turtlesCapi(tag, row, step, pin);
      return;
    }
  } else {
    if (!cc.sha) {
      for (const img of fam.images) if (!img.optional) unknown(tag, row, img.repo, `charts branch ${row.chartBranch} has no commit before ${row.date} in the snapshot`, step);
      return;
    }
    const after = cc.stale ? extra.latestAfterSnapshot?.[row.chartBranch]?.[fam.chart] : null;
    if (after) {
      // The snapshot's newest chart is still the newest: evidence recorded in the extra sources.
      const head = branchLast[row.chartBranch].sha;
      const entry = indexAt(head, [fam.chart])?.[fam.chart]?.find((e) => e.version === after.version);
      chosen = entry ? fromArchive(entry, head) : null;
      if (!chosen) {
        errors.push(`${tag} ${fam.chart}: latestAfterSnapshot ${after.version} not in ${row.chartBranch} head`);
        return;
      }
      chosen.afterSnapshot = after.evidence;
    } else if (cc.stale) {
      for (const img of fam.images) if (!img.optional) unknown(tag, row, img.repo, `${pin.kind === 'min' ? 'min pin' : 'no pin'}: the newest ${fam.chart} chart in ${row.chartBranch} at ${row.date} is needed, but the ${CHARTS_REPO} snapshot ends ${SNAPSHOT_END}`, step);
      return;
    }
    if (!chosen) {
    const idx = indexAt(cc.sha, [fam.chart]);
    let entries = idx?.[fam.chart] ?? [];
    // content.Index filters by catalog.cattle.io/rancher-version and kubeVersion unless skipFilter (v2.6.x later).
    const systemGo = show(RANCHER, row.commit, 'pkg/catalogv2/system/system.go') ?? '';
    const filtered = /content\.Index\("", "rancher-charts"\)/.test(systemGo);
    if (filtered) {
      entries = entries.filter((e) => {
        const rv = e.annotations?.['catalog.cattle.io/rancher-version'];
        if (rv && !satisfies(tag.slice(1), rv)) return false;
        if (e.kubeVersion && !satisfies(k3s.replace(/^v/, '').replace(/\+.*$/, ''), e.kubeVersion)) return false;
        return true;
      });
    }
    const parsed = entries.map((e) => ({ e, v: parseSemver(e.version) })).filter((x) => x.v);
    let pick;
    if (pin.kind === 'min' && minIsQuery && parsed.some((x) => x.e.version === pin.value)) pick = [parsed.find((x) => x.e.version === pin.value)];
    else {
      const min = pin.kind === 'min' ? parseSemver(pin.value) : null;
      const ok = parsed.filter((x) => !min || cmpSemver(x.v, min) >= 0).sort((a, b) => cmpSemver(b.v, a.v));
      pick = ok.length ? ok.filter((x) => cmpSemver(x.v, ok[0].v) === 0) : [];
    }
    if (pick.length === 0) {
      for (const img of fam.images) if (!img.optional) unknown(tag, row, img.repo, `no ${fam.chart} chart${pin.kind === 'min' ? ` ≥ ${pin.value}` : ''} in ${row.chartBranch}@${cc.sha.slice(0, 12)}`, step);
      return;
    }
    if (pick.length > 1) {
      errors.push(`${tag} ${fam.chart}: two candidate charts ${pick.map((x) => x.e.version).join(', ')}`);
      return;
    }
    chosen = fromArchive(pick[0].e, cc.sha);
    if (!chosen) {
      errors.push(`${tag} ${fam.chart}: archive ${pick[0].e.urls?.[0]} not readable at ${cc.sha}`);
      return;
    }
    if (filtered) chosen.filtered = true;
    }
  }

  const rule =
    pin.kind === 'exact'
      ? `exact pin ${pin.env}=${pin.value}`
      : pin.kind === 'min'
        ? minIsQuery
          ? `min pin ${pin.env}=${pin.value}; index.Get(name, min) returns the pinned chart when present`
          : `min pin ${pin.env}=${pin.value}; newest chart in the bundled index (index.Get(name, ">=0-a"))`
        : 'no pin; newest chart in the bundled index';
  for (const img of fam.images) {
    let repo = img.repo;
    let tagv;
    let source;
    if (chosen.extra) {
      const x = chosen.extra.images?.[img.repo];
      if (x === undefined) {
        if (img.optional) continue;
        unknown(tag, row, repo, `extra source for ${fam.chart} ${chosen.version} does not list ${img.repo}`, step);
        continue;
      }
      if (x === null) continue; // recorded as "not in this chart version"
      tagv = x;
      source = chosen.extra.source;
      if (chosen.extra.valuesRepo?.[img.repo]) repo = chosen.extra.valuesRepo[img.repo];
    } else {
      const vals = img.sub ? chosen.sub(img.sub) : chosen.values;
      if (img.sub && vals === undefined) {
        if (img.optional) continue;
      }
      let node = dig(vals, img.path);
      if (node && (node.tag === undefined || node.tag === '')) {
        // e.g. gitjob subchart: image: {{ .Values.gitjob.repository }}:{{ .Values.gitjob.tag | default (printf "v%s" .Chart.AppVersion) }}
        const dir = img.sub ? img.sub.replace(/values\.yaml$/, '') : '';
        const tpl = [...chosen.files.keys()].filter((k) => k.startsWith(`${chosen.root}/${dir}templates/`)).map((k) => chosen.files.get(k)).join('\n');
        const want = `.Values.${img.path.join('.')}.tag | default (printf "v%s" .Chart.AppVersion)`;
        const chartYaml = parseYaml(chosen.files.get(`${chosen.root}/${dir}Chart.yaml`) ?? '') ?? {};
        if (tpl.includes(want) && chartYaml.appVersion) node = { ...node, tag: `v${chartYaml.appVersion}`, fromTemplate: `${dir}templates: ${want}` };
      }
      if (node === undefined) {
        if (img.optional) continue;
        errors.push(`${tag} ${img.repo}: ${fam.chart} ${chosen.version} has no ${img.path.join('.')} in values.yaml`);
        continue;
      }
      if (node.repository && node.repository !== img.repo && !(step.fam === 'suc' && img.repo === 'rancher/kubectl')) errors.push(`${tag} ${img.repo}: ${fam.chart} ${chosen.version} values say repository ${node.repository}`);
      if (node.repository) repo = node.repository;
      tagv = node.tag;
      source = chosen.source;
      if (img.sub) source = { ...source, path: source.path.replace(/\(([^/]+)\/values\.yaml\)/, `($1/${img.sub})`) };
    }
    if (step.fam === 'suc' && img.repo === 'rancher/kubectl' && step.kubectlRepo) repo = step.kubectlRepo;
    if (tagv === undefined || tagv === null || tagv === '') {
      errors.push(`${tag} ${repo}: empty tag in ${fam.chart} ${chosen.version}`);
      continue;
    }
    const tplNote = !chosen.extra && dig(img.sub ? chosen.sub(img.sub) : chosen.values, img.path)?.tag ? null : 'tag from the template default v<subchart appVersion>';
    const ruleText = [rule, tplNote, chosen.afterSnapshot ? `tag newer than the snapshot; newest chart still ${chosen.version}: ${chosen.afterSnapshot}` : null].filter(Boolean).join('; ');
    row.images.push({ repo, tag: String(tagv), chart: `${fam.chart} ${chosen.version}`, rule: ruleText, pinSource: pin.source, by: step.by, source, ...(step.note ? { note: step.note } : {}) });
  }
  if (fam.chart === 'rancher-turtles') turtlesCapi(tag, row, step, pin);
}

/**
 * Turtles deploys the Cluster API core controller from the components embedded in its chart
 * (rancher/turtles@<tag>:charts/rancher-turtles/templates/core-provider-configmap.yaml). From v0.25.1 the
 * feature use-rancher-default-registry (default true, feature/feature.go) rewrites provider image repositories to
 * <system-default-registry>/<namespace> (internal/controllers/clusterctl/config.go, images.cluster-api.repository
 * "rancher" in config-community.yaml), i.e. <sdr>/rancher/cluster-api-controller:<tag>.
 */
function turtlesCapi(tag, row, step, pin) {
  const up = /\+up(\d+\.\d+\.\d+)$/.exec(pin.value ?? '');
  if (!up || !TURTLES) return unknown(tag, row, 'rancher/cluster-api-controller', `turtles version of chart ${pin.value} not known or --turtles not given`, step);
  const ttag = `v${up[1]}`;
  let commit;
  try {
    commit = git(TURTLES, 'rev-parse', `${ttag}^{commit}`).trim();
  } catch {
    return unknown(tag, row, 'rancher/cluster-api-controller', `${TURTLES_REPO} has no tag ${ttag}`, step);
  }
  const cm = show(TURTLES, commit, 'charts/rancher-turtles/templates/core-provider-configmap.yaml');
  if (!cm) return unknown(tag, row, 'rancher/cluster-api-controller', `${TURTLES_REPO}@${ttag} has no core-provider-configmap.yaml`, step);
  const bin = /binaryData:\s*\n\s*components:\s*(\S+)/.exec(cm);
  const body = bin ? gunzipSync(Buffer.from(bin[1], 'base64')).toString('utf8') : cm;
  const imgs = [...new Set([...body.matchAll(/^\s*image:\s*"?([^\s"]+)"?/gm)].map((m) => m[1]))].filter((i) => /cluster-api-controller:/.test(i));
  if (imgs.length !== 1) {
    errors.push(`${tag} cluster-api-controller: ${imgs.length} candidate images in ${TURTLES_REPO}@${ttag} core-provider-configmap.yaml`);
    return;
  }
  const [ref, itag] = imgs[0].split(/:(?=[^:/]+$)/);
  const feat = show(TURTLES, commit, 'feature/feature.go') ?? '';
  const cfg = show(TURTLES, commit, 'internal/controllers/clusterctl/config-community.yaml') ?? '';
  const rewrites = /UseRancherDefaultRegistry:\s*\{Default:\s*true/.test(feat) && /cluster-api:\s*\n\s*repository:\s*"rancher"/.test(cfg);
  const src = { repo: TURTLES_REPO, path: 'charts/rancher-turtles/templates/core-provider-configmap.yaml', commit, tag: ttag };
  if (rewrites) {
    row.images.push({ repo: `rancher/${ref.split('/').pop()}`, tag: itag, chart: `rancher-turtles ${pin.value} (CAPI core provider)`, rule: 'turtles feature use-rancher-default-registry (default on) rewrites the provider image to <system-default-registry>/rancher/<image> (internal/controllers/clusterctl/config.go)', pinSource: pin.source, by: step.by, source: src, workload: 'cattle-capi-system/capi-controller-manager' });
  } else {
    row.images.push({ repo: `rancher/${ref.split('/').pop()}`, tag: null, unknown: `turtles ${ttag} has no use-rancher-default-registry feature: the CAPI core controller is ${imgs[0]} from the embedded components, unless the operator applies the clusterctl image override (${/cluster-api:\s*\n\s*repository:\s*"([^"]+)"/.exec(cfg)?.[1] ?? '?'}); not pulled from the system default registry, so mirror that registry in registries.yaml`, candidates: [imgs[0]], workload: 'cattle-capi-system/capi-controller-manager', source: src });
    unknowns.push(`${tag} rancher/cluster-api-controller: turtles ${ttag} pulls ${imgs[0]} (outside the system default registry)`);
  }
}

// ---------------------------------------------------------------- K3s → containerd, mode
for (const r of releases) {
  const c = extra.k3s?.[r.k3s];
  r.containerd = c ? { version: c.containerd, source: c.source } : null;
  if (!c) unknowns.push(`${r.version} containerd: no recorded source for K3s ${r.k3s}`);
  r.mode = modeFor(r.k3s);
}
function modeFor(k3s) {
  // DOMAIN §2.1: B = the first certs.d renderer (k3s2 respins of v1.26.13/v1.27.10/v1.28.6/v1.29.1 … v1.29.2);
  // D = v1.26.16+/v1.27.13+/v1.28.9+/v1.29.4+ and all v1.30+; A = config.toml before that.
  const v = parseSemver(k3s.replace(/\+.*$/, ''));
  const respin = Number(/\+k3s(\d+)/.exec(k3s)?.[1] ?? 1);
  const firstB = { 26: 13, 27: 10, 28: 6, 29: 1 };
  const firstD = { 26: 16, 27: 13, 28: 9, 29: 4 };
  if (v.major === 1 && v.minor >= 30) return 'D';
  if (v.major === 1 && firstB[v.minor] !== undefined) {
    if (v.patch >= firstD[v.minor]) return 'D';
    if (v.patch > firstB[v.minor] || (v.patch === firstB[v.minor] && respin >= 2)) return 'B';
  }
  return 'A';
}

for (const r of releases) {
  const seen = new Map();
  for (const i of r.images) {
    if (i.tag === null) continue;
    const k = i.repo;
    if (seen.has(k) && seen.get(k) !== i.tag) {
      // Two workloads may pull the same repository at different tags (kubectl of CAPI and of SUC): keep both.
      continue;
    }
    seen.set(k, i.tag);
  }
  r.images = r.images.filter((i, n, a) => a.findIndex((j) => j.repo === i.repo && j.tag === i.tag && (i.tag !== null || j.unknown === i.unknown)) === n);
}

const out = {
  schema: 1,
  generatedBy: 'scripts/gen-releases.mjs',
  sources: {
    rancher: { repo: RANCHER_REPO, head: git(RANCHER, 'rev-parse', 'HEAD').trim() },
    charts: { repo: CHARTS_REPO, branches: Object.fromEntries(Object.entries(branchLast).filter(([, v]) => v).map(([k, v]) => [k, v])) },
    extra: EXTRA ? EXTRA.replace(/^.*\/data\//, 'data/') : null,
  },
  notes: extra.notes ?? [],
  releases,
};
// One release per line: small enough to inline into the bundle, and a regeneration diffs per release.
const json = `{\n${Object.entries(out).map(([k, v]) => (k === 'releases' ? ` "releases": [\n${v.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n ]` : ` ${JSON.stringify(k)}: ${JSON.stringify(v)}`)).join(',\n')}\n}\n`;
if (OUT) writeFileSync(OUT, json);
else process.stdout.write(json);
for (const u of unknowns) console.error(`unknown: ${u}`);
for (const e of errors) console.error(`ERROR: ${e}`);
console.error(`${releases.length} releases, ${releases.reduce((n, r) => n + r.images.length, 0)} image cells, ${unknowns.length} unknown, ${errors.length} errors`);
process.exit(errors.length ? 1 : 0);
