#!/usr/bin/env bash
# Builds the lab node image podwire/lab-node:bookworm: from src/main/resources/lab/Dockerfile when its base image
# can be pulled, otherwise the same package set with debootstrap + docker import under the same tag.
set -euo pipefail
IMAGE=podwire/lab-node:bookworm
PACKAGES=iproute2,ethtool,util-linux,procps,iputils-ping
root=$(cd "$(dirname "$0")/.." && pwd)

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "lab image $IMAGE is present"
  exit 0
fi
if timeout 60 docker pull debian:bookworm-slim >/dev/null 2>&1; then
  echo "building $IMAGE from the Dockerfile"
  docker build -t "$IMAGE" "$root/src/main/resources/lab"
  exit 0
fi
echo "no registry reachable: building $IMAGE with debootstrap ($PACKAGES)"
as_root=(); [ "$(id -u)" -eq 0 ] || as_root=(sudo)
command -v debootstrap >/dev/null || { "${as_root[@]}" apt-get update -q \
  && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap; }
rootfs=$(mktemp -d)
trap '"${as_root[@]}" rm -rf "$rootfs"' EXIT
"${as_root[@]}" debootstrap --variant=minbase --include="$PACKAGES" bookworm "$rootfs" http://deb.debian.org/debian >/dev/null
"${as_root[@]}" tar -C "$rootfs" -c . | docker import -c 'CMD ["sleep", "infinity"]' - "$IMAGE" >/dev/null
echo "lab image $IMAGE imported"
