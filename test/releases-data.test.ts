import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RELEASES, RELEASE_NOTES, featuresFor, findRelease, nearestVersions, unknownVersionArgs } from '../src/rancher/releases.js';
import { buildImageSet } from '../src/rancher/image-set.js';

const ROOT = path.resolve(__dirname, '..');
const raw = JSON.parse(readFileSync(path.join(ROOT, 'data', 'releases.json'), 'utf8'));

const SHA = /^[0-9a-f]{40}$/;
const VERSION = /^v2\.(\d+)\.(\d+)$/;

describe('data/releases.json: schema', () => {
  it('has the generator header, notes saying where DOMAIN Appendix A is superseded, and one row per final tag v2.5.0 … v2.15.0', () => {
    expect(Object.keys(raw)).toEqual(['schema', 'generatedBy', 'sources', 'notes', 'releases']);
    expect(raw.schema).toBe(1);
    expect(raw.generatedBy).toBe('scripts/gen-releases.mjs');
    expect(RELEASE_NOTES.some((n) => n.includes('Supersedes DOMAIN.md Appendix A'))).toBe(true);
    const versions = RELEASES.map((r) => r.version);
    expect(versions[0]).toBe('v2.5.0');
    expect(versions[versions.length - 1]).toBe('v2.15.0');
    expect(versions.length).toBe(139);
    expect(new Set(versions).size).toBe(versions.length);
    for (const v of versions) expect(v).toMatch(VERSION);
    // Sorted, and every minor line starts at .0 with no gaps in the patch numbers.
    const byMinor = new Map<number, number[]>();
    for (const v of versions) {
      const [, mi, pa] = VERSION.exec(v)!;
      byMinor.set(Number(mi), [...(byMinor.get(Number(mi)) ?? []), Number(pa)]);
    }
    for (const [, patches] of byMinor) expect(patches).toEqual(patches.map((_, i) => i));
  });

  it('every row: commit, K3s, mode, charts branch; every cell: repo and either a tag with its source or an explicit unknown', () => {
    for (const r of RELEASES) {
      expect(r.commit, r.version).toMatch(SHA);
      expect(r.k3s, r.version).toMatch(/^v1\.\d+\.\d+\+k3s\d$/);
      expect(['A', 'B', 'D']).toContain(r.mode);
      expect(r.chartBranch, r.version).toMatch(/^(main|release-v2\.\d+)$/);
      if (r.containerd) expect(r.containerd.version).toMatch(/^v[12]\.\d+\.\d+/);
      expect(r.images.length, r.version).toBeGreaterThanOrEqual(4);
      const seen = new Set<string>();
      for (const i of r.images) {
        const where = `${r.version} ${i.repo}`;
        expect(i.repo, where).toMatch(/^rancher\/[a-z0-9-]+$/);
        if (i.tag === null) {
          // Never an empty cell: the reason is recorded, and the product warns.
          expect(typeof i.unknown, where).toBe('string');
          expect(i.unknown!.length, where).toBeGreaterThan(20);
        } else {
          expect(i.tag, where).toMatch(/^v\d+\.\d+\.\d+[\w.-]*$/);
          expect(i.unknown, where).toBeUndefined();
          expect(i.source?.repo, where).toMatch(/^(rancher\/(rancher|charts|fleet|turtles))$/);
          expect(i.source?.path, where).toBeTruthy();
          // A commit, or a derivation the cell names (chart version suffix of a chart the snapshot lacks).
          if (i.source!.commit === null) expect(i.source!.derived, where).toBe('chart-version-suffix');
          else expect(i.source!.commit, where).toMatch(SHA);
          expect(i.rule ?? (i.repo === 'rancher/shell' ? 'setting' : ''), where).not.toBe('');
        }
        const key = `${i.repo}:${i.tag}`;
        expect(seen.has(key), `${where} twice`).toBe(false);
        seen.add(key);
      }
      // One candidate per repository and workload: the same repository twice only for two workloads (kubectl of CAPI and SUC).
      const repos = r.images.filter((i) => i.tag !== null).map((i) => i.repo);
      for (const repo of new Set(repos)) if (repos.filter((x) => x === repo).length > 1) expect(repo, r.version).toBe('rancher/kubectl');
    }
  });
});

