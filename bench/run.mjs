#!/usr/bin/env node
// npm run bench — issue #5: check a full Rancher-sized image list against real local registries,
// side by side with the peer (skopeo, as users script it) and the floor (a minimal keep-alive
// client), and write bench/results.md.
//
// Everything runs on 127.0.0.1: two Debian docker-registry (CNCF distribution 2.8) processes, one
// with TLS + htpasswd (Basic), one with TLS + a Harbor-like token service, each populated with
// N_MAX tags over N_MAX repositories (one small blob set, many manifests). Throwaway credentials
// are generated per run and only written to 0600 files in the bench's temp dir; nothing prints them.
//
// Knobs (environment): BENCH_RUNS (default 5) timed runs per cell for ours and the floor;
// BENCH_SKOPEO_RUNS (default 3) runs of each skopeo loop at N = 600; BENCH_SIZES (default
// "600,3000"); BENCH_SKOPEO_3000 ("extrapolate" default, or "measure" to time the parallel loop at
// N = 3000 too); BENCH_OUT (default bench/results.md; "-" = do not write); BENCH_DEADLINE_MIN
// (default 30) stops the whole bench, cleaning up, if it runs longer.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile, readFile, mkdir, copyFile, cp } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem, loadavg } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRegistrySupport } from './lib/support.mjs';
import { prepareAuth, runFloor } from './lib/floor.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST_BIN = join(ROOT, 'dist/src/bin.js');
// Set by snapshotDist(): the copy of dist/ this run measures.
let BIN = DIST_BIN;
let BUNDLE = join(ROOT, 'dist/airgap-preflight.cjs');
const env = process.env;
const RUNS = Math.max(1, Number(env.BENCH_RUNS ?? 5));
const SKOPEO_RUNS = Math.max(1, Number(env.BENCH_SKOPEO_RUNS ?? 3));
const SIZES = (env.BENCH_SIZES ?? '600,3000').split(',').map(Number).filter((n) => n > 0).sort((a, b) => a - b);
const N_MAX = SIZES[SIZES.length - 1];
const SKOPEO_BIG = env.BENCH_SKOPEO_3000 === 'measure' ? 'measure' : 'extrapolate';
const OUT = env.BENCH_OUT ?? join(ROOT, 'bench/results.md');
const CONCURRENCY = 8;
const PROC_TIMEOUT_MS = 240_000;
const BENCH_DEADLINE_MS = Math.max(1, Number(env.BENCH_DEADLINE_MIN ?? 30)) * 60_000;

