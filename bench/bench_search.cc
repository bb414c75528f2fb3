// The contiguous-search benchmarks (Google Benchmark).
//
//   BM_ContigSearch/<case>/pages:<P>/<strategy>
//     One uvm_pglistalloc per iteration on a machine built outside the
//     timed loop (cases.h).  A search that succeeds is timed with the
//     allocation of its pages; freeing them and putting the hint back
//     are not timed, so every iteration sees the same machine.  There
//     timing is manual around the one call, and the timer's own cost
//     (BM_TimerFloor) is in the figure, for every strategy alike.  A
//     case with no fit changes nothing, so Google Benchmark times its
//     loop as usual.
//   BM_AllocFreeTrace/pages:<P>/<strategy>
//     Throughput: one operation per iteration from a fixed mixed trace
//     (contiguous and scattered allocations of 1-512 pages, frees of the
//     oldest lists), all timed, so the index's update cost shows.
//   BM_Calibration/cache, BM_Calibration/llc
//     Fixed scans, no core code, over a buffer that stays in the private
//     caches and over one as large as the last-level cache: the
//     regression gate divides every time by one of them (by the search's
//     bytes_read), so runs on a busier or another machine compare.
//   BM_TimerFloor
//     The manual timer around an empty region.
//
// Own flags, read after Google Benchmark's: --quick (the reduced set of
// ci/bench.sh --quick) and --smoke (each family once on its smallest
// case, for ci/test.sh).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "cases.h"
#include "uvmlab/stats.h"

namespace {

using Clock = std::chrono::steady_clock;

double
Seconds(Clock::time_point a, Clock::time_point b)
{
	return std::chrono::duration<double>(b - a).count();
}

// Google Benchmark calls a benchmark several times (to choose the
// iteration count, then once per repetition); every iteration leaves the
// machine as it found it, so the last one built is kept for the next call.
struct CachedMachine {
	const bench_case *c = nullptr;
	uvmlab_strategy s = UVMLAB_STRAT_COUNT;
	uvm_machine *m = nullptr;
	~CachedMachine() { uvmlab_machine_destroy(m); }
};

uvm_machine *
MachineFor(const bench_case *c, uvmlab_strategy s)
{
	static CachedMachine cache;
	if (cache.c != c || cache.s != s) {
		uvmlab_machine_destroy(cache.m);
		cache.m = bench_machine(c, s);
		cache.c = c;
		cache.s = s;
	}
	return cache.m;
}

void
BM_ContigSearch(benchmark::State &state, const bench_case *c, uvmlab_strategy s)
{
	uvm_machine *m = MachineFor(c, s);
	if (m == nullptr) {
		state.SkipWithError("the core refused the layout (host memory?)");
		return;
	}
	uint64_t examined = bench_examined(m), bytes = bench_bytes_read(m);
	bool found = false;
	for (auto _ : state) {
		if (!c->fits) {
			uvmlab_list_t list = bench_search(m, c);
			benchmark::DoNotOptimize(list);
			if (list != UINT32_MAX) {
				bench_undo(m, list);
				state.SkipWithError("a no-fit case found a fit");
				break;
			}
			continue;
		}
		auto t0 = Clock::now();
		uvmlab_list_t list = bench_search(m, c);
		auto t1 = Clock::now();
		benchmark::DoNotOptimize(list);
		state.SetIterationTime(Seconds(t0, t1));
		found = list != UINT32_MAX;
		bench_undo(m, list);
	}
	state.counters["examined"] = benchmark::Counter(
		static_cast<double>(bench_examined(m) - examined), benchmark::Counter::kAvgIterations);
	// the gate picks its yardstick by it
	state.counters["bytes_read"] = benchmark::Counter(
		static_cast<double>(bench_bytes_read(m) - bytes), benchmark::Counter::kAvgIterations);
	state.counters["index_bits_per_page"] =
		static_cast<double>(uvmlab_index_bytes(m)) * 8.0 / c->pages;
	state.SetItemsProcessed(state.iterations());
	state.SetLabel(found	     ? "search+alloc timed; free+hint restore untimed"
		       : c->fits ? "search timed; it fails"
				 : "no fit: the search alone, Google Benchmark's timing");
}

// A fixed mixed trace: what each iteration of BM_AllocFreeTrace does.
struct TraceOp {
	uint32_t npages; // 0: free the oldest live list
	uint32_t nsegs;	 // 0: one contiguous run; npages: scattered
	paddr_t align;
};

std::vector<TraceOp>
MakeTrace()
{
	std::vector<TraceOp> trace;
	uint64_t x = 0x7261636573ull; // fixed seed, xorshift
	auto next = [&x]() {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		return x;
	};
	for (int i = 0; i < 4096; i++) {
		if (next() % 2 == 0) {
			trace.push_back({0, 0, 0});
			continue;
		}
		uint32_t npages = 1u << (next() % 10); // 1 .. 512
		bool scattered = next() % 3 == 0;
		paddr_t align = !scattered && next() % 4 == 0 ? 16 * PAGE_SIZE : 0;
		trace.push_back({npages, scattered ? npages : 0, align});
	}
	return trace;
}

void
BM_AllocFreeTrace(benchmark::State &state, uint32_t pages, uvmlab_strategy s)
{
	static const std::vector<TraceOp> trace = MakeTrace();
	bench_case fresh{};
	fresh.layout = LAYOUT_FRESH;
	fresh.pages = pages;
	fresh.npages = 1;
	fresh.high = UINT64_MAX;
	uvm_machine *m = bench_machine(&fresh, s);
	if (m == nullptr) {
		state.SkipWithError("the core refused the layout (host memory?)");
		return;
	}
	std::vector<uvmlab_list_t> live; // oldest first
	size_t oldest = 0, at = 0;
	auto step = [&]() {
		const TraceOp &op = trace[at];
		at = (at + 1) % trace.size();
		uvmlab_list_t l;
		if (op.npages == 0) {
			if (oldest < live.size())
				uvm_pglistfree(m, live[oldest++]);
			return;
		}
		if (uvm_pglistalloc(m, ptoa(op.npages), 0, UINT64_MAX, op.align, 0,
				    static_cast<int>(op.nsegs), false, &l) == 0)
			live.push_back(l);
		if (oldest > 4096) { // keep the vector short
			live.erase(live.begin(), live.begin() + static_cast<long>(oldest));
			oldest = 0;
		}
	};
	for (size_t i = 0; i < 2 * trace.size(); i++) // reach a steady state, untimed
		step();
	for (auto _ : state)
		step();
	state.SetItemsProcessed(state.iterations());
	state.SetLabel("mixed alloc/free trace, every operation timed");
	uvmlab_machine_destroy(m);
}

// The gate's yardsticks, no core code: a fixed scan of a buffer that
// stays in the private caches (1 MiB), and of one as large as the
// last-level cache.  The second behaves as faithful's scans of a 1 Mi-page
// segment's descriptors (32 MiB) do: on a quiet machine much of it stays
// in the last-level cache between iterations; when a neighbour (another
// core, another tenant of the host) takes that cache, it streams from
// memory and takes several times as long.
void
BM_Calibration(benchmark::State &state, size_t bytes, const char *label)
{
	std::vector<uint64_t> buf(bytes / 8, 0x9e3779b97f4a7c15ull);
	for (auto _ : state) {
		uint64_t sum = 0;
		for (uint64_t v : buf) {
			sum += v ^ (sum >> 3);
		}
		benchmark::DoNotOptimize(sum);
	}
	state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes));
	state.SetLabel(label);
}