describe('data/releases.json agrees with DOMAIN §0 (K3s per Rancher range) and §2.1 (modes)', () => {
  // DOMAIN.md §0 "Quick orientation: version map".
  const RANGES: [string, string, string[], string][] = [
    ['v2.5.0', 'v2.5.7', ['v1.18.8+k3s1'], 'A'],
    ['v2.5.8', 'v2.5.9', ['v1.19.8+k3s1'], 'A'],
    ['v2.5.10', 'v2.5.17', ['v1.19.13+k3s1'], 'A'],
    ['v2.6.0', 'v2.6.2', ['v1.21.3+k3s1'], 'A'],
    ['v2.6.3', 'v2.6.3', ['v1.21.7+k3s1'], 'A'],
    ['v2.6.4', 'v2.6.14', ['v1.22.7+k3s1', 'v1.23.6+k3s1', 'v1.24.1+k3s1', 'v1.24.4+k3s1', 'v1.24.8+k3s1'], 'A'],
    ['v2.7.0', 'v2.7.11', ['v1.24.4+k3s1', 'v1.25.5+k3s1', 'v1.26.4+k3s1', 'v1.27.5+k3s1'], 'A'],
    ['v2.7.12', 'v2.7.18', ['v1.27.10+k3s2'], 'B'],
    ['v2.8.0', 'v2.8.2', ['v1.27.6+k3s1'], 'A'],
    ['v2.8.3', 'v2.8.15', ['v1.28.6+k3s2'], 'B'],
    ['v2.9.0', 'v2.9.12', ['v1.30.2+k3s2'], 'D'],
    ['v2.10.0', 'v2.10.12', ['v1.31.1+k3s1'], 'D'],
    ['v2.11.0', 'v2.11.14', ['v1.32.1+k3s1'], 'D'],
    ['v2.11.15', 'v2.11.16', ['v1.32.13+k3s1'], 'D'],
    ['v2.12.0', 'v2.12.10', ['v1.33.1+k3s1'], 'D'],
    ['v2.12.11', 'v2.12.12', ['v1.33.12+k3s1'], 'D'],
    ['v2.13.0', 'v2.13.6', ['v1.34.1+k3s1'], 'D'],
    ['v2.13.7', 'v2.13.8', ['v1.34.8+k3s1'], 'D'],
    ['v2.14.0', 'v2.14.4', ['v1.35.1+k3s1', 'v1.35.4+k3s1', 'v1.35.5+k3s1'], 'D'],
    ['v2.15.0', 'v2.15.0', ['v1.36.1+k3s1'], 'D'],
  ];
  const idx = (v: string) => RELEASES.findIndex((r) => r.version === v);
  it('every release falls in exactly one range, with a K3s and mode of that range', () => {
    const covered = new Set<string>();
    for (const [from, to, k3s, mode] of RANGES) {
      const rows = RELEASES.slice(idx(from), idx(to) + 1);
      expect(rows.length, `${from}…${to}`).toBeGreaterThan(0);
      for (const r of rows) {
        expect(k3s, r.version).toContain(r.k3s);
        expect(r.mode, r.version).toBe(mode);
        covered.add(r.version);
      }
    }
    expect(covered.size).toBe(RELEASES.length);
  });
});

