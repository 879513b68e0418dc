#!/usr/bin/env bash
# Installs and starts what the tests and the demo need on a fresh Debian machine (run as root):
# Debian's docker-registry (the CNCF distribution server), skopeo, docker.io (dockerd, containerd,
# ctr), busybox-static (the stand-in Rancher image), apache2-utils (htpasswd -B), openssl.
set -euo pipefail
need=()
command -v docker-registry >/dev/null || need+=(docker-registry)
command -v skopeo >/dev/null || need+=(skopeo)
command -v dockerd >/dev/null || need+=(docker.io)
command -v ctr >/dev/null || need+=(containerd)
[ -x /bin/busybox ] || need+=(busybox-static)
command -v htpasswd >/dev/null || need+=(apache2-utils)
command -v openssl >/dev/null || need+=(openssl)
[ -x /usr/bin/time ] || need+=(time)  # GNU time: peak RSS in npm run bench
# sshd for DOCKER_HOST=ssh:// in test/packaging.test.ts (it runs its own sshd on 127.0.0.1 with its own config and keys).
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# A Docker Engine for the post-install health tests: no bridge, no iptables, loopback only.
if ! docker version >/dev/null 2>&1; then
  mkdir -p /var/log
  (dockerd --bridge=none --iptables=false --ip6tables=false >/var/log/airgap-preflight-dockerd.log 2>&1 &)
  for _ in $(seq 1 60); do
    docker version >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker version >/dev/null 2>&1 || { echo "dockerd did not start; see /var/log/airgap-preflight-dockerd.log" >&2; exit 1; }
fi
# cluster (issue #14): kube-apiserver, controller-manager, scheduler and kubelet built from Debian's kubernetes
# source package, cached in /var/cache/airgap-preflight/k8s (first run ~7-17 min, then instant), and etcd-server.
bash "$(dirname "$0")/build-kube.sh"
echo "dependencies ready"
