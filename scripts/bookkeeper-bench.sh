#!/bin/sh
# JMH: a synced jwal save on the BookKeeper backend vs BookKeeper's own addEntry of the same bytes
# (E3 W3 A2, three in-process bookies journaling with fsync). Extra arguments go to JMH, e.g.
#   scripts/bookkeeper-bench.sh -p shape=100x1 -i 2
set -e
cd "$(dirname "$0")/.."
./mvnw -B -q package dependency:build-classpath -DskipTests -pl wal-bookkeeper -am \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
exec java -cp "wal-bookkeeper/target/test-classes:wal-bookkeeper/target/classes:$(cat wal-bookkeeper/target/bench-classpath.txt)" \
  org.openjdk.jmh.Main SaveVsAddEntryBenchmark "$@"
