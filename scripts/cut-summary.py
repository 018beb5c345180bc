#!/usr/bin/env python3
"""Tables for scripts/cut-compare.sh: reads OUT/jwal.jsonl, OUT/etcd.jsonl and, if there,
OUT/jwal-before.jsonl (one line per round, in round order) and prints, per side, each round and the
pooled figures, then each jwal side against etcd.

saves/s is saves over the time spent inside save calls (1 / the mean cost of a save), so the
benchmarks' own bookkeeping between saves does not count. Both sides make the same saves in the same
order, so "same saves" compares the mean cost of the first N saves of a round, N being the smaller of
the two counts: the same work on both sides.

  python3 scripts/cut-summary.py OUT
"""
import json
import os
import statistics
import sys


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def pct(values, q):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def split(r):
    cut = set(r["cutSaves"] or [])
    times = r["saveUs"] or []
    return [t for i, t in enumerate(times) if i in cut], [t for i, t in enumerate(times) if i not in cut]


def rate(times):
    return len(times) / (sum(times) / 1e6) if times else float("nan")


def ms(us):
    return f"{us / 1000:.2f}"


def spread(values, fmt="{:,.0f}"):
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


out = sys.argv[1]
sides = {"jwal": load(f"{out}/jwal.jsonl")}
if os.path.exists(f"{out}/jwal-before.jsonl"):
    sides["jwal-before"] = load(f"{out}/jwal-before.jsonl")
sides["etcd"] = load(f"{out}/etcd.jsonl")
rounds = min(len(v) for v in sides.values())
first = sides["etcd"][0]
print(f"workload: segments {first['segmentBytes']} B, entries {first['entryBytes']} B, "
      f"batch {first['batch']}; {rounds} rounds")
print()
print("| side | round | saves | cuts | saves/s | MB/s | cut p50 ms | cut p99 ms | other p50 ms | other p99 ms |")
print("|---|---|---|---|---|---|---|---|---|---|")
pooled = {}
for name, runs in sides.items():
    cuts_all, plain_all, rates = [], [], []
    for i, r in enumerate(runs[:rounds]):
        cut, plain = split(r)
        cuts_all += cut
        plain_all += plain
        times = r["saveUs"]
        rates.append(rate(times))
        mbs = r["payloadBytes"] / (sum(times) / 1e6) / 1e6
        print(f"| {name} | {i + 1} | {r['saves']} | {r['cuts']} | {rate(times):,.0f} | {mbs:,.1f} | "
              f"{ms(pct(cut, .5))} | {ms(pct(cut, .99))} | {ms(pct(plain, .5))} | {ms(pct(plain, .99))} |")
    pooled[name] = (cuts_all, plain_all, rates)
print()
print("Pooled over the rounds (saves/s: median of the rounds, with their range):")
print()
print("| side | saves | cuts | saves/s | cut p50 ms | cut p99 ms | other saves | other p50 ms | other p99 ms |")
print("|---|---|---|---|---|---|---|---|---|")
for name, (cut, plain, rates) in pooled.items():
    print(f"| {name} | {len(cut) + len(plain)} | {len(cut)} | {spread(rates)} | {ms(pct(cut, .5))} | "
          f"{ms(pct(cut, .99))} | {len(plain)} | {ms(pct(plain, .5))} | {ms(pct(plain, .99))} |")
print()
print("jwal against etcd, round by round (median of the rounds, and their range):")
print()
print("| side | saves/s ÷ etcd's | etcd's cost per save ÷ jwal's, same saves | etcd's cut p50 ÷ jwal's | CPU per save ms | etcd's CPU per save ms |")
print("|---|---|---|---|---|---|")
for name in [n for n in sides if n != "etcd"]:
    rates, ratios, cut_ratios, cpu, etcd_cpu = [], [], [], [], []
    for j, e in zip(sides[name][:rounds], sides["etcd"][:rounds]):
        rates.append(rate(j["saveUs"]) / rate(e["saveUs"]))
        n = min(j["saves"], e["saves"])
        ratios.append(statistics.mean(e["saveUs"][:n]) / statistics.mean(j["saveUs"][:n]))
        jc, _ = split(j)
        ec, _ = split(e)
        if jc and ec:
            cut_ratios.append(pct(ec, .5) / pct(jc, .5))
        if "cpuSeconds" in j and "cpuSeconds" in e:
            cpu.append(j["cpuSeconds"] / j["saves"] * 1000)
            etcd_cpu.append(e["cpuSeconds"] / e["saves"] * 1000)
    two = "{:.2f}"
    print(f"| {name} | {spread(rates, two)} | {spread(ratios, two)} | "
          f"{spread(cut_ratios, two) if cut_ratios else '–'} | "
          f"{spread(cpu, two) if cpu else '–'} | {spread(etcd_cpu, two) if etcd_cpu else '–'} |")
