/**
 * End-to-end speed and memory of `hipgait analyze` from a CSV file, one core: simulated 200 Hz sessions of 10 min,
 * 1 h and 3 h (written once to a temporary folder), each analysed in a fresh process (module loading included).
 * Prints samples/s and peak RSS for the default terminal summary and for --json --out; memory must not grow with
 * session length. Needs `npm run build` first. Run: npx tsx bench/analyze-speed.ts [--keep] (REPS=n, default 3)
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSessionWriter } from "../src/session/index.js";
import { resolveParams, Simulation, writeSamples } from "../src/sim/index.js";

const root = new URL("..", import.meta.url).pathname;
if (!existsSync(join(root, "dist/cli/main.js"))) {
  console.error("bench/analyze-speed: run `npm run build` first");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "hipgait-speed-"));

async function writeSession(minutes: number): Promise<{ file: string; rows: number }> {
  const file = join(dir, `run-${minutes}min.csv`);
  const sim = new Simulation(resolveParams("weak-abductor", { minutes, sampleRate_hz: 200, seed: 3, track: true, gapsPerMin: 0.2, walkEvery_min: 30 }));
  const w = await createSessionWriter(file, { metadata: { sample_rate_hz: 200, time_unit: "s", acc_unit: "g", gyro_unit: "dps" }, columns: ["t", "ax", "ay", "az", "gx", "gy", "gz"], decimals: [5, 5, 5, 5, 3, 3, 3] });
  await writeSamples(sim, w);
  return { file, rows: w.rows };
}

const REPS = Number(process.env.REPS ?? 3);

interface Run {
  /** Whole process, spawn to exit (Node start-up included), s. */
  process_s: number;
  /** From loading hipgait's modules to the end of main(), s. */
  wall_s: number;
  maxRss_mb: number;
}

function analyze(args: string[]): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(root, "bench/lib/run-measured.mjs"), "analyze", ...args], { encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
  const process_s = (performance.now() - t0) / 1000;
  const line = r.stderr.trim().split("\n").pop() ?? "{}";
  const m = JSON.parse(line) as { code: number; wall_s: number; maxRss_mb: number };
  if (m.code !== 0) throw new Error(`analyze failed: ${r.stderr}`);
  return { process_s, wall_s: m.wall_s, maxRss_mb: m.maxRss_mb };
}

/** Median of REPS runs (interleaving is left to the caller); the machine's noise is reported as the min–max range. */
function summarise(runs: Run[]): { med: Run; min_s: number; max_s: number } {
  const sorted = [...runs].sort((a, b) => a.process_s - b.process_s);
  return { med: sorted[Math.floor(sorted.length / 2)]!, min_s: sorted[0]!.process_s, max_s: sorted[sorted.length - 1]!.process_s };
}

console.log(`hipgait analyze, end to end from CSV, one process per run (Node start-up and module loading included),`);
console.log(`200 Hz sessions, median of ${REPS} runs; "summary" is the default terminal output, "json" adds --json --out`);
console.log("session      samples   file MB  output    process s (min-max)   M samples/s   peak RSS MB   steps");
try {
  for (const minutes of [10, 60, 180]) {
    const { file, rows } = await writeSession(minutes);
    const out = join(dir, "out.json");
    const runs: Record<"summary" | "json", Run[]> = { summary: [], json: [] };
    for (let rep = 0; rep < REPS; rep++) {
      runs.summary.push(analyze([file]));
      rmSync(out, { force: true });
      runs.json.push(analyze([file, "--out", out, "--json"]));
    }
    const doc = JSON.parse(readFileSync(out, "utf8")) as { summary: { steps: number } };
    for (const mode of ["summary", "json"] as const) {
      const { med, min_s, max_s } = summarise(runs[mode]);
      console.log(
        `${String(minutes).padStart(4)} min  ${rows.toLocaleString("en").padStart(11)}  ${(statSync(file).size / 1e6).toFixed(0).padStart(7)}  ${mode.padEnd(7)}  ${med.process_s.toFixed(2).padStart(6)} (${min_s.toFixed(2)}-${max_s.toFixed(2)})  ${(rows / med.process_s / 1e6).toFixed(2).padStart(12)}  ${med.maxRss_mb.toFixed(0).padStart(12)}  ${String(doc.summary.steps).padStart(6)}`,
      );
    }
    rmSync(file, { force: true });
  }
} finally {
  if (!process.argv.includes("--keep")) rmSync(dir, { recursive: true, force: true });
}
