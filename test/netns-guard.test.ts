/** The guard that keeps the real-node tests inside a loopback-only network namespace (test/support/netns.ts). */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { notLoopbackOnly, parseIpLink } from './support/netns.js';

// `ip -o link` as printed by iproute2 on this machine: inside scripts/netns-run.sh, and in the host namespace.
const INSIDE = '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n';
const HOST = INSIDE + '2: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n';
const FRESH = '1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n';

describe('loopback-only network namespace guard', () => {
  it('parses interfaces and their UP flag', () => {
    expect(parseIpLink(HOST)).toEqual([{ name: 'lo', up: true }, { name: 'eth0', up: true }]);
    expect(parseIpLink(FRESH)).toEqual([{ name: 'lo', up: false }]);
  });
  it('accepts only lo, up', () => {
    expect(notLoopbackOnly(parseIpLink(INSIDE))).toBeNull();
    expect(notLoopbackOnly(parseIpLink(HOST))).toBe('network interfaces other than lo are present (eth0)');
    expect(notLoopbackOnly(parseIpLink(FRESH))).toBe('lo is down');
    expect(notLoopbackOnly([])).toBe('no lo interface');
  });
  it('scripts/netns-run.sh (as root, as the suite runs) gives a namespace with only lo, up', () => {
    const out = execFileSync('bash', ['scripts/netns-run.sh', 'ip', '-o', 'link'], { encoding: 'utf8' });
    expect(parseIpLink(out)).toEqual([{ name: 'lo', up: true }]);
  });
});
