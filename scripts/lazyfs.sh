#!/usr/bin/env bash
# Prints the path of a LazyFS binary (shared/tools/lazyfs: a FUSE file system that holds file data in
# its own cache until fsync, and drops or tears it on command), building it first if needed. Used by
# lazyfs-campaign.sh.
#
#   LAZYFS=BIN         use this binary, build nothing
#   LAZYFS_SRC=DIR     the sources (default: shared/tools/lazyfs beside the repository)
#   LAZYFS_BUILD=DIR   where to build (default: $TMPDIR/jwal-lazyfs, reused by later calls)
#
# Runs as root. LazyFS's build.sh installs what it needs with apt-get when it is missing (fuse3
# libfuse3-dev libspdlog-dev libtoml11-dev cmake g++ pkg-config) and downloads nothing else.
set -euo pipefail

die() {
  echo "lazyfs: $*" >&2
  exit 2
}

# Mounting needs fusermount3 even when the binary is already built.
if ! command -v fusermount3 >/dev/null; then
  [ "$(id -u)" = 0 ] || die "fusermount3 not found: apt-get install fuse3 (as root)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fuse3) >/dev/null ||
    die "installing fuse3 failed"
fi

if [ -n "${LAZYFS:-}" ]; then
  [ -x "$LAZYFS" ] || die "not an executable: $LAZYFS"
  echo "$LAZYFS"
  exit 0
fi

repo="$(cd "$(dirname "$0")/.." && pwd)"
src="${LAZYFS_SRC:-}"
if [ -z "$src" ]; then
  for candidate in "$repo/../shared/tools/lazyfs" "$repo/../../shared/tools/lazyfs"; do
    if [ -f "$candidate/build.sh" ]; then
      src="$(cd "$candidate" && pwd)"
      break
    fi
  done
  [ -n "$src" ] || die "LazyFS sources not found beside $repo; set LAZYFS_SRC=DIR"
fi
[ -f "$src/build.sh" ] || die "no build.sh in $src"

build="${LAZYFS_BUILD:-${TMPDIR:-/tmp}/jwal-lazyfs}"
bin="$build/bin/lazyfs"
# The binary loads libpcache through an absolute RUNPATH into $build/src, and Debian's libfuse3 and
# spdlog: rebuild when any of them is gone, not only the binary.
if [ ! -x "$bin" ] || ldd "$bin" 2>/dev/null | grep -q 'not found'; then
  [ "$(id -u)" = 0 ] || die "building LazyFS installs Debian packages: run as root"
  echo "building LazyFS from $src into $build" >&2
  mkdir -p "$build"
  # build.sh writes only under its output directory, so the read-only sources are built in place.
  bash "$src/build.sh" "$build" >"$build.log" 2>&1 ||
    { cat "$build.log" >&2; die "building LazyFS failed"; }
fi
echo "$bin"
