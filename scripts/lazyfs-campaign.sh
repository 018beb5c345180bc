#!/usr/bin/env bash
# Power-loss campaign on LazyFS: cuts the power under a jwal writer again and again, and after every
# cut reopens the log as the README says and checks every acknowledged entry byte for byte.
#
# 1. Builds LazyFS (scripts/lazyfs.sh: shared/tools/lazyfs, a FUSE file system that holds file data
#    in its own cache until fsync) and wal-campaign's jar.
# 2. Mounts LazyFS over a backing directory, with eviction on and a cache far above the unsynced
#    bytes the writer can have (one save: at most 50 entries of 64 KiB), so that a cut drops them all.
# 3. Starts the writer (io.github.jwal.campaign.CampaignWriter) on the mount: a Raft service's
#    saves on 64 KiB segments, with snapshots, releaseLockTo and purges. It prints each save it
#    tries and each save acknowledged; those lines go to a file on the real disk.
# 4. Cuts the power CUTS times, in turn:
#      odd cuts   a torn write to the tail segment, the newest *.wal: alternately
#                 lazyfs::torn-op::file=<backing path>::parts=K::persist=<random subset, any order>
#                 (the next write to it is split in K parts and only those reach the disk) and
#                 lazyfs::torn-seq::op=write::file=<backing path>::persist=1 or 2 (of the next two
#                 writes before an fsync, only one reaches the disk); LazyFS then dies, and every
#                 unsynced page with it. The fault is armed again on each new tail until it fires.
#      even cuts  a plain power cut: SIGKILL the writer after a random 0.1-1.5 s, then
#                 lazyfs::clear-cache drops every unsynced page.
#    then unmounts, mounts again (the disk as the cut left it), runs the checker
#    (io.github.jwal.campaign.CampaignChecker: open at the latest valid snapshot, readAll, on
#    TornTailException repair and open again; every acknowledged entry read back byte for byte,
#    nothing read that the writer did not write there, hard state and snapshot not gone back),
#    and starts the writer again on the recovered log. An unopenable log is also cut as etcd's
#    repair would (RepairPolicy.DISCARD_DAMAGED_TAIL) and checked again, to tell a torn tail taken
#    for corruption (every acknowledged entry still there) from a real loss; it counts as unopenable
#    all the same.
# 5. Prints a table and exits 0 if no acknowledged entry was lost and every log opened, 1 if not,
#    2 if the campaign could not run.
#
# A log that fails the check is kept in $FAILURES/<time>-seed<S>-cut<N> (as the cut left it and as
# the checker left it, with the writer's lines and output and the checker's), and the campaign goes
# on with a new log. Not part of ./mvnw verify: it needs root and FUSE, and takes minutes.
#
# Usage: scripts/lazyfs-campaign.sh [--cuts N] [--seed S] [--work DIR] [--keep] [--ack-early]
#   --cuts N          power cuts (default: $CUTS, else 100)
#   --seed S          the payloads' seed and the script's choices (default: $SEED, else random)
#   --work DIR        where the mount, the acknowledgements and the logs of each cut go (default: a
#                     new temporary directory, deleted at the end unless --keep)
#   --keep            keep the work directory
#   --ack-early       self-test: the writer announces each save acknowledged before making it, as
#                     a log that acknowledges too early would, so the campaign must report lost
#                     entries and exit 1
# Environment: LAZYFS, LAZYFS_SRC, LAZYFS_BUILD (see scripts/lazyfs.sh); LAZYFS_CACHE (default 64mb);
#   LAZYFS_LOG_OPS=true to have LazyFS log every operation (kept with a failure; large);
#   FAILURES (default /tmp/jwal-lazyfs-failures).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cuts="${CUTS:-100}"
seed="${SEED:-$(( (RANDOM << 15) | RANDOM ))}"
work=""
keep=no
self_test=""
cache="${LAZYFS_CACHE:-64mb}"
log_ops="${LAZYFS_LOG_OPS:-false}"
failures_root="${FAILURES:-/tmp/jwal-lazyfs-failures}"

