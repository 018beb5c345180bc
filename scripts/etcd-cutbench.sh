#!/usr/bin/env bash
# Prints the path of an etcd-cutbench binary (scripts/etcd-cutbench: etcd 3.4's wal.Save timed on
# a workload that cuts segments), building it first when it is missing or older than its source.
# Used by cut-compare.sh.
#
#   CUTBENCH_BUILD=DIR  where to build (default: $TMPDIR/jwal-etcd-cutbench, reused by later calls)
#
# Building needs Go and etcd's sources, in GOPATH mode, and downloads nothing:
#   apt-get install golang-go golang-etcd-server-dev
set -euo pipefail

die() {
  echo "etcd-cutbench: $*" >&2
  exit 2
}

src="$(cd "$(dirname "$0")/etcd-cutbench" && pwd)"
build="${CUTBENCH_BUILD:-${TMPDIR:-/tmp}/jwal-etcd-cutbench}"
bin="$build/bin/etcd-cutbench"
if [ ! -x "$bin" ] || [ "$src/main.go" -nt "$bin" ]; then
  command -v go >/dev/null ||
    die "go not found. Install Go and etcd's sources: apt-get install golang-go golang-etcd-server-dev"
  [ -d /usr/share/gocode/src/go.etcd.io/etcd/wal ] ||
    die "etcd's sources not found in /usr/share/gocode: apt-get install golang-etcd-server-dev"
  mkdir -p "$build/bin" "$build/gopath/src/etcd-cutbench"
  cp "$src/main.go" "$build/gopath/src/etcd-cutbench/"
  echo "building etcd-cutbench from $src" >&2
  (cd "$build/gopath/src/etcd-cutbench" &&
    GO111MODULE=off GOFLAGS= GOPATH="$build/gopath:/usr/share/gocode" go build -o "$bin" .) \
    >"$build/build.log" 2>&1 || { cat "$build/build.log" >&2; die "building etcd-cutbench failed"; }
fi
echo "$bin"
