import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * scripts/gen-releases.mjs run on two tiny git repositories made here with `git init`: a rancher/rancher look-alike
 * with tags, and a rancher/charts look-alike whose release branch gains a chart after the first tag. The whole
 * derived image list is compared, and the generator's error paths (two candidate charts) are exercised.
 */
const ROOT = path.resolve(__dirname, '..');
const GEN = path.join(ROOT, 'scripts', 'gen-releases.mjs');

function git(dir: string, date: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
  }).trim();
}
function write(dir: string, rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
}
function chartTgz(charts: string, name: string, version: string, files: Record<string, string>): string {
  const work = mkdtempSync(path.join(tmpdir(), 'chart-'));
  for (const [rel, text] of Object.entries(files)) write(work, `${name}/${rel}`, text);
  const rel = `assets/${name}/${name}-${version}.tgz`;
  mkdirSync(path.join(charts, `assets/${name}`), { recursive: true });
  execFileSync('tar', ['-czf', path.join(charts, rel), '-C', work, name]);
  return rel;
}
const index = (entries: Record<string, { version: string; url: string; annotations?: Record<string, string> }[]>) =>
  'apiVersion: v1\nentries:\n' +
  Object.entries(entries)
    .map(([n, vs]) => `  ${n}:\n` + vs.map((v) => `  - annotations:\n${Object.entries(v.annotations ?? { x: 'y' }).map(([k, a]) => `      ${k}: "${a}"`).join('\n')}\n    name: ${n}\n    urls:\n    - ${v.url}\n    version: ${v.version}\n`).join(''))
    .join('') +
  'generated: "2021-01-01T00:00:00Z"\n';

const SYSTEM_GO = 'package system\nfunc (m *Manager) install() {\n\tindex, err := m.content.Index("", "rancher-charts")\n\tchart, err := index.Get(name, "~0-a")\n}\n';
const CONTROLLER = 'package systemcharts\nfunc charts() []chartDef {\n\treturn []chartDef{\n\t\t{\n\t\t\tReleaseNamespace:  "cattle-system",\n\t\t\tChartName:         "rancher-webhook",\n\t\t\tMinVersionSetting: settings.RancherWebhookMinVersion,\n\t\t},\n\t}\n}\n';
const dockerfile = (k3s: string) => `FROM x\nARG CHART_DEFAULT_BRANCH=release-v2.5\nENV CATTLE_K3S_VERSION ${k3s}\nENV CATTLE_FLEET_MIN_VERSION=0.3.400\nENV CATTLE_RANCHER_WEBHOOK_MIN_VERSION=0.1.000\n`;

let rancher = '';
let charts = '';
let commits: Record<string, string> = {};

