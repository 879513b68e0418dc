// src/sleep.ts: the poll loops of `health --wait` and `cluster --nodes` sleep on one long-lived signal.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { sleep } from '../src/sleep.js';

describe('sleep(ms, signal)', () => {
  it('leaves no abort listener behind, however many times a loop sleeps on the same signal', async () => {
    const c = new AbortController();
    for (let i = 0; i < 20; i++) await sleep(1, c.signal);
    expect(getEventListeners(c.signal, 'abort')).toHaveLength(0);
  });

  it('ends at once when the signal aborts (an hour-long sleep would time the test out), and removes its listener', async () => {
    const c = new AbortController();
    const p = sleep(3_600_000, c.signal);
    expect(getEventListeners(c.signal, 'abort')).toHaveLength(1);
    c.abort();
    await expect(p).resolves.toBeUndefined();
    expect(getEventListeners(c.signal, 'abort')).toHaveLength(0);
  });

  it('an already aborted signal: resolves without waiting and adds no listener', async () => {
    const c = new AbortController();
    c.abort();
    await expect(sleep(3_600_000, c.signal)).resolves.toBeUndefined();
    expect(getEventListeners(c.signal, 'abort')).toHaveLength(0);
  });
});
