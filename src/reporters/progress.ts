import type { Translator } from '../i18n/index.js';
import { localizeProgress } from '../i18n/index.js';

export interface Progress {
  update(text: string): void;
  stop(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * One redrawn line on stderr while probes run: the probe's last step (translated), e.g.
 * "checked 120/600 images, 3 failing", and the elapsed time. Works on any terminal: a width of 0
 * (script(1), `docker exec -t` before a resize) means "unknown", and the line is cut at 80 columns
 * (ora divides by the width and spins at 100% CPU there, commit 612089b). Only `\r` and erase-line
 * are written, and the line is erased on stop, so stdout's report is never interleaved.
 */
export function startProgress(stream: { write(s: string): unknown; columns?: number }, t: Translator, now: () => number = Date.now): Progress {
  const start = now();
  let text = t.ui('progress.starting');
  let frame = 0;
  let stopped = false;
  let drawn = 0;
  const draw = () => {
    if (stopped) return;
    drawn = now();
    const secs = Math.floor((now() - start) / 1000);
    const line = `${FRAMES[frame++ % FRAMES.length]} ${text} · ${t.ui('progress.elapsed', { s: secs })}`;
    const width = stream.columns && stream.columns > 1 ? stream.columns - 1 : 79;
    stream.write(`\r\u001b[2K${[...line].slice(0, width).join('')}`);
  };
  draw();
  const timer = setInterval(draw, 100);
  timer.unref();
  return {
    update(next: string) {
      text = localizeProgress(next, t);
      if (now() - drawn >= 100) draw();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      stream.write('\r\u001b[2K');
    },
  };
}