beforeAll(() => {
  const base = mkdtempSync(path.join(tmpdir(), 'genrel-'));
  rancher = path.join(base, 'rancher');
  charts = path.join(base, 'charts');
  for (const d of [rancher, charts]) {
    mkdirSync(d);
    execFileSync('git', ['init', '-q', '-b', 'main', d]);
  }
  // charts: release-v2.5 at 2020-12-01 holds fleet 0.3.400/0.3.500 and webhook 0.1.000; 2021-02-01 adds webhook 0.1.100+up0.1.1.
  const fleetValues = (t: string) => ({ 'Chart.yaml': `name: fleet\nversion: x\n`, 'values.yaml': `image:\n  repository: rancher/fleet\n  tag: ${t}\nagentImage:\n  repository: rancher/fleet-agent\n  tag: ${t}\n`, 'charts/gitjob/values.yaml': 'gitjob:\n  repository: rancher/gitjob\n  tag: v0.1.15\n' });
  const webhook = (t: string) => ({ 'Chart.yaml': 'name: rancher-webhook\n', 'values.yaml': `image:\n  repository: rancher/rancher-webhook\n  tag: ${t}\n` });
  git(charts, '2020-12-01T00:00:00Z', 'checkout', '-q', '-b', 'release-v2.5');
  const f4 = chartTgz(charts, 'fleet', '0.3.400', fleetValues('v0.3.4'));
  const f5 = chartTgz(charts, 'fleet', '0.3.500', fleetValues('v0.3.5'));
  const w0 = chartTgz(charts, 'rancher-webhook', '0.1.000', webhook('v0.1.0'));
  write(charts, 'index.yaml', index({ fleet: [{ version: '0.3.500', url: f5 }, { version: '0.3.400', url: f4 }], 'rancher-webhook': [{ version: '0.1.000', url: w0 }] }));
  git(charts, '2020-12-01T00:00:00Z', 'add', '-A');
  git(charts, '2020-12-01T00:00:00Z', 'commit', '-qm', 'first');
  commits.charts1 = git(charts, '2020-12-01T00:00:00Z', 'rev-parse', 'HEAD');
  const w1 = chartTgz(charts, 'rancher-webhook', '0.1.100+up0.1.1', webhook('v0.1.1'));
  write(charts, 'index.yaml', index({ fleet: [{ version: '0.3.500', url: f5 }, { version: '0.3.400', url: f4 }], 'rancher-webhook': [{ version: '0.1.100+up0.1.1', url: w1 }, { version: '0.1.000', url: w0 }] }));
  git(charts, '2021-02-01T00:00:00Z', 'add', '-A');
  git(charts, '2021-02-01T00:00:00Z', 'commit', '-qm', 'webhook 0.1.1');
  commits.charts2 = git(charts, '2021-02-01T00:00:00Z', 'rev-parse', 'HEAD');
  // Another branch moves later, so the snapshot is known to end after both tags (else the tags are "newer than the snapshot").
  git(charts, '2021-06-01T00:00:00Z', 'checkout', '-q', '--orphan', 'dev-other');
  write(charts, 'README', 'later\n');
  git(charts, '2021-06-01T00:00:00Z', 'add', 'README');
  git(charts, '2021-06-01T00:00:00Z', 'commit', '-qm', 'later');
  git(charts, '2021-06-01T00:00:00Z', 'checkout', '-q', '-f', 'release-v2.5');

  // rancher: v2.5.0 (2021-01-01) and v2.5.1 (2021-03-01, new K3s).
  write(rancher, 'pkg/catalogv2/system/system.go', SYSTEM_GO);
  write(rancher, 'pkg/controllers/management/systemcharts/controller.go', CONTROLLER);
  write(rancher, 'pkg/controllers/dashboard/fleetcharts/controller.go', 'package fleetcharts\n');
  write(rancher, 'pkg/settings/setting.go', 'ShellImage = NewSetting("shell-image", "rancher/shell:v0.1.6")\n');
  write(rancher, 'package/Dockerfile', dockerfile('v1.18.8+k3s1'));
  git(rancher, '2021-01-01T00:00:00Z', 'add', '-A');
  git(rancher, '2021-01-01T00:00:00Z', 'commit', '-qm', 'v2.5.0');
  git(rancher, '2021-01-01T00:00:00Z', 'tag', 'v2.5.0');
  commits.r0 = git(rancher, '2021-01-01T00:00:00Z', 'rev-parse', 'HEAD');
  write(rancher, 'package/Dockerfile', dockerfile('v1.19.8+k3s1'));
  git(rancher, '2021-03-01T00:00:00Z', 'commit', '-qam', 'v2.5.1');
  git(rancher, '2021-03-01T00:00:00Z', 'tag', 'v2.5.1');
  git(rancher, '2021-03-01T00:00:00Z', 'tag', 'v2.5.2-rc1');
  commits.r1 = git(rancher, '2021-03-01T00:00:00Z', 'rev-parse', 'HEAD');
});