die() {
  echo "lazyfs-campaign: $*" >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --cuts) cuts="${2:?--cuts needs a number}"; shift 2 ;;
    --seed) seed="${2:?--seed needs a number}"; shift 2 ;;
    --work) work="${2:?--work needs a directory}"; keep=yes; shift 2 ;;
    --keep) keep=yes; shift ;;
    --ack-early) self_test=ack-early; shift ;;
    -h|--help) sed -n '2,/^[^#]/{/^#/p}' "$0"; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done
[[ "$cuts" =~ ^[0-9]+$ ]] || die "--cuts must be a number: $cuts"
[[ "$seed" =~ ^[0-9]+$ ]] || die "--seed must be a number: $seed"
[ "$(id -u)" = 0 ] || die "run as root: it mounts FUSE file systems"
[ -c /dev/fuse ] || die "no /dev/fuse: this machine cannot mount FUSE file systems"
command -v java >/dev/null || die "java not found: install a JDK 17 or later"

work="${work:-$(mktemp -d "${TMPDIR:-/tmp}/jwal-lazyfs-campaign.XXXXXX")}"
mkdir -p "$work"
lfs="$work/lfs"   # root/ (the disk), mnt/ (LazyFS), the FIFOs, the config, LazyFS's output
! grep -qs " $lfs/mnt fuse" /proc/mounts || die "$lfs/mnt is mounted: is a campaign running in $work?"
rm -rf "$lfs" "$work"/log-*   # a --work directory used before: every campaign starts from nothing
RANDOM=$seed      # the script's choices follow the seed too

# 1. LazyFS and the campaign's jar.
lazyfs_bin="$("$repo/scripts/lazyfs.sh")" || die "no LazyFS (see above)"
echo "building wal-campaign"
(cd "$repo" && { ./mvnw -q -B -o package -pl wal-campaign -am -DskipTests ||
  ./mvnw -q -B package -pl wal-campaign -am -DskipTests; }) >"$work/maven.log" 2>&1 ||
  { cat "$work/maven.log" >&2; die "building wal-campaign failed"; }
jar="$repo/wal-campaign/target/wal-campaign.jar"
# Short-lived JVMs on a busy machine: C1 only and the serial collector start fastest. exec: run in
# the background, the function's subshell becomes the JVM, so that $! is the writer itself and
# SIGKILL stops its writes (killing a subshell would leave the JVM writing after the power cut).
java_run() { exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx512m -cp "$jar" "$@"; }

# 2. Mounting. lazyfs_pid is LazyFS itself (-f keeps it in the foreground). LazyFS and the writer
# are disowned children: bash still reaps them, but does not report them killed (they are, every cut).
lazyfs_pid=""
writer_pid=""
mounted() { grep -qs " $lfs/mnt fuse" /proc/mounts; }
# Running and not a zombie: kill -0 alone is true for a process that died and is not reaped yet.
alive() {
  local s
  s="$(ps -o stat= -p "$1" 2>/dev/null || true)"
  [ -n "$s" ] && [ "${s:0:1}" != Z ]
}
# SIGKILLs one of our children and waits until it is gone.
kill_and_reap() {
  kill -9 "$1" 2>/dev/null || true
  while alive "$1"; do sleep 0.01; done
}

mount_lazyfs() {
  mkdir -p "$lfs/root" "$lfs/mnt"
  # Fresh FIFOs for each mount, so that no command sent as the last LazyFS died reaches the next.
  exec 3>&- 4>&-
  rm -f "$lfs/faults.fifo" "$lfs/done.fifo"
  mkfifo "$lfs/faults.fifo" "$lfs/done.fifo"
  # Read-write opens never block. LazyFS handles no command until the completed FIFO has a reader.
  exec 3<>"$lfs/done.fifo" 4<>"$lfs/faults.fifo"
  cat >"$lfs/lfs.toml" <<TOML
[faults]
fifo_path="$lfs/faults.fifo"
fifo_path_completed="$lfs/done.fifo"
[cache]
apply_eviction=true
[cache.simple]
custom_size="$cache"
blocks_per_page=1
[filesystem]
log_all_operations=$log_ops
logfile="$lfs/lazyfs.log"
TOML
  # The fault paths LazyFS matches are subdir + the path in the mount: no trailing slash.
  setsid "$lazyfs_bin" "$lfs/mnt" --config-path "$lfs/lfs.toml" -o allow_other -o modules=subdir \
    -o subdir="$lfs/root" -f >"$lfs/lazyfs.out" 2>&1 </dev/null &
  lazyfs_pid=$!
  disown "$lazyfs_pid"
  for _ in $(seq 1 1000); do
    mounted && return 0
    alive "$lazyfs_pid" || break
    sleep 0.01
  done
  cat "$lfs/lazyfs.out" >&2
  die "LazyFS did not mount"
}

