/** Test helpers: run a simulation fully in memory. */
import { resolveParams, Simulation, type ParamOverrides } from "../../src/sim/index.js";

export interface Collected {
  sim: Simulation;
  n: number;
  t: Float64Array;
  acc: [Float64Array, Float64Array, Float64Array];
  gyr: [Float64Array, Float64Array, Float64Array];
}

export function runSim(preset: string | undefined, overrides: ParamOverrides): Collected {
  const sim = new Simulation(resolveParams(preset, overrides), preset ?? "healthy");
  const cap = sim.totalSamples;
  const t = new Float64Array(cap);
  const acc: [Float64Array, Float64Array, Float64Array] = [new Float64Array(cap), new Float64Array(cap), new Float64Array(cap)];
  const gyr: [Float64Array, Float64Array, Float64Array] = [new Float64Array(cap), new Float64Array(cap), new Float64Array(cap)];
  let n = 0;
  for (const b of sim.blocks()) {
    t.set(b.t_s.subarray(0, b.length), n);
    acc[0].set(b.ax_g.subarray(0, b.length), n);
    acc[1].set(b.ay_g.subarray(0, b.length), n);
    acc[2].set(b.az_g.subarray(0, b.length), n);
    gyr[0].set(b.gx_dps.subarray(0, b.length), n);
    gyr[1].set(b.gy_dps.subarray(0, b.length), n);
    gyr[2].set(b.gz_dps.subarray(0, b.length), n);
    n += b.length;
  }
  return { sim, n, t: t.subarray(0, n), acc: [acc[0].subarray(0, n), acc[1].subarray(0, n), acc[2].subarray(0, n)], gyr: [gyr[0].subarray(0, n), gyr[1].subarray(0, n), gyr[2].subarray(0, n)] };
}

/** A perfect sensor: no noise, offsets, drift or quantisation worth mentioning. */
export const IDEAL_SENSOR: ParamOverrides = {
  accNoise_ugrtHz: 0,
  gyroNoise_mdpsrtHz: 0,
  accBias_g: 0,
  gyroBias_dps: 0,
  gyroBiasWalk_dpsrts: 0,
  quantise: false,
};

export function mean(xs: ArrayLike<number>, from = 0, to = xs.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i]!;
  return s / (to - from);
}
