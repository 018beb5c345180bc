#!/usr/bin/env bash
# The segment cut beside etcd's, on this disk, in one run: ROUNDS rounds, each running jwal's JMH
# CutBenchmark and etcd 3.4's wal.Save (scripts/etcd-cutbench) on the same saves (same sizes, same
# bytes, same segment size), one after the other, each round starting with the next side, so that
# slow spells of the disk hit all. Each side warms up for WARMUP on a log of its own,
# then measures for DURATION on a fresh one. scripts/cut-summary.py prints the tables.
#
#   scripts/cut-compare.sh                       # 6 rounds of the cut-heavy workload below
#   ROUNDS=4 ENTRY_BYTES=1024 BATCH=1 scripts/cut-compare.sh
#
#   ROUNDS, DURATION, WARMUP   rounds (6), measured seconds per side and round (5), warm-up seconds (2)
#   DIR            where the logs go (default /tmp; a tmpfs would measure no disk, so it is refused)
#   SEGMENT_BYTES  segment size of both logs (default 65536)
#   ENTRY_BYTES    entry payload size, N or LO-HI drawn uniformly (default 10-65536)
#   BATCH          entries per save, N or LO-HI drawn uniformly (default 1-50)
#   OUT            results (default target/cut-bench/<date>); jwal.jsonl and etcd.jsonl, one line a round
#   JWAL_JVM_ARGS  extra JVM options for jwal's side (e.g. -Djwal.file.preallocation=sparse)
#   BEFORE_JAR     a benchmarks.jar of another jwal commit, run as a third side, "jwal-before", in
#                  every round: a before/after comparison in the same run
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${ROUNDS:-6}"
DURATION="${DURATION:-5}"
WARMUP="${WARMUP:-2}"
DIR="${DIR:-/tmp}"
SEGMENT_BYTES="${SEGMENT_BYTES:-65536}"
ENTRY_BYTES="${ENTRY_BYTES:-10-65536}"
BATCH="${BATCH:-1-50}"
OUT="${OUT:-target/cut-bench/$(date -u +%Y%m%dT%H%M%SZ)}"

fstype="$(stat -f -c %T "$DIR")"
if [ "$fstype" = tmpfs ] || [ "$fstype" = ramfs ]; then
  echo "cut-compare: $DIR is $fstype, not a disk: set DIR to a directory on one" >&2
  exit 2
fi
mkdir -p "$OUT"
CUTBENCH="$(scripts/etcd-cutbench.sh)"
./mvnw -B -q -o -pl wal-bench -am package -DskipTests || ./mvnw -B -q -pl wal-bench -am package -DskipTests
jar=wal-bench/target/benchmarks.jar

# shellcheck disable=SC2086 # JWAL_JVM_ARGS is a list of options
jmh() { # NAME JAR
  java -Djwal.bench.dir="$DIR" -Djwal.bench.cut.json="$OUT/$1.jsonl" ${JWAL_JVM_ARGS:-} -jar "$2" \
    CutBenchmark -p segmentBytes="$SEGMENT_BYTES" -p entryBytes="$ENTRY_BYTES" -p batch="$BATCH" \
    -f 1 -wi 1 -w "${WARMUP}s" -i 1 -r "${DURATION}s" >>"$OUT/$1.log" 2>&1
}
jwal() { jmh jwal "$jar"; }
jwal-before() { jmh jwal-before "$BEFORE_JAR"; }
etcd() {
  "$CUTBENCH" -dir "$DIR" -segment-bytes "$SEGMENT_BYTES" -entry-bytes "$ENTRY_BYTES" -batch "$BATCH" \
    -warmup "${WARMUP}s" -duration "${DURATION}s" >>"$OUT/etcd.jsonl"
}

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc: $(nproc); $(lscpu | grep 'Model name' | sed 's/  */ /g')"
  echo "kernel: $(uname -r)"
  echo "java: $(java -version 2>&1 | sed -n 2p)"
  echo "go: $(go version 2>/dev/null || echo '?')"
  echo "dir: $DIR ($(df -T "$DIR" | tail -1 | awk '{print $1, $2}'))"
  echo "workload: segments $SEGMENT_BYTES B, entries $ENTRY_BYTES B, batch $BATCH; $ROUNDS rounds of ${DURATION}s after ${WARMUP}s warm-up"
  echo "jwal JVM options: ${JWAL_JVM_ARGS:-none}"
  echo "jwal: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- wal-api wal-file || echo ' (with local changes)')"
  [ -z "${BEFORE_JAR:-}" ] || echo "jwal-before: $BEFORE_JAR"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/env.txt"
cat "$OUT/env.txt" >&2

sides=(jwal etcd)
[ -z "${BEFORE_JAR:-}" ] || sides=(jwal jwal-before etcd)
for round in $(seq 1 "$ROUNDS"); do
  # Each round starts one side further on, so that no side always follows the same one.
  order=()
  for i in "${!sides[@]}"; do
    order+=("${sides[$(((i + round - 1) % ${#sides[@]}))]}")
  done
  echo "round $round/$ROUNDS: ${order[*]}" >&2
  for side in "${order[@]}"; do
    "$side"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/env.txt"
python3 scripts/cut-summary.py "$OUT"
