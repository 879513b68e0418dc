#!/usr/bin/env bash
# `npm test`: the suite in two vitest runs, each with its own JSON result, both always run.
#   1. vitest.config.ts: every test but the real-node ones, in this network namespace -> .tmp/vitest.json
#   2. vitest.node.config.ts: test/kube-node*.test.ts inside a loopback-only network namespace
#      (scripts/netns-run.sh, issue #14 part 5), one file at a time -> .tmp/vitest-node.json
# No lock is taken here (a caller's `flock /tmp/kube-node.lock npm test` would wait on itself): on a machine
# shared with other node runs, wrap the whole command in that lock.
# Exits non-zero when either fails. .ci/run sums both files into its closing line.
set -uo pipefail
cd "$(dirname "$0")/.."
npm run build || exit 1
mkdir -p .tmp
rm -f .tmp/vitest.json .tmp/vitest-node.json
node_modules/.bin/vitest run; main=$?
bash scripts/netns-run.sh node_modules/.bin/vitest run --config vitest.node.config.ts; node=$?
[ "$main" -eq 0 ] && [ "$node" -eq 0 ]
