"""Summarizes scripts/bench-compare.sh's output as the tables in docs/PERFORMANCE.md."""
import json
import statistics
import subprocess
import sys

out, rounds = sys.argv[1], int(sys.argv[2])


def jmh(path):
    with open(path) as f:
        return json.load(f)


def etcd_lines(path, kind):
    rows = []
    with open(path) as f:
        for line in f:
            if line.startswith("{"):
                row = json.loads(line)
                if row.get("bench") == kind:
                    rows.append(row)
    return rows


def save_rates(results, name, file=None):
    """saves/s (1e6 / mean µs) and p50/p99 µs per (entryBytes, batch) for one JMH benchmark;
    for the floor, of one kind of file (prewritten, growing, sparse)."""
    rates = {}
    for r in results:
        if not r["benchmark"].endswith("." + name):
            continue
        if file is not None and r["params"].get("file", "prewritten") != file:
            continue
        key = (int(r["params"]["entryBytes"]), int(r["params"]["batch"]))
        m = r["primaryMetric"]
        pct = m["scorePercentiles"]
        rates[key] = (1e6 / m["score"], pct["50.0"], pct["99.0"])
    return rates


per_case = {}
for rnd in range(1, rounds + 1):
    results = jmh(f"{out}/jmh-save-{rnd}.json")
    jwal = save_rates(results, "SaveBenchmark.save")
    floor = save_rates(results, "FloorBenchmark.writeAndForce", "prewritten")
    unwritten = {}
    for kind in ("growing", "sparse"):
        for key, rate in save_rates(results, "FloorBenchmark.writeAndForce", kind).items():
            if key not in unwritten or rate[0] > unwritten[key][0]:
                unwritten[key] = rate
    etcd = {(r["entryBytes"], r["batch"]): (r["savesPerSec"], r["p50us"], r["p99us"])
            for r in etcd_lines(f"{out}/etcd-save-{rnd}.txt", "save")}
    for key in jwal:
        per_case.setdefault(key, []).append((jwal[key], floor[key], etcd[key], unwritten[key]))

print("floor: pre-written file; unwritten floor: the faster of a growing and a sparse file")
print()
print("| entry | batch | jwal saves/s | p50 µs | p99 µs | floor saves/s | unwritten floor saves/s | etcd saves/s | jwal/floor | jwal/unwritten floor | jwal/etcd |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for key in sorted(per_case):
    runs = per_case[key]
    med = lambda xs: statistics.median(xs)
    jw = med([r[0][0] for r in runs])
    fl = med([r[1][0] for r in runs])
    et = med([r[2][0] for r in runs])
    vs_floor = med([r[0][0] / r[1][0] for r in runs])
    vs_etcd = med([r[0][0] / r[2][0] for r in runs])
    un = med([r[3][0] for r in runs])
    vs_unwritten = med([r[0][0] / r[3][0] for r in runs])
    p50 = med([r[0][1] for r in runs])
    p99 = med([r[0][2] for r in runs])
    print(f"| {key[0]} B | {key[1]} | {jw:,.0f} | {p50:.0f} | {p99:.0f} | {fl:,.0f} | {un:,.0f} | {et:,.0f} | {vs_floor:.2f} | {vs_unwritten:.2f} | {vs_etcd:.2f} |")

print()
print("| replay | jwal readAll entries/s | jwal replay entries/s | etcd OpenForRead+ReadAll entries/s | readAll/etcd |")
print("|---|---|---|---|---|")
replay = jmh(f"{out}/jmh-replay.json")
etcd_replay = {r["entryBytes"]: r for r in etcd_lines(f"{out}/etcd-replay.txt", "readall")
               if r["mode"] == "openForRead" and r["cache"] == "warm"}
for size in (100, 1024):
    ms = {r["benchmark"].split(".")[-1]: r["primaryMetric"]["score"] for r in replay
          if int(r["params"]["entryBytes"]) == size}
    entries = int(subprocess.check_output(
        ["java", "-cp", "wal-bench/target/benchmarks.jar", "io.github.jwal.bench.ReplayBenchmark", str(size)]))
    etcd_eps = etcd_replay[size]["entriesPerSec"]
    jwal_read = entries / (ms["readAll"] / 1000)
    jwal_stream = entries / (ms["replay"] / 1000)
    print(f"| {size} B | {jwal_read:,.0f} | {jwal_stream:,.0f} | {etcd_eps:,.0f} | {jwal_read / etcd_eps:.2f} |")

print()
print("| writers | acknowledged entries/s | vs 1 writer |")
print("|---|---|---|")
group = {r["benchmark"].split(".")[-1]: r["primaryMetric"]["score"] for r in jmh(f"{out}/jmh-group.json")}
one = group["writers1"]
for name in ("writers1", "writers4", "writers16"):
    print(f"| {name[7:]} (saveAsync, ordered by the caller) | {group[name]:,.0f} | {group[name] / one:.1f}× |")
one = group["appenders1"]
for name in ("appenders1", "appenders4", "appenders16"):
    print(f"| {name[9:]} (append, indexes from the log) | {group[name]:,.0f} | {group[name] / one:.1f}× |")
fsync_floor = med([r[1][0] for r in per_case[(100, 1)]])
print(f"16 appenders / fsync floor of one writer (100 B × 1, pre-written): {group['appenders16'] / fsync_floor:.2f}")

print()
with open(f"{out}/jmh-cut.log") as f:
    cut_lines = [line.strip() for line in f if line.startswith("cut saves:")]
print("segment cut, last measured iteration (4 MiB segments, 10 × 16 KiB entries per save):")
print(cut_lines[-1])

print()
index = {r["benchmark"].split(".")[-1]: r["primaryMetric"] for r in jmh(f"{out}/jmh-index.json")}
print("reads by index (1 GiB log of 1 KiB entries, page cache warm):")
print(f"  random entry(i): {index['randomEntry']['score']:,.0f} reads/s")
print(f"  range of 1000: {index['range']['score'] * 1000 * 1024 / 1e9:.2f} GB/s of payload")
print(f"  open (index built): {index['open']['score']:,.0f} ms; readAll: {index['readAll']['score']:,.0f} ms;"
      f" open/readAll {index['open']['score'] / index['readAll']['score']:.2f}")
with open(f"{out}/index-memory.txt") as f:
    print("  " + f.read().strip())