# Unmounts a live or a dead LazyFS (a fault kills it), then reaps it. It exits 134 on a clean
# unmount (an upstream quirk, harmless).
umount_lazyfs() {
  if mounted; then
    fusermount3 -u "$lfs/mnt" 2>/dev/null || umount -l "$lfs/mnt" 2>/dev/null ||
      fusermount3 -uz "$lfs/mnt" 2>/dev/null || true
  fi
  if [ -n "$lazyfs_pid" ]; then
    for _ in $(seq 1 100); do
      alive "$lazyfs_pid" || break
      sleep 0.02
    done
    kill_and_reap "$lazyfs_pid"   # a lazily detached busy mount keeps it running
    lazyfs_pid=""
    mv -f "$lfs/lazyfs.out" "$lfs/lazyfs-before-remount.out" 2>/dev/null || true
    mv -f "$lfs/lazyfs.log" "$lfs/lazyfs-before-remount.log" 2>/dev/null || true
  fi
  ! mounted
}

# One command per write, ending in a newline; fd 4 is read-write, so this never blocks.
lazyfs_cmd() { printf '%s\n' "$1" >&4; }

clear_cache() {
  local line
  lazyfs_cmd "lazyfs::clear-cache"
  # clear-cache waits for every operation in flight; on a loaded machine that can take seconds.
  while read -t 60 -r line <&3; do
    [ "$line" = "finished::clear-cache" ] && return 0
  done
  die "LazyFS did not answer lazyfs::clear-cache"
}

