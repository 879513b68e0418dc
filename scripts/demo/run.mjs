#!/usr/bin/env node
// Compiles scripts/demo/demo.ts (which reuses the tests' real-registry support code) with esbuild
// into a temp file and runs it. See demo.ts.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = mkdtempSync(path.join(tmpdir(), 'airgap-preflight-demo-build-'));
try {
  await build({ entryPoints: [path.join(root, 'scripts/demo/demo.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: path.join(out, 'demo.mjs'), logLevel: 'warning', packages: 'external' });
  const r = spawnSync(process.execPath, [path.join(out, 'demo.mjs'), root], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
