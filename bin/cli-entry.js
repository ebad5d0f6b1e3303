// How the `hipgait` command starts, shared by bin/hipgait.js and the benchmarks so that they time what the command
// runs: which compiled CLI module it loads (the esbuild bundle in dist/bundle/, quicker to start, when it is built,
// else the plain compiled CLI, dist/cli/main.js), and one V8 heap setting made before that module loads.
//
// The heap setting: V8 grows the young generation's semi-spaces from 1 MB up to 16 MB when much of what it
// allocates survives a scavenge; an analysis keeps a result object per step, so they grow, and the process's peak
// RSS with them, for no gain in speed. Kept at their initial size (growth factor 1), measured on the 2-vCPU
// development VM (2026-11-26, `hipgait analyze`, the flag set before the CLI loads): peak RSS 116 → 88 MB on the
// 3-hour 200 Hz file at the same speed (median 1.76 vs 1.75 s, 7 interleaved runs), 132 → 101–103 MB on the 6-hour
// 416 Hz file and 92–101 → 77 MB on the 1-hour one. Set here rather than in the CLI's modules because the bundle
// evaluates its shared chunks (the Analyzer's primer allocates) before any code of its entry module; and at run time
// rather than as `--max-semi-space-size`, which only the node command line can give.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--semi-space-growth-factor=1");

const bundled = new URL("../dist/bundle/hipgait.js", import.meta.url);
export const cliEntry = existsSync(fileURLToPath(bundled)) ? bundled : new URL("../dist/cli/main.js", import.meta.url);
