# Sourced by the scripts here: builds shared/tools/etcd-harness (real etcd 3.4 WAL code, Debian's
# sources) in a scratch copy, since shared/ is read-only, and sets ETCDWAL to the binary.
harness_src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/shared/tools/etcd-harness"
if ! command -v go >/dev/null 2>&1 || [ ! -d /usr/share/gocode/src/go.etcd.io ]; then
  echo "needs Go and etcd's sources: apt-get install golang-go golang-etcd-server-dev" >&2
  exit 2
fi
if [ ! -d "$harness_src" ]; then
  echo "no etcd harness at $harness_src (expected shared/ beside the repository)" >&2
  exit 2
fi
harness_build="${TMPDIR:-/tmp}/jwal-etcd-harness"
if [ ! -x "$harness_build/bin/etcdwal" ]; then
  rm -rf "$harness_build"
  cp -r "$harness_src" "$harness_build"
  chmod -R u+w "$harness_build"
  (cd "$harness_build" && ./build.sh >/dev/null)
fi
ETCDWAL="$harness_build/bin/etcdwal"
