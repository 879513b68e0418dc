/**
 * Ctrl-C / SIGTERM while something we created must be removed (the per-node pods of `cluster --nodes`).
 * Code that owns such resources holds interrupts; src/bin.ts then turns the first signal into an abort
 * of `interruptSignal` (the holder cleans up and the run ends with what it has) instead of exiting.
 * With no holder, a signal ends the process as usual. A second signal always exits.
 */
const controller = new AbortController();
let holds = 0;

export const interruptSignal: AbortSignal = controller.signal;

export function holdInterrupts(): () => void {
  holds++;
  let released = false;
  return () => {
    if (!released) holds--;
    released = true;
  };
}

/** src/bin.ts's handlers: the first SIGINT/SIGTERM goes to a holder when there is one, else (and the second) exits 130/143. */
export function installSignalHandlers(): void {
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(sig, () => {
      if (!interrupt()) process.exit(code);
    });
  }
}

/** true when a holder will handle the signal (the first time only). */
export function interrupt(): boolean {
  if (holds === 0 || controller.signal.aborted) return false;
  controller.abort();
  return true;
}
