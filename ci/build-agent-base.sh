#!/usr/bin/env bash
# Builds the agent's base image podwire/agent-base:bookworm from Debian packages (no registry): a JRE for the agent
# and the node tools its snapshot runs (iproute2, ethtool, util-linux's nsenter, procps), so the agent depends on no
# tool of the host's userland but crictl. Jib (mvn -Pagent-image) layers the agent on it from the local daemon.
# The installed package list is kept in the image (/usr/share/podwire/packages.txt) for the SBOM-less audit trail.
set -euo pipefail
IMAGE=podwire/agent-base:bookworm
PACKAGES=openjdk-17-jre-headless,iproute2,ethtool,util-linux,procps
as_root=(); [ "$(id -u)" -eq 0 ] || as_root=(sudo)

if docker image inspect "$IMAGE" >/dev/null 2>&1 && [ "${1:-}" != "--rebuild" ]; then
  echo "agent base image $IMAGE is present"
  exit 0
fi
command -v debootstrap >/dev/null || { "${as_root[@]}" apt-get update -q \
  && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap; }
rootfs=$(mktemp -d)
trap '"${as_root[@]}" rm -rf "$rootfs"' EXIT
"${as_root[@]}" debootstrap --variant=minbase --include="$PACKAGES" bookworm "$rootfs" http://deb.debian.org/debian >/dev/null
# what the image holds, package by package, in the image itself (Jib copies nothing of it: it stays in the base layer)
"${as_root[@]}" mkdir -p "$rootfs/usr/share/podwire"
"${as_root[@]}" chroot "$rootfs" dpkg-query -W -f '${Package} ${Version} ${Architecture}\n' \
  | LC_ALL=C sort | "${as_root[@]}" tee "$rootfs/usr/share/podwire/packages.txt" >/dev/null
# apt lists and caches are not part of what runs
"${as_root[@]}" rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
"${as_root[@]}" tar -C "$rootfs" -c . | docker import -c 'CMD ["sleep", "infinity"]' - "$IMAGE" >/dev/null
echo "agent base image $IMAGE imported ($(wc -l <"$rootfs/usr/share/podwire/packages.txt") packages)"
