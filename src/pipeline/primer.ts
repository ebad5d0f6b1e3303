/**
 * A crude, made-up session that takes the Analyzer through every stage once (core/prime.ts tells why): standing,
 * running, a gap in the data, a standing stop, running again. Its numbers mean nothing and are thrown away; it only
 * has to look enough like running for the contact detector to find steps. Not a simulation: the simulator (src/sim)
 * is a separate, physical model and shares nothing with this.
 *
 * Sensor frame: x up, y right, z forward, given to the Analyzer as its mounting (calibration runs once per session
 * anyway, so priming it would gain nothing). 100 Hz, 13 s.
 */
import type { SampleColumns } from "./analyzer.js";

export const PRIMER_RATE_HZ = 100;
/** Step time and contact time of the made-up running, s (about 170 steps/min). */
const STEP_S = 0.35;
const CONTACT_S = 0.22;

/** What the made-up runner does from each time on, s: stand, run, (gap), run, stand, run; ends at 58 s. */
const PLAN: ReadonlyArray<readonly [number, "stand" | "run"]> = [
  [0, "stand"],
  [2.5, "run"],
  [7.5, "stand"],
  [10, "run"],
];
/** Samples missing between these times, s (a Bluetooth drop). */
const GAP_S = [5, 5.4] as const;
const END_S = 13;

/** The session in blocks of 2048 samples (columns as the reader delivers them). */
export function primerBlocks(): SampleColumns[] {
  const t: number[] = [];
  for (let i = 0; i < END_S * PRIMER_RATE_HZ; i++) {
    const ti = i / PRIMER_RATE_HZ;
    if (ti < GAP_S[0] || ti >= GAP_S[1]) t.push(ti);
  }
  const n = t.length;
  const cols = { t_s: Float64Array.from(t), ax_g: new Float64Array(n), ay_g: new Float64Array(n), az_g: new Float64Array(n), gx_dps: new Float64Array(n), gy_dps: new Float64Array(n), gz_dps: new Float64Array(n) };
  let seed = 12345;
  const noise = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648 - 0.5;
  };
  for (let i = 0; i < n; i++) {
    const ti = cols.t_s[i]!;
    let mode: "stand" | "run" = "stand", since = 0;
    for (const [from, m] of PLAN) if (ti >= from) [mode, since] = [m, from];
    let up = 1, fwd = 0, right = 0, roll = 0, yaw = 0, pitch = 0;
    if (mode === "run") {
      const s = ti - since;
      const phase = (s % STEP_S) / STEP_S;
      const stride = (s % (2 * STEP_S)) / (2 * STEP_S);
      const side = stride < 0.5 ? 1 : -1;
      const tau = (phase * STEP_S) / CONTACT_S;
      if (tau < 1) {
        up = 0.1 + 2.7 * Math.sin(Math.PI * tau);
        fwd = -0.4 * Math.sin(2 * Math.PI * tau);
        right = 0.1 * side;
      } else up = 0.02;
      roll = 25 * Math.sin(2 * Math.PI * stride);
      yaw = 35 * Math.cos(2 * Math.PI * stride);
      pitch = 15 * Math.sin(2 * Math.PI * phase);
    }
    cols.ax_g[i] = up + 0.01 * noise();
    cols.ay_g[i] = right + 0.01 * noise();
    cols.az_g[i] = fwd + 0.01 * noise();
    cols.gx_dps[i] = yaw + 0.2 * noise();
    cols.gy_dps[i] = pitch + 0.2 * noise();
    cols.gz_dps[i] = roll + 0.2 * noise();
  }
  const blocks: SampleColumns[] = [];
  for (let a = 0; a < n; a += 2048) {
    const b = Math.min(n, a + 2048);
    blocks.push({ length: b - a, t_s: cols.t_s.subarray(a, b), ax_g: cols.ax_g.subarray(a, b), ay_g: cols.ay_g.subarray(a, b), az_g: cols.az_g.subarray(a, b), gx_dps: cols.gx_dps.subarray(a, b), gy_dps: cols.gy_dps.subarray(a, b), gz_dps: cols.gz_dps.subarray(a, b) });
  }
  return blocks;
}