void
BM_TimerFloor(benchmark::State &state)
{
	for (auto _ : state) {
		auto t0 = Clock::now();
		benchmark::ClobberMemory();
		auto t1 = Clock::now();
		state.SetIterationTime(Seconds(t0, t1));
	}
	state.SetLabel("the manual timer around nothing");
}

size_t
LastLevelCacheBytes()
{
	size_t llc = 0;
	for (const auto &c : benchmark::CPUInfo::Get().caches) {
		if (c.type != "Instruction")
			llc = std::max(llc, static_cast<size_t>(c.size));
	}
	return llc > 0 ? llc : size_t{32} << 20; // 32 MiB where the library cannot tell
}

bool
HasFlag(int argc, char **argv, const char *flag)
{
	for (int i = 1; i < argc; i++) {
		if (std::strcmp(argv[i], flag) == 0)
			return true;
	}
	return false;
}

} // namespace

int
main(int argc, char **argv)
{
	benchmark::Initialize(&argc, argv);
	bool quick = HasFlag(argc, argv, "--quick"), smoke = HasFlag(argc, argv, "--smoke");
	size_t ncases;
	const bench_case *cases = bench_cases(&ncases);
	uint32_t smallest = cases[0].pages;

	benchmark::RegisterBenchmark("BM_Calibration/cache", BM_Calibration, size_t{1} << 20,
				     "fixed scan of 1 MiB: the yardstick of searches in cache");
	benchmark::RegisterBenchmark("BM_Calibration/llc", BM_Calibration, LastLevelCacheBytes(),
				     "fixed scan as large as the last-level cache: the yardstick "
				     "of searches that read more than a quarter of it");
	benchmark::RegisterBenchmark("BM_TimerFloor", BM_TimerFloor)->UseManualTime();
	for (unsigned s = 0; s < UVMLAB_STRAT_COUNT; s++) {
		auto st = static_cast<uvmlab_strategy>(s);
		std::string sname = uvmlab_strategy_name(st);
		for (size_t i = 0; i < ncases; i++) {
			const bench_case *c = &cases[i];
			if ((quick && !c->quick) || (smoke && i > 0))
				continue;
			std::string name = "BM_ContigSearch/" + std::string(c->name) +
					   "/pages:" + std::to_string(c->pages) + "/" + sname;
			auto *b = benchmark::RegisterBenchmark(name.c_str(), BM_ContigSearch, c, st);
			if (c->fits)
				b->UseManualTime();
		}
		uint32_t pages = smoke ? smallest : 1024 * 1024;
		std::string name = "BM_AllocFreeTrace/pages:" + std::to_string(pages) + "/" + sname;
		benchmark::RegisterBenchmark(name.c_str(), BM_AllocFreeTrace, pages, st);
	}
	benchmark::RunSpecifiedBenchmarks();
	benchmark::Shutdown();
	return 0;
}
