#!/usr/bin/env bash
# Runs a command in a fresh network namespace whose only interface is `lo` (brought up), so nothing it starts
# can reach any address but 127.0.0.1 / ::1, whatever a component tries (issue #14 part 5: the kubelet's in-tree
# ECR provider, for one, would contact the cloud metadata address). Unix sockets (containerd's, dockerd's
# /var/run/docker.sock) are files and still work; servers the command starts on loopback are inside the namespace.
# Needs root (CAP_SYS_ADMIN for unshare --net). Usage: bash scripts/netns-run.sh CMD [ARG...]
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: scripts/netns-run.sh CMD [ARG...]" >&2; exit 2; }
command -v unshare >/dev/null || { echo "netns-run: unshare not found (util-linux); run scripts/install-deps.sh" >&2; exit 2; }
command -v ip >/dev/null || { echo "netns-run: ip not found (iproute2); run scripts/install-deps.sh" >&2; exit 2; }
exec unshare --net -- sh -c 'ip link set lo up && exec "$@"' netns-run "$@"
