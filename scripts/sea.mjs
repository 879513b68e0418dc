#!/usr/bin/env node
// Builds dist/airgap-preflight-linux-x64: this machine's Node with the single-file bundle injected
// as a Single Executable Application (issue #7 item 2), for Rancher hosts without Node.
// https://nodejs.org/docs/latest-v20.x/api/single-executable-applications.html
// SEA runs one CommonJS script and can require only built-in modules, which is exactly what
// scripts/bundle.mjs produces.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE, ROOT, buildBundle } from './bundle.mjs';

export const SEA_BINARY = path.join(ROOT, 'dist', 'airgap-preflight-linux-x64');
// The fuse Node 20 looks for; postject flips it so the binary runs the blob instead of a REPL.
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/** Node's LICENSE as shipped beside this node binary (official tarball layout or Debian/NodeSource package). */
function nodeNotice() {
  const candidates = [path.join(path.dirname(process.execPath), '..', 'LICENSE'), '/usr/share/doc/nodejs/LICENSE', '/usr/share/doc/nodejs/copyright'];
  const file = candidates.find((f) => existsSync(f));
  const text = file ? readFileSync(file, 'utf8').trim() : `See https://github.com/nodejs/node/blob/${process.version}/LICENSE`;
  return `\n/*\nThis executable is Node.js ${process.version} with the script above embedded. Node.js licence:\n\n${text}\n*/\n`.replace(/\*\/(?!\n$)/g, '*\\/');
}

export async function buildSea({ log = () => {} } = {}) {
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`builds a Linux x64 binary from a Linux x64 Node (this is ${process.platform}/${process.arch})`);
  const t0 = performance.now();
  await buildBundle();
  const t1 = performance.now();
  log(`bundle ${path.relative(ROOT, BUNDLE)} in ${Math.round(t1 - t0)} ms`);

  const config = JSON.parse(readFileSync(path.join(ROOT, 'sea-config.json'), 'utf8'));
  // The binary also is Node.js, whose licence (MIT, plus the notices of V8, OpenSSL, ICU, libuv …)
  // must travel with it: the SEA's main script is the bundle with that text appended as a comment.
  writeFileSync(path.join(ROOT, config.main), readFileSync(BUNDLE, 'utf8') + nodeNotice());
  const blob = path.join(ROOT, config.output);
  execFileSync(process.execPath, ['--experimental-sea-config', 'sea-config.json'], { cwd: ROOT, stdio: 'pipe' });

  rmSync(SEA_BINARY, { force: true });
  copyFileSync(process.execPath, SEA_BINARY);
  chmodSync(SEA_BINARY, 0o755);
  // Distribution builds of node carry debug info and a full symbol table (.symtab; the dynamic symbols
  // native add-ons link against stay in .dynsym): dropping them saves about 12 MiB and changes nothing
  // the tool does at run time; only a native crash backtrace would lose symbol names.
  // (It must happen before injection: strip would discard the injected note.)
  try {
    execFileSync('strip', ['--strip-all', SEA_BINARY], { stdio: 'ignore' });
  } catch {
    log('strip not available: binary keeps its debug info');
  }

  // postject's CLI in a child process so its known-harmless LIEF notices ("Can't find string offset
  // for section name '.note…'", printed for every node binary) can be filtered from real errors.
  const postject = path.join(path.dirname(createRequire(import.meta.url).resolve('postject')), 'cli.js');
  const run = spawnSync(process.execPath, [postject, SEA_BINARY, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', FUSE], { encoding: 'utf8' });
  const noise = /^warning: Can't find string offset for section name '\.note[^']*'$/;
  const stderr = run.stderr.split('\n').filter((l) => l.trim() && !noise.test(l.trim()));
  if (run.status !== 0) throw new Error(`postject failed (${run.status ?? run.signal}): ${stderr.join(' ') || run.stdout.trim()}`);
  for (const line of stderr) log(`postject: ${line}`);
  rmSync(blob, { force: true });
  rmSync(path.join(ROOT, config.main), { force: true });
  const t2 = performance.now();
  log(`${path.relative(ROOT, SEA_BINARY)}: ${(statSync(SEA_BINARY).size / 1024 / 1024).toFixed(1)} MiB in ${Math.round(t2 - t0)} ms (node ${process.version})`);
  return SEA_BINARY;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildSea({ log: (line) => process.stdout.write(`${line}\n`) }).catch((err) => {
    process.stderr.write(`sea: ${err.message}\n`);
    process.exitCode = 1;
  });
}
