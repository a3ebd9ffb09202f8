#!/usr/bin/env bash
# Hands-on lab mode: a lab node (container `podwire-lab`) with pinger, app (nginx + sidecar) and web wired exactly
# as containerd + Calico would, so a person can run the lab's own commands in it. Not a Kubernetes cluster.
# Usage: ci/lab-mode.sh up | down
set -euo pipefail
cd "$(dirname "$0")/.."
NAME=podwire-lab
IMAGE=podwire/lab-node:bookworm
case "${1:-up}" in
  up)
    ci/build-lab-image.sh
    # the wiring code and its runtime dependencies (Jackson, …): target/classes alone is not a classpath
    mvn -q -B compile dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/lab-mode.classpath
    docker rm -f "$NAME" >/dev/null 2>&1 || true
    docker run -d --name "$NAME" --hostname lab-node \
      --cap-add NET_ADMIN --cap-add SYS_ADMIN --cap-add SYS_PTRACE \
      --security-opt seccomp=unconfined --security-opt apparmor=unconfined "$IMAGE" sleep infinity >/dev/null
    docker cp src/main/resources/lab/crictl "$NAME":/usr/local/bin/crictl
    docker cp src/main/resources/lab/pod-exec "$NAME":/usr/local/bin/pod-exec
    # the same wiring code the tests use (io.podwire.lab.LabWiring), printed as a script and run in the node
    java -cp "target/classes:$(cat target/lab-mode.classpath)" io.podwire.lab.LabWiring | docker exec -i "$NAME" bash -s
    cat <<HELP
Lab node '$NAME' is up with pods test/pinger, test/app (nginx, sidecar) and test/web.
Enter it:  docker exec -it $NAME bash      then, as in the lab:
  lsns -t net; lsns -p <pid>                  # step 2: the pause process owns the namespaces
  ip netns list; ls -lt /var/run/netns        # step 3
  ip netns exec <netns> ip link               # step 4: lo and eth0@ifX
  pod-exec pinger ip addr                     # step 5: 'kubectl exec pinger -- ip addr' (-c sidecar app …)
  ip link | grep -A1 ^X:                      # step 6: caliXXXX@ifY link-netns <netns>
  ip link show | grep cali                    # step 7
  ethtool -S calia900becc4a6                  # step 8: peer_ifindex
  pod-exec pinger ping -c1 10.42.0.11         # pinger -> app through the node
Remove it: ci/lab-mode.sh down
HELP
    ;;
  down)
    docker rm -f "$NAME" >/dev/null && echo "lab node '$NAME' removed"
    ;;
  *)
    echo "usage: $0 up|down" >&2
    exit 2
    ;;
esac