cleanup() {
  stop_writer
  umount_lazyfs || true
  exec 3>&- 4>&-
  if [ "$keep" = no ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 3. The writer, and a log per generation: a log that failed the check is kept and replaced.
gen=0
saves=0   # acknowledged, in the logs before this one
new_log() {
  if [ "$gen" -gt 0 ]; then saves=$((saves + $(acks))); fi
  gen=$((gen + 1))
  gen_dir="$work/log-$gen"   # on the real disk: the writer's lines and output, the checker's
  rel="log-$gen/wal"         # the log, under the mount and under the backing root
  mkdir -p "$gen_dir" "$lfs/mnt/log-$gen"
  : >"$gen_dir/acks.log"
}

acks() { grep -c '^ack ' "$gen_dir/acks.log" || true; }

start_writer() {
  acks_at_start="$(acks)"
  writer_started=$(date +%s%N)
  java_run io.github.jwal.campaign.CampaignWriter "$lfs/mnt/$rel" "$seed" "$1" $self_test \
    >>"$gen_dir/acks.log" 2>>"$gen_dir/writer.err" &
  writer_pid=$!
  disown "$writer_pid"
}

# Waits until the writer has had a save acknowledged since it started, so that every cut falls on
# a writer at work. Fails if it stopped first, or took a minute.
await_progress() {
  local deadline=$((SECONDS + 60))
  while [ "$(acks)" -le "$acks_at_start" ]; do
    alive "$writer_pid" && [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}

stop_writer() {
  if [ -n "$writer_pid" ]; then
    kill_and_reap "$writer_pid"
    writer_pid=""
  fi
}

# 4. The faults.
tail_segment() { ls "$lfs/root/$rel" 2>/dev/null | grep '\.wal$' | sort | tail -n 1 || true; }

# A random non-empty proper subset of 1..K, in random order.
random_parts() {
  local k=$1 parts=() i j t
  for ((i = 1; i <= k; i++)); do parts+=("$i"); done
  for ((i = k - 1; i > 0; i--)); do
    j=$((RANDOM % (i + 1))); t=${parts[i]}; parts[i]=${parts[j]}; parts[j]=$t
  done
  local IFS=,
  echo "${parts[*]:0:$((1 + RANDOM % (k - 1)))}"
}

torn_command() {
  local path="$lfs/root/$rel/$2" k
  if [ "$1" = torn-op ]; then
    k=$((2 + RANDOM % 7))
    echo "lazyfs::torn-op::file=$path::parts=$k::persist=$(random_parts "$k")"
  else
    # Two writes without an fsync between them: a hard state saved alone (raft's commit-only
    # save, never synced) and the next save. LazyFS dies after the highest listed write, which it
    # takes to be the last one listed: one number only.
    echo "lazyfs::torn-seq::op=write::file=$path::persist=$((1 + RANDOM % 2))"
  fi
}

# Arms the torn write on the tail segment, again on each new tail, until LazyFS dies of it. If no
# write came within 20 s, or the writer stopped, cuts the power plainly instead and fails.
tear() {
  local armed="" tail deadline=$((SECONDS + 20))
  fault=""
  while alive "$lazyfs_pid"; do
    tail="$(tail_segment)"
    if [ -n "$tail" ] && [ "$tail" != "$armed" ]; then
      fault="$(torn_command "$1" "$tail")"
      lazyfs_cmd "$fault"
      armed="$tail"
    fi
    if ! alive "$writer_pid" || [ "$SECONDS" -ge "$deadline" ]; then
      sleep 0.2   # the writer may have stopped because LazyFS is dying
      alive "$lazyfs_pid" || break
      stop_writer
      clear_cache
      return 1
    fi
    sleep 0.01
  done
  stop_writer   # it fails on the dead mount by itself; make sure it is gone
  # What reached the disk, as LazyFS logged it.
  fault="$fault; $(grep -o 'will persist.*\|Going to persist the write [0-9]*' "$lfs/lazyfs.out" |
    paste -sd ';' - || true)"
}

# 5. The campaign.
by_plain=0; by_torn_op=0; by_torn_seq=0; fell_back=0
checked=0; lost=0; corrupt=0; unopenable=0; intact=0; repairs=0
failures=()
cuts_log="$work/cuts.tsv"
printf 'cut\tkind\tseconds\tverdict\tfault\n' >"$cuts_log"

sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

# Cut N: odd ones tear a write (torn-op and torn-seq in turn), even ones cut the power plainly.
# Sets kind and fault.
cut_power() {
  kind=plain
  if (($1 % 4 == 1)); then kind=torn-op; elif (($1 % 4 == 3)); then kind=torn-seq; fi
  if [ "$kind" = plain ]; then
    sleep_ms $((100 + RANDOM % 1400))
    stop_writer
    clear_cache
    fault="lazyfs::clear-cache"
  else
    sleep_ms $((50 + RANDOM % 750))
    if ! tear "$kind"; then
      fell_back=$((fell_back + 1))
      fault="$kind never fired, plain cut instead (last armed: $fault)"
      kind=plain
    fi
  fi
  case "$kind" in
    plain) by_plain=$((by_plain + 1)) ;;
    torn-op) by_torn_op=$((by_torn_op + 1)) ;;
    torn-seq) by_torn_seq=$((by_torn_seq + 1)) ;;
  esac
}

# The number after " KEY=" in a verdict line.
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$2"; }

# Runs the checker on the log as the cut left it (a copy is kept first: the checker repairs).
# Sets verdict and status, and adds up the figures.
check_log() {
  rm -rf "$gen_dir/as-cut"
  cp -a "$lfs/root/$rel" "$gen_dir/as-cut"
  set +e
  verdict="$(java_run io.github.jwal.campaign.CampaignChecker "$lfs/mnt/$rel" "$seed" \
    "$gen_dir/acks.log" 2>"$gen_dir/check-$1.err")"
  status=$?
  set -e
  case "$verdict" in
    unopenable:*)
      unopenable=$((unopenable + 1))
      if [[ "$verdict" == *"| with the damaged tail cut as etcd would: ok "* ]]; then
        intact=$((intact + 1))
      fi
      return ;;
    ok\ *) ;;
    lost\ *) lost=$((lost + $(awk '{print $2}' <<<"$verdict"))) ;;
    corrupt\ *) corrupt=$((corrupt + $(awk '{print $2}' <<<"$verdict"))) ;;
    *) die "cut $1: the checker failed (exit $status): $(tail -n 3 "$gen_dir/check-$1.err")" ;;
  esac
  checked=$((checked + $(field checked "$verdict")))
  repairs=$((repairs + $(field repairs "$verdict")))
}

