// How the `hipgait` command starts, shared by bin/hipgait.js and the benchmarks so that they time what the command
// runs: which compiled CLI module it loads (the esbuild bundle in dist/bundle/, quicker to start, when it is built,
// else the plain compiled CLI, dist/cli/main.js), and one V8 heap setting to make once that module has loaded.
//
// The heap setting: V8 grows the young generation's semi-spaces from 1 MB up to 16 MB when much of what it
// allocates survives a scavenge. Loading the CLI (its bundle, zod's schemas, the Analyzer's primer) is such a phase:
// on Node 20 the semi-spaces reach 4 MB by the time the CLI module has loaded (8 MB of new space). An analysis then
// keeps a result object per step, so they would go on growing to 16 MB, and the process's peak RSS with them, for no
// gain in speed. `freezeYoungGeneration` (growth factor 1 once the young generation holds 8 MB, see below), called
// once the CLI module has loaded, keeps them at 4 MB. Measured on the 2-vCPU development VM (2026-11-26, `hipgait
// analyze`):
// - never frozen: peak RSS 116 MB on the 3-hour 200 Hz file, 132 MB on the 6-hour 416 Hz one (growth from 1 to 6 hours
//   41 MB, over the 40 MB of issue 9);
// - frozen before the CLI loaded (1 MB semi-spaces throughout): 82–88 and 98–101 MB, but ~135 scavenges and
//   ~0.1–0.18 s of garbage collection on the 3-hour file;
// - frozen after it loaded (4 MB): 88 and 103 MB (growth 1 → 6 h 24 MB), 40 scavenges and ~0.09 s: the 3-hour file
//   1.52 → 1.35 s, the 6-hour 4.42 → 3.70 s, the 1-hour 416 Hz 1.34 → 1.18 s (medians of 7 interleaved runs, or
//   single runs for 1 and 6 hours).
// At run time rather than as `--max-semi-space-size`, which only the node command line can give (set at run time it
// has no effect; measured).
// Since the output schemas load only when a document is written, start-up allocates less and the semi-spaces were
// 2 MB, not 4, when the CLI had loaded (a 15-minute file then took 22 scavenges instead of 15, and the bad-input
// matrix's memory test of a 1-hour file grew by 21.6 MB instead of 14). So the freeze now waits for the size itself:
// growth stays on until the young generation holds 8 MB (two 4 MB semi-spaces), checked after each collection of
// this thread, and stops there; a short session that never gets there keeps the smaller size. The flag is V8's, for
// the whole process: `hipgait batch`'s workers have heaps of their own and grow until the main thread's young
// generation reaches 8 MB, which in a batch it may never do (peak RSS of a batch measured lower than before all the
// same: docs/batch.md).
import { existsSync } from "node:fs";
import { PerformanceObserver } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";

/** Size of V8's young generation (both semi-spaces) at which its growth is stopped, bytes. */
const YOUNG_GENERATION_BYTES = 8 * 1024 * 1024;

function youngGenerationBytes() {
  return getHeapSpaceStatistics().find((s) => s.space_name === "new_space")?.space_size ?? 0;
}

/** Lets V8's young generation grow to YOUNG_GENERATION_BYTES and no further (see the heap setting above). */
export function freezeYoungGeneration() {
  const freeze = () => setFlagsFromString("--semi-space-growth-factor=1");
  if (youngGenerationBytes() >= YOUNG_GENERATION_BYTES) {
    freeze();
    return;
  }
  const watch = new PerformanceObserver(() => {
    if (youngGenerationBytes() < YOUNG_GENERATION_BYTES) return;
    freeze();
    watch.disconnect();
  });
  watch.observe({ entryTypes: ["gc"] });
}

const bundled = new URL("../dist/bundle/hipgait.js", import.meta.url);
export const cliEntry = existsSync(fileURLToPath(bundled)) ? bundled : new URL("../dist/cli/main.js", import.meta.url);
