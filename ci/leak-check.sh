#!/usr/bin/env bash
# Inventories what a test run can leave behind on this machine, and tells which of it is new:
#   ci/leak-check.sh snapshot FILE [CLONE]   write an inventory of now (CLONE: the checkout the tests run in,
#                                             default the repository this script is in)
#   ci/leak-check.sh diff BEFORE AFTER       print one "category: item" line per leftover (in AFTER, not in BEFORE);
#                                             exit 1 if there is any
# Categories: container (all, stopped too), network, volume (Docker), netns (host network namespaces), process,
# file (in CLONE), tmpfile (in /tmp). An inventory is one "category<TAB>item" line per thing, plus "clone<TAB>CLONE".
# ci/soak.sh takes one before and one after every run; PODWIRE_LEAK_CHECK_OWNER (a pid, default this script's)
# names the process tree whose processes are the caller's own, never leftovers (the soak and its stress-ng).
set -euo pipefail
# one collation for sort and comm, whatever the caller's locale
export LC_ALL=C

usage() {
  echo "usage: $0 snapshot FILE [CLONE] | $0 diff BEFORE AFTER" >&2
  exit 2
}

docker_inventory() {
  if ! docker info >/dev/null 2>&1; then
    echo "leak-check: Docker is not reachable: containers, networks and volumes are not inventoried" >&2
    return 0
  fi
  # docker inspect ranges over labels in key order (docker ps --format {{.Labels}} doesn't); no state: a container
  # that stops is the same container. A container removed between ps and inspect is just not listed.
  # shellcheck disable=SC2016 # a Go template, not shell
  { docker ps -aq --no-trunc | xargs -r docker inspect --format \
      '{{.Id}} name={{.Name}} image={{.Config.Image}} labels={{range $k, $v := .Config.Labels}}{{$k}}={{$v}},{{end}}' \
      2>/dev/null || true; } | sed 's/^/container\t/'
  docker network ls --no-trunc --format '{{.ID}} name={{.Name}} driver={{.Driver}}' | sed 's/^/network\t/'
  docker volume ls --format '{{.Name}} driver={{.Driver}}' | sed 's/^/volume\t/'
}

netns_inventory() {
  # `ip netns list` appends "(id: N)" once the kernel assigns one: the name alone identifies the namespace
  {
    ip netns list 2>/dev/null | awk '{print $1}'
    if [[ -d /var/run/netns ]]; then ls -1 /var/run/netns; fi
  } | sort -u | sed 's/^/netns\t/'
}

# Processes are recorded as "[comm] args" (pids mean nothing from one run to the next), read from /proc with bash
# builtins only, so that taking the inventory starts no process that would show up in it. Left out:
# kernel threads and zombies (empty cmdline), the owner's process tree, and the short-lived text tools any shell
# on the machine may be running at that instant. Which new processes count as leftovers is decided by `diff`.
process_inventory() {
  local owner=${PODWIRE_LEAK_CHECK_OWNER:-$$} dir pid stat comm args
  local -A line_of=() children_of=() own=()
  local -a fields argv queue
  for dir in /proc/[0-9]*; do
    pid=${dir#/proc/}
    read -r stat 2>/dev/null <"$dir/stat" || continue
    mapfile -d '' -t argv 2>/dev/null <"$dir/cmdline" || continue
    [[ ${#argv[@]} -gt 0 ]] || continue
    read -ra fields <<<"${stat##*) }"
    children_of[${fields[1]}]+=" $pid"
    comm=${stat#*(}
    comm=${comm%)*}
    args="${argv[*]}"
    args=${args//[$'\t\n']/ }
    line_of[$pid]="[$comm] $args"
  done
  queue=("$owner")
  while [[ ${#queue[@]} -gt 0 ]]; do
    pid=${queue[0]}
    queue=("${queue[@]:1}")
    own[$pid]=1
    # shellcheck disable=SC2206 # the children list is space-separated pids
    queue+=(${children_of[$pid]:-})
  done
  for pid in "${!line_of[@]}"; do
    [[ -z ${own[$pid]:-} ]] || continue
    case ${line_of[$pid]} in
      "[ps] "* | "[grep] "* | "[sed] "* | "[awk] "* | "[sort] "* | "[cat] "* | "[tr] "* | "[comm] "* | "[find] "* | \
        "[ls] "* | "[head] "* | "[tail] "* | "[cut] "* | "[wc] "* | "[xargs] "* | "[date] "*) continue ;;
    esac
    printf 'process\t%s\n' "${line_of[$pid]}"
  done
}

# Files the run wrote in the checkout: git's view of it (tracked files changed, untracked and ignored files), except
# what a build is meant to write: target/ (Maven), reports/ (the suite's reports) and .allure/ (the Allure CLI
# that the build downloads and unpacks). GIT_OPTIONAL_LOCKS=0: taking an inventory must not rewrite the index.
file_inventory() {
  local clone=$1
  GIT_OPTIONAL_LOCKS=0 git -C "$clone" status --porcelain --ignored --untracked-files=all |
    awk '!/^.. "?(target|reports|\.allure)\//{print "file\t" $0}'
}

# /tmp entries (top level) named podwire* or testcontainers*: what the suite and Testcontainers name their temporary
# files and directories. The directory that holds the checkout itself (the soak's own) is not a leftover.
tmp_inventory() {
  local clone=$1 entry
  shopt -s nullglob
  for entry in /tmp/podwire* /tmp/testcontainers*; do
    [[ "$clone/" != "$entry"/* ]] || continue
    printf 'tmpfile\t%s\n' "$entry"
  done
}

snapshot() {
  local file=$1 clone
  clone=$(cd "${2:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)
  {
    printf 'clone\t%s\n' "$clone"
    docker_inventory
    netns_inventory
    process_inventory
    file_inventory "$clone"
    tmp_inventory "$clone"
  } >"$file"
}

items() {
  awk -F'\t' -v category="$1" '$1 == category {sub(/^[^\t]*\t/, ""); print}' "$2" | sort
}

# A new process is a leftover only if it looks like the tests' own: its command line mentions the checkout, the
# test runners (surefire, failsafe), podwire, java, the lab's long sleepers (sleep infinity, ping) or stress
# (the soak's own stress-ng belongs to the owner's tree and is never inventoried). Anything else new on a shared
# machine is somebody else's business.
is_test_process() {
  local item=$1 clone=$2
  [[ ( -n $clone && $item == *"$clone"* ) || $item =~ surefire|failsafe|podwire|java|sleep\ infinity|ping|stress ]]
}

diff_inventories() {
  local before=$1 after=$2 clone category item leaks=0
  clone=$(items clone "$after")
  for category in container network volume netns process file tmpfile; do
    # comm on sorted lists with repeats is a multiset difference: a second identical process is new, too
    while IFS= read -r item; do
      if [[ $category == process ]] && ! is_test_process "$item" "$clone"; then continue; fi
      # a process's command line can be a whole script: its first 300 characters name it well enough
      if [[ ${#item} -gt 300 ]]; then item="${item:0:300}..."; fi
      printf '%s: %s\n' "$category" "$item"
      leaks=$((leaks + 1))
    done < <(comm -13 <(items "$category" "$before") <(items "$category" "$after"))
  done
  [[ $leaks -eq 0 ]]
}

case ${1:-} in
  snapshot) [[ $# -ge 2 && $# -le 3 ]] || usage; snapshot "$2" "${3:-}" ;;
  diff) [[ $# -eq 3 ]] || usage; diff_inventories "$2" "$3" ;;
  *) usage ;;
esac
