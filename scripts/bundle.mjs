#!/usr/bin/env node
// Builds dist/airgap-preflight.cjs: the whole CLI and every dependency in one CommonJS file that
// runs with plain `node` in an empty directory (issue #7 item 1). CommonJS because Node's single
// executable applications (scripts/sea.mjs) only run CommonJS.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = path.join(ROOT, 'dist', 'airgap-preflight.cjs');

/** Version from package.json and the short commit of HEAD (null outside a git checkout). */
export function buildInfo() {
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  let commit = null;
  try {
    commit = execFileSync('git', ['rev-parse', '--short=7', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
  } catch {
    /* building from a tarball: no commit to name */
  }
  return { version, commit };
}

// ssh2 (docker-modem's transport for DOCKER_HOST=ssh://) tries two native add-ons inside
// try/catch and falls back to pure JS: `cpu-features` (only picks a cipher order) and
// `sshcrypto.node` (AES-GCM/ChaCha in C++; Node's crypto and the bundled poly1305 wasm cover it).
// A .node file cannot live inside a single JS file, so both become modules that throw on load,
// which is exactly the "not installed" path ssh2 already handles. Throwing (rather than leaving
// them external) keeps a stray file in the working directory from being loaded. `supports-color`
// is the same kind of optional, try/catch'd require (in `debug`, under dockerode), not installed
// here: left external, the SEA binary's require() would print a warning on every health run.
// The same for @kubernetes/client-node's optional requires (cluster): ws tries `bufferutil` and `utf-8-validate`,
// node-fetch tries `encoding`, each in try/catch with a pure-JS path.
const nativeAddons = {
  name: 'native-addons',
  setup(b) {
    b.onResolve({ filter: /^cpu-features$|^supports-color$|^bufferutil$|^utf-8-validate$|^encoding$|\.node$/ }, (args) => ({ path: args.path, namespace: 'native-addon' }));
    b.onLoad({ filter: /.*/, namespace: 'native-addon' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`optional module ${args.path} is not part of the single-file build`)});`,
      loader: 'js',
    }));
  },
};

// dockerode's image-build paths (session.js: BuildKit auth sessions over gRPC; buildkit.js: build
// progress) read .proto files from beside their sources at call time, so they cannot work from a
// single file, and we never build images. Their gRPC/protobuf libraries (about a quarter of the
// bundle) become a stand-in that loads fine (session.js requires them at load) and throws a clear
// error only if something actually uses them.
const BUILD_ONLY = /^(@grpc\/grpc-js|@grpc\/proto-loader|protobufjs)(\/.*)?$/;
const dockerBuildOnly = {
  name: 'docker-build-only',
  setup(b) {
    b.onResolve({ filter: BUILD_ONLY }, (args) => ({ path: args.path, namespace: 'build-only' }));
    b.onLoad({ filter: /.*/, namespace: 'build-only' }, (args) => ({
      contents: `module.exports = new Proxy({}, { get(_, key) { if (key === '__esModule' || typeof key === 'symbol') return undefined; throw new Error(${JSON.stringify(
        `${args.path} (used by dockerode only to build images) is not part of the single-file build`,
      )}); } });`,
      loader: 'js',
    }));
  },
};

// Start-up: Node compiles the whole file before running a line of it, and undici and dockerode
// (with ssh2) are two thirds of it, yet `lint` never uses them. So each is pre-bundled on its own
// and embedded as a string, which V8 skims instead of parsing; the first `require` (only on the
// registry and health paths) compiles it. Each package exists once, so there is one instance of
// it as in node_modules. This cuts the compile time of the file by about half (numbers in README.md).
const LAZY_PACKAGES = /^(undici|dockerode)$/;
/** `innerInputs` collects the source files of the embedded packages (for the licence notices). */
const lazyPackages = (innerInputs) => ({
  name: 'lazy-packages',
  setup(b) {
    b.onResolve({ filter: LAZY_PACKAGES }, (args) => ({ path: args.path, namespace: 'lazy-package' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-package' }, async (args) => {
      const entry = createRequire(path.join(ROOT, 'package.json')).resolve(args.path);
      const inner = await build({ ...sharedOptions(), entryPoints: [entry], write: false, metafile: true });
      for (const input of Object.keys(inner.metafile.inputs)) innerInputs.add(input);
      const code = inner.outputFiles[0].text;
      return {
        contents: `const m = { exports: {} };
require('node:vm').compileFunction(${JSON.stringify(code)}, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: __filename + '/${args.path}' })(m.exports, require, m, __filename, __dirname);
module.exports = m.exports;`,
        loader: 'js',
        resolveDir: ROOT,
      };
    });
  },
});

function sharedOptions() {
  return {
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Whitespace and syntax only: smaller and quicker to parse, while stack traces keep names.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'eof',
    plugins: [nativeAddons, dockerBuildOnly],
    logLevel: 'warning',
  };
}

/** esbuild options shared by the CLI bundle and the tests' probe bundles (same handling of dependencies). */
export function bundleOptions({ outfile = BUNDLE, info = buildInfo(), source = null, innerInputs = new Set() } = {}) {
  return {
    absWorkingDir: ROOT,
    // `source`: an entry given as text (tests bundle small probes this way), resolved from the repository root.
    ...(source === null ? { entryPoints: [path.join(ROOT, 'src', 'bin.ts')] } : { stdin: { contents: source, resolveDir: ROOT, sourcefile: 'probe-entry.ts', loader: 'ts' } }),
    ...sharedOptions(),
    outfile,
    define: { __AIRGAP_PREFLIGHT_BUILD__: JSON.stringify(info) },
    plugins: [lazyPackages(innerInputs), nativeAddons, dockerBuildOnly],
    metafile: true,
  };
}

/** The npm package directory a bundled source file belongs to, or null for our own sources. */
function packageDir(input) {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.replace(/\\/g, '/'));
  return m ? path.join(ROOT, m[1]) : null;
}

/**
 * The licence of every npm package inlined in the bundle, as a comment at its end: MIT, ISC, BSD
 * and Apache-2.0 all ask that the notice travel with the code, and the bundle is what travels.
 */
export function thirdPartyNotices(inputs) {
  const dirs = [...new Set(inputs.map(packageDir).filter(Boolean))];
  const entries = dirs.map((dir) => {
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt|markdown))?$/i.test(f));
    const text = file ? readFileSync(path.join(dir, file), 'utf8').trim() : `(no licence file in the package; package.json says: ${pkg.license ?? JSON.stringify(pkg.licenses ?? null)})`;
    // Old packages (ssh2) still use the `licenses: [{ type }]` form.
    const license = pkg.license ?? (Array.isArray(pkg.licenses) ? pkg.licenses.map((l) => l.type).join(' OR ') : 'unknown');
    return { id: `${pkg.name}@${pkg.version}`, license, text };
  });
  entries.sort((a, b) => a.id.localeCompare(b.id));
  const body = entries.map((e) => `${'-'.repeat(72)}\n${e.id} (${e.license})\n\n${e.text}`).join('\n\n');
  return `\n/*\nThird-party software in this file, with its licences:\n${entries.map((e) => `  ${e.id} (${e.license})`).join('\n')}\n\n${body}\n*/\n`.replace(/\*\/(?!\n$)/g, '*\\/');
}

/** Builds the CLI bundle with the licence notices appended. */
export async function buildBundle({ outfile = BUNDLE } = {}) {
  const innerInputs = new Set();
  const result = await build(bundleOptions({ outfile, innerInputs }));
  const inputs = [...Object.keys(result.metafile.inputs), ...innerInputs];
  appendFileSync(outfile, thirdPartyNotices(inputs));
  return { modules: inputs.length, packages: new Set(inputs.map(packageDir).filter(Boolean)).size };
}

async function main() {
  const started = performance.now();
  const { modules, packages } = await buildBundle();
  const ms = Math.round(performance.now() - started);
  const size = statSync(BUNDLE).size;
  process.stdout.write(`${path.relative(ROOT, BUNDLE)}: ${(size / 1024 / 1024).toFixed(2)} MiB from ${modules} modules of ${packages} npm packages in ${ms} ms\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    process.stderr.write(`bundle: ${err.message}\n`);
    process.exitCode = 1;
  });
}
