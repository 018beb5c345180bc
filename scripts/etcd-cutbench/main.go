// etcd-cutbench times etcd 3.4's wal.Save on a workload that cuts segments, telling the saves that
// cut a segment apart from the others, for scripts/cut-compare.sh. jwal's side is wal-bench's
// CutBenchmark, which makes the same saves (same PRNG, sizes and bytes) and prints the same JSON.
//
// wal.SegmentSizeBytes is a package variable that etcd reads twice: at wal.Create, for the first
// segment and the filePipeline's preallocation size, and in every Save, as the cut threshold. Both
// are set to -segment-bytes here (-prealloc-bytes sets the first apart, to mimic a log created with
// 64 MB segments and cut early).
//
// Built in GOPATH mode against Debian's etcd sources (golang-etcd-server-dev) by
// scripts/etcd-cutbench.sh; nothing is downloaded.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io/ioutil"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"go.etcd.io/etcd/raft/raftpb"
	"go.etcd.io/etcd/wal"
	"go.uber.org/zap"
)

// splitMix64 is the generator both sides use, so that they make the same saves with the same bytes.
type splitMix64 struct{ state uint64 }

func (s *splitMix64) next() uint64 {
	s.state += 0x9E3779B97F4A7C15
	z := s.state
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// between returns a number in [lo, hi].
func (s *splitMix64) between(lo, hi int) int {
	return lo + int(s.next()%uint64(hi-lo+1))
}

type span struct{ lo, hi int }

func parseSpan(name, v string) span {
	parts := strings.SplitN(v, "-", 2)
	lo, err := strconv.Atoi(parts[0])
	hi := lo
	if err == nil && len(parts) == 2 {
		hi, err = strconv.Atoi(parts[1])
	}
	if err != nil || lo < 0 || hi < lo {
		fmt.Fprintf(os.Stderr, "-%s: want N or LO-HI, got %q\n", name, v)
		os.Exit(2)
	}
	return span{lo, hi}
}

type result struct {
	Impl         string  `json:"impl"`
	SegmentBytes int64   `json:"segmentBytes"`
	EntryBytes   string  `json:"entryBytes"`
	Batch        string  `json:"batch"`
	Seconds      float64 `json:"seconds"`
	Saves        int     `json:"saves"`
	Cuts         int     `json:"cuts"`
	Bytes        int64   `json:"payloadBytes"`
	// CPUSeconds is the process's user and system time while it saved (the GC's included).
	CPUSeconds float64 `json:"cpuSeconds"`
	// SaveUs holds every save's time in µs, in order; CutSaves the positions in it of those that cut.
	SaveUs   []float64 `json:"saveUs"`
	CutSaves []int     `json:"cutSaves"`
}

// cutAfter tells whether the save that ended at entry index made etcd cut: a cut names the new
// segment after the next sequence number and the index that follows. One stat, outside the timed
// region (listing the directory would cost more CPU as the segments pile up).
func cutAfter(dir string, seq, index uint64) bool {
	_, err := os.Stat(filepath.Join(dir, fmt.Sprintf("%016x-%016x.wal", seq+1, index+1)))
	if err != nil && !os.IsNotExist(err) {
		panic(err)
	}
	return err == nil
}

func cpuSeconds() float64 {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		panic(err)
	}
	return float64(u.Utime.Nano()+u.Stime.Nano()) / 1e9
}

// metadata is what etcd's server writes (node 1, cluster 2); jwal's side writes the same bytes.
var metadata = []byte{0x08, 0x01, 0x10, 0x02}

type config struct {
	base               string
	segBytes, preBytes int64
	entries, batches   span
	seed               uint64
	keep               bool
	saves              int
}

// run makes a fresh log and saves into it for dur: the same saves, from the seed, on every call.
func run(c config, dur time.Duration) result {
	rnd := &splitMix64{c.seed}
	data := make([]byte, c.entries.hi)
	for i := range data {
		data[i] = byte(rnd.next())
	}

	dir, err := ioutil.TempDir(c.base, "etcd-cut-")
	if err != nil {
		panic(err)
	}
	if !c.keep {
		defer os.RemoveAll(dir)
	}
	walDir := filepath.Join(dir, "wal")
	wal.SegmentSizeBytes = c.preBytes
	w, err := wal.Create(zap.NewNop(), walDir, metadata)
	if err != nil {
		panic(err)
	}
	wal.SegmentSizeBytes = c.segBytes

	res := result{Impl: "etcd", SegmentBytes: c.segBytes}
	runtime.GC()
	var index, seq uint64
	cpu := cpuSeconds()
	start := time.Now()
	for time.Since(start) < dur && (c.saves == 0 || res.Saves < c.saves) {
		ents := make([]raftpb.Entry, rnd.between(c.batches.lo, c.batches.hi))
		for i := range ents {
			index++
			size := rnd.between(c.entries.lo, c.entries.hi)
			ents[i] = raftpb.Entry{Term: 1, Index: index, Type: raftpb.EntryNormal, Data: data[:size]}
			res.Bytes += int64(size)
		}
		st := raftpb.HardState{Term: 1, Vote: 1, Commit: index}
		t0 := time.Now()
		if err := w.Save(st, ents); err != nil {
			panic(err)
		}
		took := float64(time.Since(t0).Nanoseconds()) / 1000
		if cutAfter(walDir, seq, index) {
			seq++
			res.Cuts++
			res.CutSaves = append(res.CutSaves, res.Saves)
		}
		res.SaveUs = append(res.SaveUs, took)
		res.Saves++
	}
	res.Seconds = time.Since(start).Seconds()
	res.CPUSeconds = cpuSeconds() - cpu
	if err := w.Close(); err != nil {
		panic(err)
	}
	if c.keep {
		fmt.Fprintln(os.Stderr, walDir)
	}
	return res
}

func main() {
	base := flag.String("dir", os.TempDir(), "directory to make the log in (a fresh subdirectory, deleted after)")
	dur := flag.Duration("duration", 5*time.Second, "how long to save")
	warmup := flag.Duration("warmup", 0, "save this long first into another log, not reported (jwal's side warms up its JIT)")
	segBytes := flag.Int64("segment-bytes", 64*1024, "wal.SegmentSizeBytes during the saves (the cut threshold)")
	preBytes := flag.Int64("prealloc-bytes", 0, "wal.SegmentSizeBytes at Create (preallocation size); 0: -segment-bytes")
	entry := flag.String("entry-bytes", "10-65536", "entry payload size: N, or LO-HI drawn uniformly")
	batch := flag.String("batch", "1-50", "entries per save: N, or LO-HI drawn uniformly")
	seed := flag.Uint64("seed", 42, "seed of the save sizes and bytes")
	keep := flag.Bool("keep", false, "keep the measured log and print its directory on stderr")
	saves := flag.Int("saves", 0, "stop after this many saves (0: run for -duration); with -keep, to compare logs")
	flag.Parse()
	c := config{base: *base, segBytes: *segBytes, preBytes: *preBytes, seed: *seed, keep: *keep, saves: *saves,
		entries: parseSpan("entry-bytes", *entry), batches: parseSpan("batch", *batch)}
	if c.preBytes == 0 {
		c.preBytes = c.segBytes
	}
	if *warmup > 0 {
		w := c
		w.keep = false
		run(w, *warmup)
	}
	res := run(c, *dur)
	res.EntryBytes, res.Batch = *entry, *batch
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		panic(err)
	}
}
