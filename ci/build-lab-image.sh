#!/usr/bin/env bash
# Builds the lab node image podwire/lab-node:bookworm: from src/main/resources/lab/Dockerfile when its base image
# can be pulled, otherwise the same package set with debootstrap + docker import under the same tag.
# The image carries the hash of its package list (label io.podwire.lab.packages): a present image built from another
# list is rebuilt, so adding a package here reaches every machine that already has the tag.
set -euo pipefail
IMAGE=podwire/lab-node:bookworm
# containernetworking-plugins: Debian's reference CNI plugins (/usr/lib/cni/{bridge,ptp,host-local,...}, 1.1.1 in
# bookworm), run by lab/PluginWiring as a runtime runs them
PACKAGES=iproute2,ethtool,util-linux,procps,iputils-ping,containernetworking-plugins
PACKAGES_HASH=$(printf '%s' "$PACKAGES" | sha256sum | cut -c1-16)
root=$(cd "$(dirname "$0")/.." && pwd)

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  built=$(docker image inspect --format '{{index .Config.Labels "io.podwire.lab.packages"}}' "$IMAGE" 2>/dev/null || true)
  if [ "$built" = "$PACKAGES_HASH" ]; then
    echo "lab image $IMAGE is present (packages $PACKAGES_HASH)"
    exit 0
  fi
  echo "lab image $IMAGE was built from another package list (${built:-none recorded}, now $PACKAGES_HASH): rebuilding"
fi
if timeout 60 docker pull debian:bookworm-slim >/dev/null 2>&1; then
  echo "building $IMAGE from the Dockerfile"
  docker build --build-arg PACKAGES="$PACKAGES" --build-arg PACKAGES_HASH="$PACKAGES_HASH" -t "$IMAGE" \
    "$root/src/main/resources/lab"
  exit 0
fi
echo "no registry reachable: building $IMAGE with debootstrap ($PACKAGES)"
as_root=(); [ "$(id -u)" -eq 0 ] || as_root=(sudo)
command -v debootstrap >/dev/null || { "${as_root[@]}" apt-get update -q \
  && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap; }
rootfs=$(mktemp -d)
trap '"${as_root[@]}" rm -rf "$rootfs"' EXIT
"${as_root[@]}" debootstrap --variant=minbase --include="$PACKAGES" bookworm "$rootfs" http://deb.debian.org/debian >/dev/null
"${as_root[@]}" tar -C "$rootfs" -c . | docker import -c 'CMD ["sleep", "infinity"]' \
  -c "LABEL io.podwire.lab.packages=$PACKAGES_HASH" - "$IMAGE" >/dev/null
echo "lab image $IMAGE imported (packages $PACKAGES_HASH)"