# Keeps a failed log in $failures_root, as the cut left it and as the checker left it, with what
# explains it; the campaign goes on with a new log.
keep_failure() {
  local dest
  dest="$failures_root/$(date +%Y%m%d-%H%M%S)-seed$seed-cut$1"
  mkdir -p "$dest"
  cp -a "$gen_dir/as-cut" "$dest/as-the-cut-left-it"
  cp -a "$lfs/root/$rel" "$dest/as-the-checker-left-it"
  cp "$gen_dir/acks.log" "$gen_dir/writer.err" "$gen_dir/check-$1.err" \
    "$lfs"/lazyfs-before-remount.* "$dest/" 2>/dev/null || true
  {
    echo "cut $1 ($kind): $2"
    echo "fault: $fault"
    echo "check again: java -cp $jar io.github.jwal.campaign.CampaignChecker DIR $seed $dest/acks.log"
    echo "  (DIR: a copy of as-the-cut-left-it; the checker repairs what it opens)"
  } >"$dest/verdict.txt"
  failures+=("cut $1 ($kind): $2" "  kept in $dest")
  new_log
}

# Starts the writer again on the recovered log. If it cannot go on with a log the checker opened,
# that log counts as unopenable too.
resume_writer() {
  start_writer "$1"
  await_progress && return 0
  stop_writer
  unopenable=$((unopenable + 1))
  keep_failure "$1" "unopenable: the writer failed after the check: $(tail -n 1 "$gen_dir/writer.err")"
  echo "cut $1: ${failures[-2]}"
  start_writer "$1"
  await_progress || die "the writer does not start on a new log: $(tail -n 3 "$gen_dir/writer.err")"
}

echo "LazyFS $lazyfs_bin, cache $cache, work $work"
echo "seed $seed: $cuts cuts, 64 KiB segments, batches of 1-50 entries of 10 B-64 KiB${self_test:+; self-test: $self_test}"
mount_lazyfs
new_log
start_writer 0
await_progress || die "the writer did not start: $(tail -n 3 "$gen_dir/writer.err")"
started=$SECONDS
for ((cut = 1; cut <= cuts; cut++)); do
  cut_power "$cut"
  umount_lazyfs || die "cannot unmount $lfs/mnt"
  mount_lazyfs
  check_log "$cut"
  # From the writer's start to the verdict: one whole cycle.
  seconds="$(awk -v ns=$(($(date +%s%N) - writer_started)) 'BEGIN {printf "%.1f", ns / 1e9}')"
  printf '%d\t%s\t%s\t%s\t%s\n' "$cut" "$kind" "$seconds" "$verdict" "$fault" >>"$cuts_log"
  printf 'cut %3d %-8s %5ss  %s\n' "$cut" "$kind" "$seconds" "$verdict"
  if [ "$status" -ne 0 ]; then keep_failure "$cut" "$verdict"; fi
  ((cut < cuts)) || break
  resume_writer "$cut"
done
stop_writer
saves=$((saves + $(acks)))
elapsed=$((SECONDS - started))

echo
echo "jwal power-loss campaign on LazyFS, seed $seed${self_test:+ (self-test: $self_test)}"
row() { printf '  %-30s %s\n' "$1" "$2"; }
row "power cuts" "$cuts: plain $by_plain, torn-op $by_torn_op, torn-seq $by_torn_seq (torn writes that never fired, cut plainly instead: $fell_back)"
row "saves acknowledged" "$saves"
row "acknowledged entries checked" "$checked (after the snapshot each log opened at)"
row "lost" "$lost"
row "corrupt" "$corrupt"
row "unopenable" "$unopenable ($intact of them with every acknowledged entry there once cut as etcd would)"
row "torn tails repaired" "$repairs"
row "logs" "$gen (a new one after each failure)"
row "time" "$elapsed s, $(awk -v s="$elapsed" -v n="$cuts" 'BEGIN {printf "%.1f", n ? s / n : 0}') s per cut"
for line in "${failures[@]+"${failures[@]}"}"; do echo "  $line"; done
if [ "$keep" = yes ]; then echo "  per cut: $cuts_log"; fi
[ $((lost + corrupt + unopenable)) -eq 0 ]
