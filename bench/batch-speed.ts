/**
 * Wall time of `hipgait batch` with one worker against one per core: N simulated 200 Hz sessions (written once to a
 * temporary folder), analysed through the built CLI in a fresh process each time, with --force so that nothing is
 * reused. Prints the median wall time over REPS runs, sessions per second, the speed-up and the process's peak RSS
 * (all threads), with the CPU time of all threads and the load average beforehand: on a machine busy with other work
 * the wall time cannot show the speed-up. Needs `npm run build` first.
 * Run: npx tsx bench/batch-speed.ts [N=8] [MINUTES=30] (REPS=n, default 3)
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createSessionWriter } from "../src/session/index.js";
import { resolveParams, Simulation, writeSamples } from "../src/sim/index.js";

const root = new URL("..", import.meta.url).pathname;
if (!existsSync(join(root, "dist/batch/worker.js"))) {
  console.error("bench/batch-speed: run `npm run build` first");
  process.exit(2);
}
const N = Number(process.argv[2] ?? 8);
const MINUTES = Number(process.argv[3] ?? 30);
const REPS = Number(process.env.REPS ?? 3);
const dir = mkdtempSync(join(tmpdir(), "hipgait-batch-speed-"));
const inputs = join(dir, "sessions");
mkdirSync(inputs);

let rows = 0;
for (let i = 0; i < N; i++) {
  const sim = new Simulation(resolveParams(i % 2 === 0 ? "healthy" : "weak-abductor", { minutes: MINUTES, sampleRate_hz: 200, seed: 100 + i }));
  const w = await createSessionWriter(join(inputs, `run-${String(i + 1).padStart(2, "0")}.csv`), {
    metadata: { sample_rate_hz: 200, started_at: new Date(Date.UTC(2026, 0, 5 + 7 * i, 7)).toISOString().replace(".000Z", "Z"), time_unit: "s", acc_unit: "g", gyro_unit: "dps" },
    columns: ["t", "ax", "ay", "az", "gx", "gy", "gz"],
    decimals: [5, 5, 5, 5, 3, 3, 3],
  });
  await writeSamples(sim, w);
  rows += w.rows;
}

/**
 * Runs the CLI in a child process that reports its own wall time and peak RSS (every thread's memory): the module the
 * `hipgait` command loads (bin/cli-entry.js: the bundle, whose batch workers are bundled too).
 */
const MEASURED = `
const t0 = process.hrtime.bigint();
const { cliEntry, freezeYoungGeneration } = await import(${JSON.stringify(new URL("../bin/cli-entry.js", import.meta.url).href)});
const { main } = await import(cliEntry.href);
freezeYoungGeneration();
const code = await main(process.argv.slice(1));
process.stderr.write("MEASURED " + JSON.stringify({ code, wall_s: Number(process.hrtime.bigint() - t0) / 1e9, cpu_s: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1e6, maxRss_mb: process.resourceUsage().maxRSS / 1024 }) + "\\n");
process.exitCode = code;
`;

function batch(jobs: number): { wall_s: number; cpu_s: number; maxRss_mb: number } {
  const out = join(dir, `out-${jobs}`);
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", MEASURED, "batch", inputs, "--out", out, "--jobs", String(jobs), "--force"], { encoding: "utf8" });
  const line = /MEASURED (.*)/.exec(r.stderr)?.[1];
  if (r.status !== 0 || !line) throw new Error(`batch --jobs ${jobs} failed (${r.status}):\n${r.stderr}`);
  const m = JSON.parse(line) as { code: number; wall_s: number; cpu_s: number; maxRss_mb: number };
  if (m.code !== 0) throw new Error(`batch --jobs ${jobs} exited with ${m.code}:\n${r.stdout}`);
  return m;
}

/**
 * What the machine gives to parallel work, for reading the numbers: `cores` processes spinning on a fixed loop, one
 * after another and then all at once. A shared VM may give its vCPUs far less than a core each.
 */
async function parallelCapacity(cores: number): Promise<number> {
  const spin = () =>
    new Promise<void>((resolve) => spawn(process.execPath, ["-e", "let s = 0; for (let i = 0; i < 4e8; i++) s = (s + i) | 0; if (s === 1) console.log(s);"], { stdio: "ignore" }).on("exit", () => resolve()));
  let t0 = performance.now();
  for (let i = 0; i < cores; i++) await spin();
  const serial = performance.now() - t0;
  t0 = performance.now();
  await Promise.all(Array.from({ length: cores }, spin));
  return serial / (performance.now() - t0);
}

const median = (x: number[]): number => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)]!;
const cores = availableParallelism();
const levels = [...new Set([1, Math.min(2, cores), cores])];
console.log(`batch of ${N} sessions × ${MINUTES} min at 200 Hz (${(rows / 1e6).toFixed(2)} M samples), ${cpus()[0]?.model ?? "CPU"}, ${cores} cores, median of ${REPS}`);
console.log(`machine: ${cores} CPU-bound processes at once finish ${(await parallelCapacity(cores)).toFixed(2)}× faster than one after another`);
// cpu s: CPU time of all the process's threads; wall time can only fall below it with idle cores to spare
console.log(`load average before: ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
console.log("jobs  wall s  cpu s  sessions/s  M samples/s  speed-up  peak RSS MB");
let base = 0;
for (const jobs of levels) {
  const runs = Array.from({ length: REPS }, () => batch(jobs));
  const wall = median(runs.map((r) => r.wall_s));
  if (jobs === 1) base = wall;
  const rss = Math.max(...runs.map((r) => r.maxRss_mb));
  const cpu = median(runs.map((r) => r.cpu_s));
  console.log(`${String(jobs).padStart(4)}  ${wall.toFixed(2).padStart(6)}  ${cpu.toFixed(2).padStart(5)}  ${(N / wall).toFixed(2).padStart(10)}  ${(rows / wall / 1e6).toFixed(2).padStart(11)}  ${(base / wall).toFixed(2).padStart(8)}  ${rss.toFixed(0).padStart(11)}`);
}
rmSync(dir, { recursive: true, force: true });
