// Preloaded with `node --import`: records every module specifier the process resolves (ESM, via a
// module.register resolve hook) or requires (CJS, via Module._load) into $AGP_MODULE_LOG, one per
// line, so a test can prove what `lint` loads.
import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';

const log = process.env.AGP_MODULE_LOG;
if (log) {
  const hook = `
    import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      appendFileSync(${JSON.stringify(log)}, 'esm ' + specifier + '\\n');
      return next(specifier, context);
    }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
  const Module = createRequire(import.meta.url)('node:module');
  const load = Module._load;
  Module._load = function (request, ...rest) {
    appendFileSync(log, `cjs ${request}\n`);
    return load.call(this, request, ...rest);
  };
}
