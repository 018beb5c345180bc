#!/usr/bin/env bash
# Prints the path of an etcdwal binary (shared/tools/etcd-harness: a Go program on etcd 3.4's wal
# package), building it first if needed. Used by etcd-readall.sh and bench-compare.sh.
#
#   ETCDWAL=BIN        use this binary, build nothing
#   HARNESS_SRC=DIR    the harness sources (default: shared/tools/etcd-harness beside the repository)
#   HARNESS_BUILD=DIR  where to build (default: $TMPDIR/jwal-etcd-harness, reused by later calls)
#
# Building needs Go and etcd's sources, and downloads nothing:
#   apt-get install golang-go golang-etcd-server-dev
set -euo pipefail

die() {
  echo "etcd-harness: $*" >&2
  exit 2
}

if [ -n "${ETCDWAL:-}" ]; then
  [ -x "$ETCDWAL" ] || die "not an executable: $ETCDWAL"
  echo "$ETCDWAL"
  exit 0
fi

repo="$(cd "$(dirname "$0")/.." && pwd)"
src="${HARNESS_SRC:-}"
if [ -z "$src" ]; then
  for candidate in "$repo/../shared/tools/etcd-harness" "$repo/../../shared/tools/etcd-harness"; do
    if [ -f "$candidate/build.sh" ]; then
      src="$(cd "$candidate" && pwd)"
      break
    fi
  done
  [ -n "$src" ] || die "etcd harness sources not found beside $repo; set HARNESS_SRC=DIR"
fi
[ -f "$src/build.sh" ] || die "no build.sh in $src"

build="${HARNESS_BUILD:-${TMPDIR:-/tmp}/jwal-etcd-harness}"
if [ ! -x "$build/bin/etcdwal" ]; then
  command -v go >/dev/null ||
    die "go not found. Install Go and etcd's sources: apt-get install golang-go golang-etcd-server-dev"
  [ -d /usr/share/gocode/src/go.etcd.io/etcd/wal ] ||
    die "etcd's sources not found in /usr/share/gocode: apt-get install golang-etcd-server-dev"
  # shared/ is read-only: build in a scratch copy.
  rm -rf "$build"
  cp -R "$src" "$build"
  chmod -R u+w "$build"
  rm -rf "$build/bin" "$build/gopath"
  echo "building the etcd harness from $src" >&2
  (cd "$build" && sh ./build.sh) >"$build.log" 2>&1 ||
    { cat "$build.log" >&2; die "building the etcd harness failed"; }
fi
echo "$build/bin/etcdwal"
