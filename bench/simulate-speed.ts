/**
 * Simulator throughput: generates sessions of increasing length in memory (no file I/O) and prints samples/s and
 * peak RSS, so a regression in the physics model's cost shows up. Run: npx tsx bench/simulate-speed.ts
 */
import { resolveParams, Simulation } from "../src/sim/index.js";

function run(minutes: number): void {
  const sim = new Simulation(resolveParams("weak-abductor", { minutes, track: true, sampleRate_hz: 200, jitter_ms: 1, gapsPerMin: 1 }));
  const t0 = process.hrtime.bigint();
  let n = 0;
  let checksum = 0;
  for (const b of sim.blocks()) {
    n += b.length;
    checksum += b.az_g[0] ?? 0;
  }
  const t1 = process.hrtime.bigint();
  const truth = sim.truth();
  const t2 = process.hrtime.bigint();
  const s = Number(t1 - t0) / 1e9;
  console.log(
    `${String(minutes).padStart(4)} min: ${n.toLocaleString("en")} samples in ${s.toFixed(2)} s = ${(n / s / 1e6).toFixed(2)} M samples/s; ` +
      `truth ${truth.steps.length} steps in ${(Number(t2 - t1) / 1e9).toFixed(2)} s; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (checksum ${checksum.toFixed(3)})`,
  );
}

for (const m of [10, 60]) run(m);