const log = (s) => process.stderr.write(`${s}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function need() {
  const missing = [];
  for (const [what, ok] of [
    ['docker-registry (/usr/bin/docker-registry)', existsSync('/usr/bin/docker-registry')],
    ['GNU time (/usr/bin/time)', existsSync('/usr/bin/time')],
  ]) if (!ok) missing.push(what);
  for (const cmd of ['skopeo', 'htpasswd', 'openssl', 'xargs', 'bash']) {
    try {
      execFileSync('bash', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    } catch {
      missing.push(cmd);
    }
  }
  if (missing.length) {
    log(`bench: missing ${missing.join(', ')}; run: sudo bash scripts/install-deps.sh`);
    process.exit(2);
  }
  if (!existsSync(DIST_BIN)) {
    log('bench: dist/src/bin.js is missing; building (npm run build)');
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
}

/**
 * Runs a command as a whole process under GNU time: wall time measured here (spawn to exit),
 * peak RSS (max resident set of the process and the children it waited for, KiB) from time -f %M.
 */
function timed(cmd, args, { dir, capture = false, extraEnv = {}, timeoutMs = PROC_TIMEOUT_MS } = {}) {
  const rssFile = join(dir, `rss-${process.hrtime.bigint()}`);
  return new Promise((resolvePromise, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%U %S %M', '-o', rssFile, cmd, ...args], {
      stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'],
      env: { ...process.env, ...extraEnv, NO_COLOR: '1' },
    });
    let out = '';
    let err = '';
    if (capture) child.stdout.setEncoding('utf8').on('data', (c) => { out += c; });
    child.stderr.setEncoding('utf8').on('data', (c) => { if (err.length < 8192) err += c; });
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (e) => { clearTimeout(killer); reject(e); });
    child.once('exit', async (code, signal) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      clearTimeout(killer);
      let rssKb = null;
      let cpuMs = null;
      try {
        const lines = (await readFile(rssFile, 'utf8')).trim().split('\n');
        const [user, sys, rss] = lines[lines.length - 1].split(' ').map(Number);
        rssKb = rss;
        cpuMs = (user + sys) * 1000;
        await rm(rssFile, { force: true });
      } catch { /* killed before time wrote it */ }
      resolvePromise({ ms, cpuMs, code: signal ? `signal ${signal}` : code, rssKb, out, err });
    });
  });
}

/** Requests the registry and its token service answered since the last resetLog() (settle() waits for the access log). */
async function requestsSince(reg) {
  await reg.settle();
  return reg.requestLog().length + (reg.token ? reg.token.requestLog().length : 0);
}

function imageNames(n) {
  // Rancher-like names: one tag per repository, repositories under a few namespaces.
  const ns = ['rancher/', 'rancher/mirrored-', 'rancher/hardened-'];
  return Array.from({ length: n }, (_, i) => `${ns[i % ns.length]}bench-${String(i).padStart(4, '0')}:v2.9.${i % 17}`);
}

function splitLine(line) {
  const at = line.lastIndexOf(':');
  return { repo: line.slice(0, at), tag: line.slice(at + 1) };
}

/**
 * Copy dist/ (module tree, bundle) into bench/out/ so that a rebuild of dist/ during the run (npm
 * run build, a test's prepare) cannot mix two versions; bench/out is next to node_modules, so the
 * copy resolves the same dependencies. package.json goes along so --version still names the tool.
 */
async function snapshotDist() {
  const dir = join(ROOT, 'bench/out', `dist-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await cp(join(ROOT, 'dist/src'), join(dir, 'src'), { recursive: true });
  await cp(join(ROOT, 'dist/checks'), join(dir, 'checks'), { recursive: true });
  // dist/src/rancher/releases.js imports ../../data/releases.json.
  if (existsSync(join(ROOT, 'dist/data'))) await cp(join(ROOT, 'dist/data'), join(dir, 'data'), { recursive: true });
  await copyFile(join(ROOT, 'package.json'), join(dir, 'package.json'));
  if (existsSync(BUNDLE)) {
    await copyFile(BUNDLE, join(dir, 'airgap-preflight.cjs'));
    BUNDLE = join(dir, 'airgap-preflight.cjs');
  } else BUNDLE = null;
  BIN = join(dir, 'src/bin.js');
  return dir;
}

async function machine() {
  const cpu = cpus()[0]?.model?.trim() ?? 'unknown CPU';
  const ver = (cmd, args) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n')[0];
    } catch {
      return 'unknown';
    }
  };
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch { /* not a checkout */ }
  return {
    nproc: ver('nproc', []),
    cpu,
    memGiB: (totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    skopeo: ver('skopeo', ['--version']),
    registry: ver('/usr/bin/docker-registry', ['--version']),
    kernel: ver('uname', ['-sr']),
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    tool: `${ver('node', [BIN, '--version'])}, commit ${commit}`,
  };
}