describe('spot checks against the sources, read by hand', () => {
  const images = (v: string) => Object.fromEntries(findRelease(v)!.images.map((i) => [`${i.repo}${i.repo === 'rancher/kubectl' ? `:${i.tag}` : ''}`, i.tag]));
  // rancher/rancher@v2.5.8 (cf16ca13d023…) pkg/settings/setting.go shell-image; package/Dockerfile min pins fleet 0.3.500,
  // webhook 0.1.000, operator 0.1.400; rancher/charts release-v2.5 @0ae672a2bb1d (newest before 2021-05-05) index.yaml:
  // rancher-webhook newest 0.1.000, fleet 0.3.500 values v0.3.5, gitjob subchart v0.1.15, rancher-operator 0.1.400 v0.1.4.
  it('v2.5.8 (the walkthrough release: unchanged)', () => {
    expect(images('v2.5.8')).toEqual({ 'rancher/shell': 'v0.1.6', 'rancher/fleet': 'v0.3.5', 'rancher/fleet-agent': 'v0.3.5', 'rancher/gitjob': 'v0.1.15', 'rancher/rancher-webhook': 'v0.1.0', 'rancher/rancher-operator': 'v0.1.4' });
  });
  // rancher/charts release-v2.5 @344caa97faf8: rancher-webhook 0.1.100+up0.1.1 is in the index (values tag v0.1.1) although the min is 0.1.000.
  it('v2.5.9 webhook is the newest chart, v0.1.1', () => expect(images('v2.5.9')['rancher/rancher-webhook']).toBe('v0.1.1'));
  // rancher/charts release-v2.6 @5d21c199dc7d assets/fleet/fleet-100.0.2+up0.3.8.tgz, rancher-webhook-1.0.2+up0.2.2.tgz.
  it('v2.6.3', () => expect(images('v2.6.3')).toEqual({ 'rancher/shell': 'v0.1.14', 'rancher/fleet': 'v0.3.8', 'rancher/fleet-agent': 'v0.3.8', 'rancher/gitjob': 'v0.1.23', 'rancher/rancher-webhook': 'v0.2.2' }));
  // rancher/charts release-v2.7 @08898fbf85b7 charts/fleet/102.2.1+up0.8.1/values.yaml (v0.8.1, gitjob v0.1.76-security1);
  // rancher-provisioning-capi 100.0.0+up0.0.1 (v1.4.4, global.kubectl rancher/kubectl:v1.20.2); webhook exact 2.0.6+up0.3.6.
  it('v2.7.10: the newest fleet chart and the CAPI controller with its kubectl Job image', () => {
    expect(images('v2.7.10')).toEqual({ 'rancher/shell': 'v0.1.21', 'rancher/fleet': 'v0.8.1', 'rancher/fleet-agent': 'v0.8.1', 'rancher/gitjob': 'v0.1.76-security1', 'rancher/rancher-webhook': 'v0.3.6', 'rancher/mirrored-cluster-api-controller': 'v1.4.4', 'rancher/kubectl:v1.20.2': 'v1.20.2' });
  });
  // rancher/rancher@v2.7.7 pkg/controllers/dashboard/systemcharts/controller.go has the ProvisioningCAPIChartName definition (Enabled: true).
  it('CAPI is installed from v2.7.7, not v2.7.11', () => {
    expect(images('v2.7.6')['rancher/mirrored-cluster-api-controller']).toBeUndefined();
    expect(images('v2.7.7')['rancher/mirrored-cluster-api-controller']).toBe('v1.4.4');
  });
  // rancher/charts release-v2.8 @d675ea4a874c charts/fleet/103.1.5+up0.9.5 (gitjob subchart v0.9.8); build.yaml webhookVersion 103.0.6+up0.4.7.
  it('v2.8.5', () => expect(images('v2.8.5')).toEqual({ 'rancher/shell': 'v0.1.24', 'rancher/fleet': 'v0.9.5', 'rancher/fleet-agent': 'v0.9.5', 'rancher/gitjob': 'v0.9.8', 'rancher/rancher-webhook': 'v0.4.7', 'rancher/mirrored-cluster-api-controller': 'v1.4.4', 'rancher/kubectl:v1.20.2': 'v1.20.2' }));
  // build.yaml fleetVersion 103.1.12+up0.9.13 (not in the charts snapshot); rancher/fleet@v0.9.13 (0ae83d15c73d)
  // charts/fleet/charts/gitjob/values.yaml tag v0.9.20. Cross-check: rancher/fleet@v0.9.10 says v0.9.15, as rancher/charts 103.1.9+up0.9.10 does.
  it('v2.8.12: gitjob from rancher/fleet at the fleet tag (no empty cell)', () => expect(images('v2.8.12')['rancher/gitjob']).toBe('v0.9.20'));
  // rancher/charts release-v2.9 @fb005c951a3e: fleet 104.0.0+up0.10.0 (no gitjob subchart), rancher-provisioning-capi 104.0.0+up0.3.0 (v1.7.3, kubectl v1.29.2).
  it('v2.9.0', () => expect(images('v2.9.0')).toEqual({ 'rancher/shell': 'v0.2.1', 'rancher/fleet': 'v0.10.0', 'rancher/fleet-agent': 'v0.10.0', 'rancher/rancher-webhook': 'v0.5.0', 'rancher/mirrored-cluster-api-controller': 'v1.7.3', 'rancher/kubectl:v1.29.2': 'v1.29.2' }));
  // rancher/charts dev-v2.10 head 0420a47ca40f: rancher-provisioning-capi 105.0.0+up0.4.0 (v1.8.3), system-upgrade-controller 105.0.0 (v0.14.2, kubectl v1.31.1).
  it('v2.10.0: system-upgrade-controller and its kubectl', () => {
    const i = images('v2.10.0');
    expect(i['rancher/system-upgrade-controller']).toBe('v0.14.2');
    expect(i['rancher/kubectl:v1.31.1']).toBe('v1.31.1');
    expect(i['rancher/mirrored-cluster-api-controller']).toBe('v1.8.3');
  });
  // rancher/charts@191b255bb76b charts/remotedialer-proxy/106.0.1+up0.5.0/values.yaml v0.5.0; @b10d1a63ce3f system-upgrade-controller/107.0.1 v0.16.3.
  it('v2.12.3: remotedialer-proxy and SUC', () => {
    const i = images('v2.12.3');
    expect(i['rancher/remotedialer-proxy']).toBe('v0.5.0');
    expect(i['rancher/system-upgrade-controller']).toBe('v0.16.3');
    expect(i['rancher/mirrored-cluster-api-controller']).toBe('v1.10.2');
  });
  // rancher/charts@c664bdac096f rancher-turtles/108.0.1+up0.25.1 image v0.25.1; rancher/turtles@v0.25.1 (74c6e71cb675)
  // core-provider-configmap.yaml cluster-api-controller:v1.10.6, use-rancher-default-registry default true.
  it('v2.13.1: turtles and its CAPI core controller; provisioning-capi is gone', () => {
    const i = images('v2.13.1');
    expect(i['rancher/turtles']).toBe('v0.25.1');
    expect(i['rancher/cluster-api-controller']).toBe('v1.10.6');
    expect(i['rancher/mirrored-cluster-api-controller']).toBeUndefined();
  });
  // rancher/charts@5166b8abf545 system-upgrade-controller/110.0.0 (v0.20.1, rancher/kuberlr-kubectl v8.1.1); rancher/turtles@v0.27.0 cluster-api-controller v1.13.3.
  it('v2.15.0', () => expect(images('v2.15.0')).toEqual({ 'rancher/shell': 'v0.8.1', 'rancher/fleet': 'v0.16.0', 'rancher/fleet-agent': 'v0.16.0', 'rancher/rancher-webhook': 'v0.11.0', 'rancher/system-upgrade-controller': 'v0.20.1', 'rancher/kuberlr-kubectl': 'v8.1.1', 'rancher/remotedialer-proxy': 'v0.8.0', 'rancher/turtles': 'v0.27.0', 'rancher/cluster-api-controller': 'v1.13.3' }));
});

