#!/usr/bin/env bash
# Prepares a fresh Debian machine for podwire's own tests; meant to be sourced (it exports Testcontainers settings):
#   . ci/prepare-machine.sh
# - installs Debian's docker.io when no engine is installed, starts dockerd when it isn't running;
# - builds the lab image (ci/build-lab-image.sh);
# - installs Debian's chromium and chromium-driver for the report's browser check (Selenium; nothing downloaded at run time);
# - where no registry is reachable, disables Ryuk (its image can't be pulled) and pins the Docker host to localhost.
set -euo pipefail
podwire_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# root here; a hosted runner's user installs and starts through sudo
as_root=(); [ "$(id -u)" -eq 0 ] || as_root=(sudo)

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v jq >/dev/null || missing+=(jq)  # the documented CI gate reads the run record with jq
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} from Debian"
  "${as_root[@]}" apt-get update -q >/dev/null \
    && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  echo "starting dockerd"
  ("${as_root[@]}" setsid sh -c 'exec dockerd >/var/log/podwire-dockerd.log 2>&1' &)
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start: see /var/log/podwire-dockerd.log" >&2; exit 1; }
fi

"$podwire_root/ci/build-lab-image.sh"

# Ryuk 0.14.0 is the reaper image of Testcontainers 2.0.5: pulling it is both the probe and the warm-up
if timeout 20 docker pull testcontainers/ryuk:0.14.0 >/dev/null 2>&1; then
  echo "registry reachable: Testcontainers runs with its defaults"
else
  echo "no registry reachable: TESTCONTAINERS_RYUK_DISABLED=true, TESTCONTAINERS_HOST_OVERRIDE=localhost"
  export TESTCONTAINERS_RYUK_DISABLED=true
  export TESTCONTAINERS_HOST_OVERRIDE=localhost
  export PODWIRE_REGISTRY=unreachable
fi
set +euo pipefail