async function main() {
  need();
  const started = Date.now();
  const loadStart = loadavg();
  let loadEnd = loadStart;
  if (loadStart[0] > cpus().length) log(`bench: warning: load average ${loadStart[0].toFixed(1)} on ${cpus().length} CPUs; other work will slow every tool (ratios stay comparable, absolute times do not)`);
  const deadline = setTimeout(() => {
    log('bench: overall deadline reached; stopping');
    cleanup().finally(() => process.exit(3));
  }, BENCH_DEADLINE_MS);
  deadline.unref();

  const work = await mkdtemp(join(tmpdir(), 'agp-bench-'));
  const regs = [];
  let snapshot = null;
  let cleaned = false;
  async function cleanup() {
    if (cleaned) return;
    cleaned = true;
    await Promise.all(regs.map((r) => r.stop().catch(() => {})));
    await rm(work, { recursive: true, force: true });
    if (snapshot) await rm(snapshot, { recursive: true, force: true });
  }
  const onSignal = () => {
    log('bench: interrupted; cleaning up');
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    snapshot = await snapshotDist();
    const support = await loadRegistrySupport(ROOT, work);
    const names = imageNames(N_MAX);

    log(`bench: starting registries (TLS + htpasswd, TLS + token) with ${N_MAX} tags over ${N_MAX} repositories`);
    const t0 = Date.now();
    const basicReg = await support.startRegistry({ tls: 'valid', auth: 'htpasswd' });
    regs.push(basicReg);
    const tokenReg = await support.startRegistry({ tls: 'valid', auth: 'token', pki: basicReg.pki });
    regs.push(tokenReg);
    await support.populate(basicReg, names);
    await support.populate(tokenReg, names);
    log(`bench: registries ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const ca = readFileSync(basicReg.caFile);
    const certDir = join(work, 'certs');
    await mkdir(certDir);
    await copyFile(basicReg.caFile, join(certDir, 'ca.crt'));

    const lists = {};
    for (const n of SIZES) {
      const file = join(work, `rancher-images-${n}.txt`);
      await writeFile(file, names.slice(0, n).join('\n') + '\n');
      lists[n] = file;
    }

    const setups = [];
    for (const [label, reg] of [['Basic (htpasswd)', basicReg], ['token (Harbor-like)', tokenReg]]) {
      const [user, pass] = Object.entries(reg.users)[0];
      const dir = join(work, reg.token ? 'token' : 'basic');
      await mkdir(dir);
      const yamlFile = join(dir, 'registries.yaml');
      const q = JSON.stringify;
      await writeFile(yamlFile, [
        'mirrors:',
        `  ${q(reg.host)}:`,
        '    endpoint:',
        `      - ${q(reg.url)}`,
        'configs:',
        `  ${q(reg.host)}:`,
        '    auth:',
        `      username: ${q(user)}`,
        `      password: ${q(pass)}`,
        '    tls:',
        `      ca_file: ${q(reg.caFile)}`,
        '',
      ].join('\n'), { mode: 0o600 });
      const authFile = join(dir, 'auth.json');
      await writeFile(authFile, JSON.stringify({ auths: { [reg.host]: { auth: Buffer.from(`${user}:${pass}`).toString('base64') } } }), { mode: 0o600 });
      const refs = {};
      for (const n of SIZES) {
        refs[n] = join(dir, `refs-${n}.txt`);
        await writeFile(refs[n], names.slice(0, n).map((l) => `${reg.host}/${l}`).join('\n') + '\n');
      }
      setups.push({ label, reg, dir, yamlFile, authFile, refs, kind: reg.token ? 'token' : 'basic' });
    }

    const oursArgs = (s, n, extra = []) => ['registry', s.yamlFile, '--system-default-registry', s.reg.host, '--images', lists[n], '--concurrency', String(CONCURRENCY), '--no-color', ...extra];
    const skopeoEnv = (s, refs) => ({ AGP_AUTHFILE: s.authFile, AGP_CERTDIR: certDir, AGP_REFS: refs });
    const SEQ = 'set -e; while IFS= read -r ref; do skopeo inspect --raw --authfile "$AGP_AUTHFILE" --cert-dir "$AGP_CERTDIR" "docker://$ref" >/dev/null; done < "$AGP_REFS"';
    const PAR = `xargs -P ${CONCURRENCY} -I{} skopeo inspect --raw --authfile "$AGP_AUTHFILE" --cert-dir "$AGP_CERTDIR" "docker://{}" < "$AGP_REFS" >/dev/null`;

    // Correctness first: every tool must find every image, or its timing means nothing.
    for (const s of setups) {
      const r = await timed('node', [BIN, ...oursArgs(s, N_MAX, ['-f', 'json'])], { dir: work, capture: true });
      let report;
      try {
        report = JSON.parse(r.out);
      } catch {
        throw new Error(`ours (${s.label}) printed no JSON (exit ${r.code}): ${r.err.slice(0, 500)}`);
      }
      const images = report.findings.filter((f) => f.check === 'image-available');
      const passed = images.filter((f) => f.status === 'pass').length;
      if (r.code !== 0 || images.length !== N_MAX || passed !== N_MAX) {
        const bad = report.findings.filter((f) => f.status !== 'pass').slice(0, 3).map((f) => `${f.check} ${f.status}: ${f.message}`);
        throw new Error(`ours (${s.label}): exit ${r.code}, ${passed}/${N_MAX} images passed; first problems: ${bad.join(' | ')}`);
      }
      const one = join(s.dir, 'one.txt');
      await writeFile(one, `${s.reg.host}/${names[0]}\n`);
      const sk = await timed('bash', ['-c', SEQ], { dir: work, extraEnv: skopeoEnv(s, one) });
      if (sk.code !== 0) throw new Error(`skopeo (${s.label}) failed (exit ${sk.code}): ${sk.err.slice(0, 500)}`);
      const authFor = await prepareAuth(s.reg, names.slice(0, SIZES[0]).map((l) => splitLine(l).repo), { ca });
      const fl = await runFloor(s.reg, names.slice(0, SIZES[0]).map(splitLine), authFor, { ca, concurrency: CONCURRENCY });
      if (fl.ok !== SIZES[0]) throw new Error(`floor (${s.label}): ${fl.ok}/${SIZES[0]} answered 200 (${JSON.stringify(fl.statuses)})`);
      log(`bench: ${s.label}: ours found ${passed}/${N_MAX}, skopeo and the floor agree`);
    }

    const rows = [];
    for (const s of setups) {
      for (const n of SIZES) {
        const targets = names.slice(0, n).map(splitLine);
        const authFor = await prepareAuth(s.reg, targets.map((t) => t.repo), { ca });
        const ours = [];
        const floor = [];
        for (let i = 0; i < RUNS; i++) {
          // Alternate ours and the floor so drift on the machine hits both alike.
          s.reg.resetLog();
          // The JSON report goes to a file (instead of the text report to stdout) for the probe's own
          // walk time, image-set data.stats.durationMs (test/registry-speed.test.ts counts requests only).
          const report = join(work, 'ours.json');
          const o = await timed('node', [BIN, ...oursArgs(s, n, ['-f', 'json', '-o', report])], { dir: work });
          if (o.code !== 0) throw new Error(`ours (${s.label}, N=${n}) exited ${o.code}: ${o.err.slice(0, 500)}`);
          const probeMs = JSON.parse(await readFile(report, 'utf8')).findings.find((f) => f.check === 'image-set')?.data?.stats?.durationMs ?? null;
          ours.push({ ms: o.ms, cpuMs: o.cpuMs, rssKb: o.rssKb, requests: await requestsSince(s.reg), probeMs });
          s.reg.resetLog();
          const f = await runFloor(s.reg, targets, authFor, { ca, concurrency: CONCURRENCY });
          if (f.ok !== n) throw new Error(`floor (${s.label}, N=${n}): ${f.ok}/${n} answered 200`);
          floor.push({ ms: f.ms, requests: await requestsSince(s.reg) });
        }
        log(`bench: ${s.label} N=${n}: ours ${median(ours.map((x) => x.ms)).toFixed(0)} ms (probe walk ${median(ours.map((x) => x.probeMs ?? NaN)).toFixed(0)} ms), floor ${median(floor.map((x) => x.ms)).toFixed(0)} ms`);
        rows.push({ setup: s, n, ours, floor });
      }
    }

    // skopeo: sequential and xargs -P 8 at the smallest size; the largest is extrapolated (linear in N: one process per image).
    const peers = [];
    for (const s of setups) {
      const n = SIZES[0];
      for (const [mode, script] of [['seq', SEQ], ['par', PAR]]) {
        const runs = [];
        for (let i = 0; i < SKOPEO_RUNS; i++) {
          s.reg.resetLog();
          const r = await timed('bash', ['-c', script], { dir: work, extraEnv: skopeoEnv(s, s.refs[n]) });
          if (r.code !== 0) throw new Error(`skopeo ${mode} (${s.label}, N=${n}) exited ${r.code}: ${r.err.slice(0, 500)}`);
          runs.push({ ms: r.ms, rssKb: r.rssKb, requests: await requestsSince(s.reg) });
        }
        log(`bench: ${s.label} N=${n}: skopeo ${mode} ${median(runs.map((x) => x.ms)).toFixed(0)} ms`);
        peers.push({ setup: s, n, mode, runs, measured: true });
        if (SIZES.length > 1) {
          const big = N_MAX;
          if (mode === 'par' && SKOPEO_BIG === 'measure') {
            s.reg.resetLog();
            const r = await timed('bash', ['-c', script], { dir: work, extraEnv: skopeoEnv(s, s.refs[big]) });
            if (r.code !== 0) throw new Error(`skopeo ${mode} (${s.label}, N=${big}) exited ${r.code}`);
            peers.push({ setup: s, n: big, mode, runs: [{ ms: r.ms, rssKb: r.rssKb, requests: await requestsSince(s.reg) }], measured: true });
          } else {
            const k = big / n;
            peers.push({ setup: s, n: big, mode, runs: runs.map((x) => ({ ...x, ms: x.ms * k, requests: x.requests * k })), measured: false });
          }
        }
      }
    }

    // lint start-up against a bare node start-up: the module tree (dist/src/bin.js) and, when
    // built, the single-file bundle that package.json ships as the `airgap-preflight` bin.
    const lintRuns = Math.max(RUNS * 2, 10);
    const lintFile = setups[0].yamlFile;
    const entries = [['node -e 0', ['-e', '0']], ['node dist/src/bin.js lint registries.yaml', [BIN, 'lint', lintFile, '--no-color']]];
    if (BUNDLE) entries.push(['node dist/airgap-preflight.cjs lint registries.yaml (the shipped bin)', [BUNDLE, 'lint', lintFile, '--no-color']]);
    const startup = entries.map(([label]) => ({ label, ms: [], cpuMs: [] }));
    for (let i = 0; i < lintRuns; i++) {
      for (const [k, [, args]] of entries.entries()) {
        const r = await timed('node', args, { dir: work });
        if (r.code !== 0 && r.code !== 1) throw new Error(`${entries[k][0]} exited ${r.code}: ${r.err.slice(0, 300)}`);
        startup[k].ms.push(r.ms);
        startup[k].cpuMs.push(r.cpuMs);
      }
    }
    loadEnd = loadavg();

    const m = await machine();
    const md = render({ rows, peers, startup, machine: m, lintRuns, load: { start: loadStart, end: loadEnd }, totalS: (Date.now() - started) / 1000 });
    process.stdout.write(md.table + '\n' + md.targets + '\n');
    if (OUT !== '-') {
      await writeFile(OUT, md.full);
      log(`bench: wrote ${OUT}`);
    }
  } finally {
    await cleanup();
    clearTimeout(deadline);
  }
}

const fmtS = (ms) => `${(ms / 1000).toFixed(2)} s`;
const spread = (runs) => (runs.length > 1 ? ` (${(Math.min(...runs.map((x) => x.ms)) / 1000).toFixed(1)}–${(Math.max(...runs.map((x) => x.ms)) / 1000).toFixed(1)})` : '');
const fmtX = (x) => `${x.toFixed(2)}x`;
const fmtMb = (kb) => (kb == null ? '—' : `${(kb / 1024).toFixed(0)} MB`);

function render({ rows, peers, startup, machine: m, lintRuns, load, totalS }) {
  const lines = [];
  lines.push('| auth | N | tool | wall: median (min–max) | vs floor | skopeo / ours | requests per image | CPU (user+sys) | peak RSS |');
  lines.push('|---|---:|---|---:|---:|---:|---:|---:|---:|');
  const checks = [];
  for (const r of rows) {
    const auth = r.setup.kind === 'token' ? 'token' : 'Basic';
    const oursMs = median(r.ours.map((x) => x.ms));
    const floorMs = median(r.floor.map((x) => x.ms));
    const oursReq = median(r.ours.map((x) => x.requests)) / r.n;
    const floorReq = median(r.floor.map((x) => x.requests)) / r.n;
    const rss = Math.max(...r.ours.map((x) => x.rssKb ?? 0));
    const cpu = median(r.ours.map((x) => x.cpuMs ?? 0));
    lines.push(`| ${auth} | ${r.n} | **airgap-preflight registry** | ${fmtS(oursMs)}${spread(r.ours)} | ${fmtX(oursMs / floorMs)} | — | ${oursReq.toFixed(3)} | ${fmtS(cpu)} | ${fmtMb(rss)} |`);
    lines.push(`| ${auth} | ${r.n} | floor (HEAD on keep-alive node:https, tokens pre-fetched) | ${fmtS(floorMs)}${spread(r.floor)} | 1.00x | — | ${floorReq.toFixed(3)} | in-process | — |`);
    for (const p of peers.filter((x) => x.setup === r.setup && x.n === r.n)) {
      const ms = median(p.runs.map((x) => x.ms));
      const req = median(p.runs.map((x) => x.requests)) / p.n;
      const name = p.mode === 'seq' ? 'skopeo inspect --raw, shell loop' : `skopeo inspect --raw, xargs -P ${CONCURRENCY}`;
      const est = p.measured ? '' : ' (extrapolated ×' + (p.n / SIZES[0]) + ' from N=' + SIZES[0] + ')';
      lines.push(`| ${auth} | ${r.n} | ${name}${est} | ${p.measured ? '' : '~'}${fmtS(ms)}${p.measured ? spread(p.runs) : ''} | ${fmtX(ms / floorMs)} | ${fmtX(ms / oursMs)} | ${req.toFixed(2)} | — | ${fmtMb(Math.max(...p.runs.map((x) => x.rssKb ?? 0)))} |`);
    }
    checks.push({ r, auth, oursMs, floorMs, oursReq, rss });
  }
  // The probe's own walk (TLS probe, ping, auth, tokens, manifests), from the report it wrote.
  lines.push('');
  lines.push('| auth | N | probe walk (image-set stats.durationMs): median (min–max) | share of the wall time |');
  lines.push('|---|---:|---:|---:|');
  for (const r of rows) {
    const ms = r.ours.map((x) => x.probeMs).filter((x) => typeof x === 'number');
    if (!ms.length) continue;
    const m = median(ms);
    lines.push(`| ${r.setup.kind === 'token' ? 'token' : 'Basic'} | ${r.n} | ${fmtS(m)}${ms.length > 1 ? ` (${(Math.min(...ms) / 1000).toFixed(1)}–${(Math.max(...ms) / 1000).toFixed(1)})` : ''} | ${((100 * m) / median(r.ours.map((x) => x.ms))).toFixed(0)}% |`);
  }
  const bareMs = median(startup[0].ms);
  lines.push('');
  lines.push(`| start-up | wall (median of ${lintRuns}) | vs node -e 0 | CPU (user+sys) |`);
  lines.push('|---|---:|---:|---:|');
  for (const e of startup) lines.push(`| ${e.label} | ${median(e.ms).toFixed(0)} ms | ${fmtX(median(e.ms) / bareMs)} | ${median(e.cpuMs).toFixed(0)} ms |`);
  const table = lines.join('\n');

  const t = [];
  const mark = (ok) => (ok ? 'met' : '**MISSED**');
  for (const c of checks) {
    const ratio = c.oursMs / c.floorMs;
    t.push(`- ${c.auth}, N=${c.r.n}: ours ${fmtX(ratio)} the floor (target <= 1.5x): ${mark(ratio <= 1.5)}`);
    const lim = c.auth === 'token' ? 1.1 : 1.05;
    t.push(`- ${c.auth}, N=${c.r.n}: ${c.oursReq.toFixed(3)} requests per image (target <= ${lim}): ${mark(c.oursReq <= lim)}`);
    if (c.r.n === Math.max(...SIZES)) t.push(`- ${c.auth}, N=${c.r.n}: peak RSS ${fmtMb(c.rss)} (target < 120 MB): ${mark(c.rss / 1024 < 120)}`);
    if (c.r.n === SIZES[0]) {
      const seq = peers.find((p) => p.setup === c.r.setup && p.n === c.r.n && p.mode === 'seq');
      if (seq) {
        const x = median(seq.runs.map((y) => y.ms)) / c.oursMs;
        t.push(`- ${c.auth}, N=${c.r.n}: ours ${x.toFixed(1)}x faster than the sequential skopeo loop (target >= 8x): ${mark(x >= 8)}`);
      }
    }
  }
  for (const e of startup.slice(1)) {
    const x = median(e.ms) / bareMs;
    t.push(`- start-up of ${e.label}: ${fmtX(x)} node -e 0 (target < 2.5x): ${mark(x < 2.5)}`);
  }
  const targets = '### Targets\n\n' + t.join('\n') + '\n';

  const full = [
    '# Benchmark results',
    '',
    'Produced by `npm run bench` (bench/run.mjs); do not edit by hand. See README.md "Benchmark" for what is measured.',
    '',
    `- Command: \`${['BENCH_RUNS', 'BENCH_SKOPEO_RUNS', 'BENCH_SIZES', 'BENCH_SKOPEO_3000', 'BENCH_DEADLINE_MIN'].filter((k) => env[k]).map((k) => `${k}=${env[k]} `).join('')}npm run bench\``,
    `- Date: ${m.date}; bench wall time ${totalS.toFixed(0)} s`,
    `- Machine: ${m.nproc} CPUs (${m.cpu}), ${m.memGiB} GiB RAM, ${m.kernel}`,
    `- Node ${m.node}; airgap-preflight ${m.tool}; ${m.skopeo}; registry: ${m.registry}`,
    `- Load average (1 min) at start ${load.start[0].toFixed(2)}, at end ${load.end[0].toFixed(2)}${load.start[0] > Number(m.nproc) || load.end[0] > Number(m.nproc) ? ' — other work was running: absolute times are inflated, the ratios (measured alternately in the same run) are what to compare' : ''}`,
    `- Registries: distribution on 127.0.0.1 with TLS (test CA), one with htpasswd (bcrypt cost 4), one with a Harbor-like token service; ${Math.max(...SIZES)} tags over ${Math.max(...SIZES)} repositories, every tag a 2-platform manifest list.`,
    `- Runs: ${RUNS} per cell for ours and the floor (alternating), ${SKOPEO_RUNS} per skopeo loop at N=${SIZES[0]}; medians. Concurrency ${CONCURRENCY} for ours (--concurrency ${CONCURRENCY}), the floor and xargs -P.`,
    '- ours = `node dist/src/bin.js registry registries.yaml --system-default-registry HOST --images LIST --concurrency 8 -f json -o FILE` as a whole process (cold start, TLS probe, ping, auth check, token fetches, one manifest GET per image, report rendering). Floor = in-process, 8 keep-alive node:https connections, one HEAD per tag, tokens fetched before the clock starts (node:https because undici closes the connection after every HEAD when the server does not send `Connection: keep-alive`, which Go never does on HTTP/1.1). Requests are counted at the registry (its access log) plus the token service. Peak RSS from GNU time %M.',
    '',
    table,
    '',
    targets,
  ].join('\n');
  return { table, targets, full };
}

main().catch(async (err) => {
  log(`bench: failed: ${err?.message ?? err}`);
  process.exitCode = 1;
});
