#!/usr/bin/env bash
# sofa-jraft's log on jwal against jraft's own RocksDBLogStorage, on the same disk, interleaved:
# ROUNDS rounds, each running every benchmark once per storage, the storages in turn and each round
# starting with the next one, so that a slow period of the disk or the machine hits both. The
# benchmarks are in wal-jraft's test sources (next to RocksDB, a test dependency there).
#
#   scripts/jraft-bench.sh                       # ROUNDS=3, STORAGES="jwal rocksdb", 64 MiB logs
#   LOG_MIB=1024 scripts/jraft-bench.sh          # the issue's 1 GiB for getEntry, init and footprint
#   BENCH='AppendEntriesBenchmark' JMH_ARGS='-p batch=100' scripts/jraft-bench.sh
#   CLUSTER_SECONDS=0 scripts/jraft-bench.sh     # without the 3-node cluster's writes/s
#
# Results: target/jraft-bench/<round>-<storage>.json (JMH), footprint-<round>-<storage>.txt and
# cluster-<round>-<storage>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${ROUNDS:-3}"
STORAGES=(${STORAGES:-jwal rocksdb})
LOG_MIB="${LOG_MIB:-64}"
BENCH="${BENCH:-AppendEntriesBenchmark|GetEntryBenchmark|InitBenchmark}"
JMH_ARGS="${JMH_ARGS:-}"
CLUSTER_SECONDS="${CLUSTER_SECONDS:-10}"
DIR="${BENCH_DIR:-/tmp/jwal-jraft-bench}"
out="target/jraft-bench"
mkdir -p "$out" "$DIR"
if [ "$(stat -f -c %T "$DIR")" = tmpfs ]; then
  echo "$DIR is a tmpfs: benchmark a disk (BENCH_DIR=...)" >&2
  exit 2
fi

# Install what wal-jraft builds on (the -pl build below resolves it from the local repository).
./mvnw -B -q -o install -DskipTests -Dinvoker.skip -pl wal-jraft -am
./mvnw -B -q -o test-compile dependency:build-classpath -pl wal-jraft \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="wal-jraft/target/test-classes:wal-jraft/target/classes:$(cat wal-jraft/target/bench.classpath)"
java=(java -Djwal.jraft.bench.dir="$DIR" -cp "$cp")

n=${#STORAGES[@]}
for round in $(seq 1 "$ROUNDS"); do
  for k in $(seq 0 $((n - 1))); do
    storage="${STORAGES[$(((round - 1 + k) % n))]}"
    echo "round $round/$ROUNDS: $storage" >&2
    # shellcheck disable=SC2086
    "${java[@]}" org.openjdk.jmh.Main "$BENCH" -p storage="$storage" -p logMiB="$LOG_MIB" $JMH_ARGS \
      -rf json -rff "$out/$round-$storage.json" > "$out/$round-$storage.log"
    "${java[@]}" io.github.jwal.jraft.bench.DiskFootprint "$storage" "$LOG_MIB" 1024 \
      > "$out/footprint-$round-$storage.txt"
    if [ "$CLUSTER_SECONDS" != 0 ]; then
      "${java[@]}" io.github.jwal.jraft.cluster.ClusterThroughput "$storage" "$CLUSTER_SECONDS" \
        > "$out/cluster-$round-$storage.txt"
    fi
  done
done
echo "results in $out" >&2
