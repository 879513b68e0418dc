/**
 * Resolves after `ms`, or at once when `signal` aborts (never rejects). Its abort listener is removed
 * either way: a poll loop sleeping on one long-lived signal must not pile listeners up (Node warns
 * "MaxListenersExceededWarning" on stderr after 10 of them).
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
