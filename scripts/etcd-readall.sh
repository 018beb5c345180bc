#!/usr/bin/env bash
# Cross-check with etcd's own reader: logs written by jwal must read, in etcd, as jwal wrote them.
#
# 1. Builds the etcd harness (shared/tools/etcd-harness: a Go program on etcd 3.4's wal package) in
#    a scratch copy, since shared/ is read-only.
# 2. Writes a set of sample logs with jwal: io.github.jwal.file.WriteSampleLogs, in wal-file's test
#    sources (empty, nil metadata, many entries across segments, big entries, overwrites, a snapshot
#    with releaseLockTo and purge, a reopen and appends across cuts, conf-change entries, unsigned
#    values above 2^63). Each comes with expected.json: what raft's log holds after the calls made.
# 3. Runs `etcdwal readall <wal> <snapIndex> <snapTerm>` on each and compares what etcd read (Open +
#    ReadAll in write mode, OpenForRead + ReadAll, Verify) with the expectation.
#
# Prints PASS or FAIL per log; exits 0 if all pass, 1 if any fails, 2 if it cannot run.
#
# Usage: scripts/etcd-readall.sh [--harness-src DIR] [--etcdwal BIN] [--work DIR] [--keep]
#   --harness-src DIR  the harness sources (default: shared/tools/etcd-harness beside the repository)
#   --etcdwal BIN      use this etcdwal binary instead of building one (or set ETCDWAL)
#   --work DIR         where to build and write (default: a new temporary directory)
#   --keep             keep the work directory (it is kept anyway when --work is given)
#
# Needs Java 17+ and python3; to build the harness, Go and etcd's sources (nothing is downloaded):
#   apt-get install golang-go golang-etcd-server-dev
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
harness_src=""
etcdwal="${ETCDWAL:-}"
work=""
keep=no

die() {
  echo "etcd-readall: $*" >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --harness-src) harness_src="${2:?--harness-src needs a directory}"; shift 2 ;;
    --etcdwal) etcdwal="${2:?--etcdwal needs a file}"; shift 2 ;;
    --work) work="${2:?--work needs a directory}"; keep=yes; shift 2 ;;
    --keep) keep=yes; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done

command -v java >/dev/null || die "java not found: install a JDK 17 or later"
command -v python3 >/dev/null || die "python3 not found: apt-get install python3"

if [ -z "$work" ]; then
  work="$(mktemp -d "${TMPDIR:-/tmp}/jwal-etcd-readall.XXXXXX")"
fi
mkdir -p "$work"
if [ "$keep" = no ]; then
  trap 'rm -rf "$work"' EXIT
fi

# 1. The harness.
if [ -z "$etcdwal" ]; then
  etcdwal="$(HARNESS_SRC="$harness_src" HARNESS_BUILD="$work/harness" "$repo/scripts/etcd-harness.sh")" ||
    die "no etcd harness (see above)"
fi
[ -x "$etcdwal" ] || die "not an executable: $etcdwal"

# 2. The sample logs, written by jwal.
echo "compiling jwal (wal-file and its test sources)"
(cd "$repo" && { ./mvnw -q -B -o -pl wal-file -am test-compile ||
  ./mvnw -q -B -pl wal-file -am test-compile; }) >"$work/maven.log" 2>&1 ||
  { cat "$work/maven.log" >&2; die "compiling jwal failed"; }
classpath="$repo/wal-file/target/test-classes:$repo/wal-file/target/classes:$repo/wal-api/target/classes"
rm -rf "$work/logs"
java -cp "$classpath" io.github.jwal.file.WriteSampleLogs "$work/logs" >"$work/samples.txt" ||
  die "writing the sample logs with jwal failed"

# 3. etcd reads each one.
echo "reading $(wc -l <"$work/samples.txt") jwal-written logs with $etcdwal readall"
failed=0
while read -r name index term; do
  dir="$work/logs/$name"
  set +e
  "$etcdwal" readall "$dir/wal" "$index" "$term" </dev/null >"$dir/etcd.json" 2>"$dir/etcd.err"
  status=$?
  set -e
  if ! python3 - "$name" "$dir/expected.json" "$dir/etcd.json" "$dir/etcd.err" "$status" <<'PY'
import json, sys

name, expected_path, etcd_path, err_path, status = sys.argv[1:6]
problems = []
try:
    with open(expected_path) as f:
        expected = json.load(f)
    with open(etcd_path) as f:
        etcd = json.load(f)
except ValueError as e:
    with open(err_path) as f:
        print("FAIL %-26s etcdwal printed no report (exit %s): %s %s"
              % (name, status, e, f.read().strip()))
    sys.exit(1)

def check(what, result):
    if result.get("error") is not None:
        problems.append("%s: %s (%s)" % (what, result["error"], result.get("errorName")))
        return
    for field in ("metadata", "hardstate"):
        if result.get(field) != expected[field]:
            problems.append("%s: %s is %r, jwal wrote %r"
                            % (what, field, result.get(field), expected[field]))
    got, want = result.get("entries") or [], expected["entries"]
    if got != want:
        if len(got) != len(want):
            problems.append("%s: %d entries, jwal wrote %d" % (what, len(got), len(want)))
        else:
            first = next(i for i, (g, w) in enumerate(zip(got, want)) if g != w)
            problems.append("%s: entry %d is %r, jwal wrote %r" % (what, first, got[first], want[first]))

check("Open+ReadAll", etcd)
check("OpenForRead+ReadAll", etcd.get("openForRead", {}))
if etcd.get("verifyError") is not None:
    problems.append("Verify: %s" % etcd["verifyError"])
if status != "0" and not problems:
    problems.append("etcdwal exited %s" % status)

snap = expected["snapshot"]
at = "" if snap["index"] == 0 and snap["term"] == 0 else " at snapshot {%d,%d}" % (snap["index"], snap["term"])
if problems:
    print("FAIL %-26s %s" % (name, "; ".join(problems)))
    sys.exit(1)
print("PASS %-26s %d entries, %d segments%s" % (name, len(expected["entries"]), len(etcd["segments"]), at))
PY
  then
    failed=$((failed + 1))
  fi
done <"$work/samples.txt"

total="$(wc -l <"$work/samples.txt")"
if [ "$failed" -gt 0 ]; then
  echo "$failed of $total jwal-written logs FAILED etcd's reader"
  exit 1
fi
echo "all $total jwal-written logs read back in etcd as jwal wrote them"
