#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager, kube-scheduler and kubelet from Debian 12's kubernetes source
# package (1.20.2; its tarball vendors every Go module, so Debian's Go 1.19 builds it with no module downloads)
# and installs Debian's etcd-server. The binaries are cached in $KUBE_CACHE (default
# /var/cache/airgap-preflight/k8s); a second run finds them and returns at once. Run as root.
# Measured recipe: ../shared/docs/KUBE-LAB.md (first build ~7 min on 2 cores, 2.6 GB scratch disk).
set -euo pipefail
CACHE=${KUBE_CACHE:-/var/cache/airgap-preflight/k8s}
PKG_VERSION=1.20.5+really1.20.2-1.1+deb12u1
BINS=(kube-apiserver kube-controller-manager kube-scheduler kubelet)
need=()
command -v etcd >/dev/null || need+=(etcd-server)
command -v go >/dev/null || need+=(golang-go)
for t in make rsync gcc; do command -v "$t" >/dev/null || need+=("$t"); done
command -v ip >/dev/null || need+=(iproute2)
command -v unshare >/dev/null || need+=(util-linux)
if [ ${#need[@]} -gt 0 ]; then
  echo "build-kube: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
have=1
for b in "${BINS[@]}"; do [ -x "$CACHE/$b" ] || have=0; done
if [ "$have" = 1 ]; then echo "build-kube: cached in $CACHE"; exit 0; fi
start=$(date +%s)
work=$(mktemp -d /var/tmp/build-kube.XXXXXX)
trap 'rm -rf "$work"; rm -f /etc/apt/sources.list.d/airgap-preflight-src.sources' EXIT
# Source packages from the machine's own Debian mirror: the same entries as the binary ones, Types: deb-src.
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > /etc/apt/sources.list.d/airgap-preflight-src.sources
else
  sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > /etc/apt/sources.list.d/airgap-preflight-src.list
  trap 'rm -rf "$work"; rm -f /etc/apt/sources.list.d/airgap-preflight-src.list' EXIT
fi
apt-get update -qq
(cd "$work" && apt-get source --download-only -qq "kubernetes=$PKG_VERSION" >/dev/null)
tar -C "$work" -xzf "$work"/kubernetes_*.orig.tar.gz
src=$(find "$work" -maxdepth 1 -type d -name 'kubernetes-*' | head -1)
(cd "$src" && CGO_ENABLED=0 HOME="$work/.home" GOFLAGS=-mod=vendor nice -n 10 \
  make WHAT="cmd/kube-apiserver cmd/kube-controller-manager cmd/kube-scheduler cmd/kubelet" >"$work/make.log" 2>&1) \
  || { tail -40 "$work/make.log" >&2; exit 1; }
mkdir -p "$CACHE"
for b in "${BINS[@]}"; do install -m 0755 "$src/_output/bin/$b" "$CACHE/$b.tmp" && mv "$CACHE/$b.tmp" "$CACHE/$b"; done
echo "build-kube: built ${BINS[*]} in $(( $(date +%s) - start )) s into $CACHE"
