#!/usr/bin/env bash
# Measures jwal against etcd's WAL and the raw write+force floor on this disk, side by side:
# ROUNDS rounds, each running jwal's JMH save benchmark, the floor benchmark and etcd-harness's
# `bench`, one after the other, so that slow periods of the disk hit all three. Ratios are taken
# within a round and their median reported. Then replay (256 MiB), group commit and log-assigned
# appends, and reads by index (1 GiB) with the index's memory (10 million entries).
#
#   scripts/bench-compare.sh            # ROUNDS=3 by default; results in target/bench/
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${ROUNDS:-3}"
DIR="${BENCH_DIR:-/tmp}"
out="target/bench"
mkdir -p "$out"
ETCDWAL="$(scripts/etcd-harness.sh)"

./mvnw -B -q -pl wal-bench -am package -DskipTests
jar=wal-bench/target/benchmarks.jar
jmh=(java -Djwal.bench.dir="$DIR" -jar "$jar")

for round in $(seq 1 "$ROUNDS"); do
  echo "round $round/$ROUNDS: jwal and floor (JMH)" >&2
  "${jmh[@]}" 'SaveBenchmark|FloorBenchmark' -f 1 -wi 1 -w 1s -i 2 -r 2s \
    -rf json -rff "$out/jmh-save-$round.json" > "$out/jmh-save-$round.log"
  echo "round $round/$ROUNDS: etcd" >&2
  "$ETCDWAL" bench -dir "$DIR" -duration 4s -rounds 2 -skip-readall > "$out/etcd-save-$round.txt"
done

echo "replay: jwal (JMH) and etcd" >&2
"${jmh[@]}" ReplayBenchmark -f 1 -wi 1 -i 3 -rf json -rff "$out/jmh-replay.json" > "$out/jmh-replay.log"
"$ETCDWAL" bench -dir "$DIR" -skip-save -readall-mb 256 -readall-sizes 1024,100 -readall-runs 3 \
  > "$out/etcd-replay.txt"

echo "segment cut (JMH)" >&2
"${jmh[@]}" CutBenchmark -f 1 -wi 1 -w 2s -i 2 -r 3s -rf json -rff "$out/jmh-cut.json" > "$out/jmh-cut.log"

echo "group commit (JMH)" >&2
"${jmh[@]}" GroupCommitBenchmark -f 1 -wi 1 -w 2s -i 3 -r 2s -rf json -rff "$out/jmh-group.json" \
  > "$out/jmh-group.log"

echo "reads by index (JMH) and the index's memory" >&2
"${jmh[@]}" IndexBenchmark -f 1 -wi 1 -w 2s -i 3 -r 2s -rf json -rff "$out/jmh-index.json" \
  > "$out/jmh-index.log"
java -Xmx4g -Djwal.bench.dir="$DIR" -cp "$jar" io.github.jwal.bench.IndexBenchmark 10000000 \
  > "$out/index-memory.txt"

python3 scripts/bench-summary.py "$out" "$ROUNDS"
