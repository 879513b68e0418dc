#!/usr/bin/env node
import { main } from './cli.js';
import { installSignalHandlers } from './interrupt.js';

// A run that created resources (cluster --nodes) removes them on the first Ctrl-C/SIGTERM; otherwise exit as usual.
installSignalHandlers();

// `airgap-preflight … | head` closes the pipe early: end quietly instead of printing a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw err;
  });
}

main({ argv: process.argv.slice(2), env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 3;
  },
);
