import { describe, expect, it } from 'vitest';
import { lookupRke2, RKE2_RELEASES } from '../src/rancher/rke2.js';
import { distributionOfPath, pathsOf, resolveDistribution } from '../src/distribution.js';
import { parseRun } from '../src/options.js';

describe('RKE2 version → K3s registry rendering mode (data/rke2-releases.json)', () => {
  it('follows the validated boundaries of each minor', () => {
    const modes = ['v1.26.12+rke2r1', 'v1.26.13+rke2r1', 'v1.26.15+rke2r1', 'v1.27.9+rke2r1', 'v1.27.10+rke2r1', 'v1.27.11+rke2r1', 'v1.27.12+rke2r1', 'v1.27.13+rke2r1', 'v1.28.5+rke2r1', 'v1.28.6+rke2r1', 'v1.28.8+rke2r1', 'v1.28.9+rke2r1', 'v1.29.0+rke2r1', 'v1.29.1+rke2r1', 'v1.29.3+rke2r1', 'v1.29.4+rke2r1', 'v1.30.0+rke2r1']
      .map((v) => [v, RKE2_RELEASES.find((r) => r.version === v)?.mode]);
    expect(modes).toEqual([
      ['v1.26.12+rke2r1', 'A'], ['v1.26.13+rke2r1', 'B'], ['v1.26.15+rke2r1', 'C'],
      ['v1.27.9+rke2r1', 'A'], ['v1.27.10+rke2r1', 'B'], ['v1.27.11+rke2r1', 'B'], ['v1.27.12+rke2r1', 'C'], ['v1.27.13+rke2r1', 'D'],
      ['v1.28.5+rke2r1', 'A'], ['v1.28.6+rke2r1', 'B'], ['v1.28.8+rke2r1', 'C'], ['v1.28.9+rke2r1', 'D'],
      ['v1.29.0+rke2r1', 'A'], ['v1.29.1+rke2r1', 'B'], ['v1.29.3+rke2r1', 'C'], ['v1.29.4+rke2r1', 'D'], ['v1.30.0+rke2r1', 'D'],
    ]);
  });
  it('names the pinned K3s commit, and is known / unmodelled / unknown', () => {
    const k = lookupRke2('1.28.9+rke2r1');
    expect(k.kind === 'known' && [k.features.release, k.features.k3s, k.features.mode, k.features.containerd]).toEqual(['RKE2 v1.28.9+rke2r1', 'release-1.28@289a1a3edbc0', 'D', 'v1.7.11']);
    expect(lookupRke2('v1.27.12+rke2r1').kind).toBe('unmodelled');
    expect(lookupRke2('v1.27.99+rke2r1')).toEqual({ kind: 'unknown', version: 'v1.27.99+rke2r1' });
  });
});

describe('distribution', () => {
  it('is inferred from the path, a flag wins, else --rke2-version, else k3s', () => {
    expect([distributionOfPath('/tmp/x/etc/rancher/rke2/registries.yaml'), distributionOfPath('/etc/rancher/k3s/registries.yaml'), distributionOfPath('./registries.yaml')]).toEqual(['rke2', 'k3s', null]);
    expect(resolveDistribution({ distribution: 'k3s', file: '/etc/rancher/rke2/registries.yaml', fileGiven: true })).toEqual({ distribution: 'k3s', source: 'flag' });
    expect(resolveDistribution({ distribution: null, file: '/etc/rancher/rke2/registries.yaml', fileGiven: true })).toEqual({ distribution: 'rke2', source: 'path' });
    expect(resolveDistribution({ distribution: null, file: 'r.yaml', fileGiven: true, rke2Version: 'v1.28.9+rke2r1' })).toEqual({ distribution: 'rke2', source: 'version' });
    expect(resolveDistribution({ distribution: null, file: 'r.yaml', fileGiven: true })).toEqual({ distribution: 'k3s', source: 'default' });
    expect(pathsOf('rke2')).toEqual({ registries: '/etc/rancher/rke2/registries.yaml', certsD: '/var/lib/rancher/rke2/agent/etc/containerd/certs.d', containerdConfig: '/var/lib/rancher/rke2/agent/etc/containerd/config.toml', containerdLog: '/var/lib/rancher/rke2/agent/containerd/containerd.log', serverUnit: 'rke2-server', agentUnit: 'rke2-agent', program: 'rke2' });
  });
  it('--distribution rke2 without FILE reads RKE2\'s registries.yaml', () => {
    const r = parseRun('lint', undefined, { distribution: 'rke2' }, {});
    expect([r.judge.file, r.probe.file, r.judge.distribution]).toEqual(['/etc/rancher/rke2/registries.yaml', '/etc/rancher/rke2/registries.yaml', 'rke2']);
    const k = parseRun('registry', undefined, { rke2Version: 'v1.28.9+rke2r1' }, {});
    expect([k.judge.file, k.probe.rke2Version]).toEqual(['/etc/rancher/rke2/registries.yaml', 'v1.28.9+rke2r1']);
  });
});