describe('unknown cells and unknown versions are never silent', () => {
  const base = { systemDefaultRegistry: 'harbor.example.com', imagesFile: null, imageRefs: [] };
  it('a release with an underivable cell lists it as not checked, with the reason', () => {
    const s = buildImageSet({ ...base, rancherVersion: 'v2.11.0' });
    expect(s.unknownTags).toEqual(['rancher/system-upgrade-controller', 'rancher/kubectl']);
    expect(s.unknownDetails.every((d) => d.reason.includes('system-upgrade-controller 106.0.0'))).toBe(true);
    expect(s.images.map((i) => i.requested)).not.toContain('harbor.example.com/rancher/system-upgrade-controller:null');
  });
  it('a version not in the table names its nearest neighbours', () => {
    expect(findRelease('v2.16.0')).toBeUndefined();
    expect(nearestVersions('v2.5.18')).toEqual({ below: 'v2.5.17', above: 'v2.6.0' });
    expect(nearestVersions('v2.4.9')).toEqual({ below: null, above: 'v2.5.0' });
    expect(unknownVersionArgs('v2.16.3')).toEqual({ version: 'v2.16.3', first: 'v2.5.0', last: 'v2.15.0', nearest: 'v2.15.0', below: 'v2.15.0', above: null });
    expect(buildImageSet({ ...base, rancherVersion: 'v2.16.3' })).toMatchObject({ images: [], unknownVersion: 'v2.16.3' });
  });
  it('featuresFor keeps the version gates and adds containerd where a source was recorded', () => {
    expect(featuresFor('v2.8.0')).toEqual({ rancher: 'v2.8.0', k3s: 'v1.27.6+k3s1', mode: 'A', containerd: 'v1.7.6-k3s1.27', rewrite: true, insecureSkipVerify: true, lastDefaultEndpointBug: false, release: 'Rancher v2.8.0' });
    expect(featuresFor('v2.5.5')).toMatchObject({ rewrite: false, insecureSkipVerify: false, containerd: null });
    expect(featuresFor('v2.7.12')).toMatchObject({ mode: 'B', lastDefaultEndpointBug: true });
  });
});
