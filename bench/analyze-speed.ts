/**
 * End-to-end speed and memory of `hipgait analyze` from a CSV file, one core: simulated 200 Hz sessions of 10 min,
 * 1 h and 3 h (written once to a temporary folder), each analysed in a fresh process (module loading included).
 * Prints samples/s and peak RSS; memory must not grow with session length. Needs `npm run build` first.
 * Run: npx tsx bench/analyze-speed.ts [--keep]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
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

console.log("hipgait analyze, end to end from CSV (fresh process per run, module loading included), 200 Hz sessions");
console.log("session      samples     file MB   wall s   M samples/s   peak RSS MB   steps");
try {
  for (const minutes of [10, 60, 180]) {
    const { file, rows } = await writeSession(minutes);
    const out = join(dir, "out.json");
    const best = { wall_s: Infinity, maxRss_mb: 0 };
    for (let rep = 0; rep < 2; rep++) {
      rmSync(out, { force: true });
      const r = spawnSync(process.execPath, [join(root, "bench/lib/run-measured.mjs"), "analyze", file, "--out", out, "--json"], { encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
      const line = r.stderr.trim().split("\n").pop() ?? "{}";
      const m = JSON.parse(line) as { code: number; wall_s: number; maxRss_mb: number };
      if (m.code !== 0) throw new Error(`analyze failed: ${r.stderr}`);
      if (m.wall_s < best.wall_s) Object.assign(best, m);
    }
    const doc = JSON.parse(await import("node:fs").then((fs) => fs.readFileSync(out, "utf8"))) as { summary: { steps: number } };
    console.log(
      `${String(minutes).padStart(4)} min  ${rows.toLocaleString("en").padStart(11)}  ${(statSync(file).size / 1e6).toFixed(0).padStart(8)}  ${best.wall_s.toFixed(2).padStart(7)}  ${(rows / best.wall_s / 1e6).toFixed(2).padStart(12)}  ${best.maxRss_mb.toFixed(0).padStart(12)}  ${String(doc.summary.steps).padStart(6)}`,
    );
    rmSync(file, { force: true });
  }
} finally {
  if (!process.argv.includes("--keep")) rmSync(dir, { recursive: true, force: true });
}
