/**
 * Runs the built CLI (`node dist/src/bin.js`) as a real subprocess with a hard timeout and
 * measures its peak RSS (GNU time's %M, i.e. the kernel's maxrss), for the hostile-input, fault
 * and secrets tests (issue #6). The whole process group is SIGKILLed at the deadline, so a hang is
 * a failing test, not a stuck suite.
 */
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'dist', 'src', 'bin.js');

/** Builds dist/ once if a test file runs before `npm test`'s build (tsc emits even with type errors elsewhere). */
export function ensureBuilt(): void {
  if (existsSync(BIN)) return;
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', ROOT], { stdio: 'ignore', timeout: 180_000 });
  } catch {
    // Type errors still emit; the existence check below decides.
  }
  if (!existsSync(BIN)) throw new Error(`could not build ${BIN}`);
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident set size of the node process in KiB (null when GNU time is missing). */
  peakRssKb: number | null;
  timedOut: boolean;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Hard deadline; the process group is killed after it (default 30 s). */
  timeoutMs?: number;
  /** Run as this uid/gid (via setpriv) — root ignores file modes, a non-root uid does not. */
  uid?: number;
  gid?: number;
  stdin?: string;
}

const TIME = '/usr/bin/time';

export function runBin(args: string[], o: RunOptions = {}): Promise<RunResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'run-bin-'));
  // The uid a test runs as must be able to write GNU time's output file.
  chmodSync(dir, 0o777);
  const rssFile = path.join(dir, 'rss');
  const haveTime = existsSync(TIME);
  let cmd: string[] = [process.execPath, BIN, ...args];
  if (haveTime) cmd = [TIME, '-f', '%M', '-o', rssFile, ...cmd];
  if (o.uid !== undefined) cmd = ['setpriv', `--reuid=${o.uid}`, `--regid=${o.gid ?? o.uid}`, '--clear-groups', ...cmd];
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ PATH: process.env.PATH, HOME: tmpdir(), LANG: 'C.UTF-8', NO_COLOR: '1', ...o.env })) if (v !== undefined) env[k] = v;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { cwd: o.cwd ?? ROOT, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    child.stdout.on('data', (c: Buffer) => {
      // Keep at most 64 MiB so a runaway output cannot take the test runner down with it.
      if (outBytes < 64 * 1024 * 1024) out.push(c);
      outBytes += c.length;
    });
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.stdin.on('error', () => {}); // a child that exits before reading stdin is fine
    child.stdin.end(o.stdin ?? '');
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, o.timeoutMs ?? 30_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let peakRssKb: number | null = null;
      if (haveTime && existsSync(rssFile)) {
        const lines = readFileSync(rssFile, 'utf8').trim().split('\n');
        const n = Number(lines[lines.length - 1]);
        peakRssKb = Number.isFinite(n) ? n : null;
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: Date.now() - started, peakRssKb, timedOut });
    });
  });
}

/** Lines of stderr, without the trailing empty one. */
export function stderrLines(r: RunResult): string[] {
  return r.stderr.split('\n').filter((l, i, a) => !(l === '' && i === a.length - 1));
}

/** True when text looks like a JavaScript stack trace. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+\(.*:\d+:\d+\)$/m.test(text) || /^\s+at (async )?[\w.<>]+ \(?(node:|file:|\/)/m.test(text) || /\b(TypeError|RangeError|SyntaxError|ReferenceError): /.test(text);
}