function run(extraArgs: string[] = []) {
  const r = spawnSync(process.execPath, [GEN, '--rancher', rancher, '--charts', charts, ...extraArgs], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('scripts/gen-releases.mjs on synthetic repositories', () => {
  it('derives each release from the charts branch at the tag date (newest chart ≥ min), with sources', () => {
    const { code, out, err } = run();
    expect(err).toContain('2 releases');
    expect(code).toBe(0);
    const data = JSON.parse(out);
    expect(Object.keys(data)).toEqual(['schema', 'generatedBy', 'sources', 'notes', 'releases']);
    const summary = data.releases.map((r: { version: string; k3s: string; mode: string; chartsCommit: string; commit: string; images: { repo: string; tag: string; chart?: string; source: { repo: string; path: string; commit: string } }[] }) => ({
      version: r.version,
      k3s: r.k3s,
      mode: r.mode,
      commit: r.commit,
      chartsCommit: r.chartsCommit,
      images: r.images.map((i) => [i.repo, i.tag, i.chart ?? null, i.source.repo, i.source.path, i.source.commit]),
    }));
    const sh0 = ['rancher/shell', 'v0.1.6', null, 'rancher/rancher', 'pkg/settings/setting.go'];
    expect(summary).toEqual([
      {
        version: 'v2.5.0',
        k3s: 'v1.18.8+k3s1',
        mode: 'A',
        commit: commits.r0,
        chartsCommit: commits.charts1,
        images: [
          [...sh0, commits.r0],
          ['rancher/fleet', 'v0.3.5', 'fleet 0.3.500', 'rancher/charts', 'assets/fleet/fleet-0.3.500.tgz (fleet/values.yaml)', commits.charts1],
          ['rancher/fleet-agent', 'v0.3.5', 'fleet 0.3.500', 'rancher/charts', 'assets/fleet/fleet-0.3.500.tgz (fleet/values.yaml)', commits.charts1],
          ['rancher/gitjob', 'v0.1.15', 'fleet 0.3.500', 'rancher/charts', 'assets/fleet/fleet-0.3.500.tgz (fleet/charts/gitjob/values.yaml)', commits.charts1],
          ['rancher/rancher-webhook', 'v0.1.0', 'rancher-webhook 0.1.000', 'rancher/charts', 'assets/rancher-webhook/rancher-webhook-0.1.000.tgz (rancher-webhook/values.yaml)', commits.charts1],
        ],
      },
      {
        version: 'v2.5.1',
        k3s: 'v1.19.8+k3s1',
        mode: 'A',
        commit: commits.r1,
        chartsCommit: commits.charts2,
        images: [
          [...sh0, commits.r1],
          ['rancher/fleet', 'v0.3.5', 'fleet 0.3.500', 'rancher/charts', 'assets/fleet/fleet-0.3.500.tgz (fleet/values.yaml)', commits.charts2],
          ['rancher/fleet-agent', 'v0.3.5', 'fleet 0.3.500', 'rancher/charts', 'assets/fleet/fleet-0.3.500.tgz (fleet/values.yaml)', commits.charts2],
          ['rancher/gitjob', 'v0.1.15', 'fleet 0.3.500', 'rancher/charts', 'assets/fleet/fleet-0.3.500.tgz (fleet/charts/gitjob/values.yaml)', commits.charts2],
          // The min pin is 0.1.000, but the index at the tag date holds 0.1.100+up0.1.1: that is what installs.
          ['rancher/rancher-webhook', 'v0.1.1', 'rancher-webhook 0.1.100+up0.1.1', 'rancher/charts', 'assets/rancher-webhook/rancher-webhook-0.1.100+up0.1.1.tgz (rancher-webhook/values.yaml)', commits.charts2],
        ],
      },
    ]);
    expect(data.releases[1].images[4].rule).toMatch(/^min pin CATTLE_RANCHER_WEBHOOK_MIN_VERSION=0\.1\.000; newest chart in the bundled index/);
  });

  it('exits 1 naming release and chart when two charts are equally newest', () => {
    const f6a = chartTgz(charts, 'fleet', '0.3.600+a', { 'values.yaml': 'image:\n  repository: rancher/fleet\n  tag: v0.3.6\nagentImage:\n  repository: rancher/fleet-agent\n  tag: v0.3.6\n' });
    const f6b = chartTgz(charts, 'fleet', '0.3.600+b', { 'values.yaml': 'image:\n  repository: rancher/fleet\n  tag: v0.3.7\nagentImage:\n  repository: rancher/fleet-agent\n  tag: v0.3.7\n' });
    const text = readFileSync(path.join(charts, 'index.yaml'), 'utf8').replace('entries:\n  fleet:\n', `entries:\n  fleet:\n  - name: fleet\n    urls:\n    - ${f6a}\n    version: 0.3.600+a\n  - name: fleet\n    urls:\n    - ${f6b}\n    version: 0.3.600+b\n`);
    write(charts, 'index.yaml', text);
    git(charts, '2021-02-15T00:00:00Z', 'add', '-A');
    git(charts, '2021-02-15T00:00:00Z', 'commit', '-qm', 'two fleet charts of the same version');
    const { code, err } = run();
    expect(code).toBe(1);
    expect(err).toContain('ERROR: v2.5.1 fleet: two candidate charts 0.3.600+a, 0.3.600+b');
    git(charts, '2021-02-15T00:00:00Z', 'reset', '-q', '--hard', 'HEAD~1');
  });

  it('without the repositories it is a usage error (exit 2), not a stack trace', () => {
    const r = spawnSync(process.execPath, [GEN], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^usage: gen-releases\.mjs --rancher/);
  });
});
