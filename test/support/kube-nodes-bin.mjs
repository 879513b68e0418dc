// src/bin.ts for test/kube-node-nodes.test.ts, plus one seam: the first argument is the directory the
// per-node pods mount as the node's root (MainIO.seams.nodeHostRoot; production mounts `/`), so a
// spawned CLI that gets a real SIGINT never has the test machine's own root mounted. The rest is argv.
import { main } from '../../dist/src/cli.js';
import { installSignalHandlers } from '../../dist/src/interrupt.js';

installSignalHandlers();
const [nodeHostRoot, ...argv] = process.argv.slice(2);
main({ argv, env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, seams: { nodeHostRoot } }).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 3;
  },
);
