/**
 * Running-session simulator: schedule → continuous pelvis motion → IMU samples (with mounting, noise, bias,
 * quantisation, jitter and gaps) → session file + truth JSON. Streams: memory does not grow with session length
 * except for the per-step schedule and truth.
 */
import { writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { UserError } from "../core/errors.js";
import { describeMount, formatMount, parseMount } from "../core/mount.js";
import { quat, type Quat } from "../core/math/quat.js";
import { Rng } from "../core/math/rng.js";
import { vec3 } from "../core/math/vec3.js";
import { createSessionWriter, type SessionWriter } from "../session/index.js";
import { quatRotateInv } from "../core/math/quat.js";
import { Kinematics } from "./kinematics.js";
import type { SimParams } from "./params.js";
import { buildSchedule, type Schedule } from "./schedule.js";
import { randomRotation, SensorModel } from "./sensor.js";
import { ROAD, TRACK } from "./track.js";
import { computeTruthSteps, summarise, TRUTH_SCHEMA, type SimTruth } from "./truth.js";

/** A block of simulated samples in canonical units (sensor frame): t in s, acc in g, gyro in deg/s. */
export interface SimBlock {
  length: number;
  t_s: Float64Array;
  ax_g: Float64Array;
  ay_g: Float64Array;
  az_g: Float64Array;
  gx_dps: Float64Array;
  gy_dps: Float64Array;
  gz_dps: Float64Array;
}

export class Simulation {
  readonly params: SimParams;
  readonly preset: string;
  readonly schedule: Schedule;
  readonly kinematics: Kinematics;
  readonly sensor: SensorModel;
  readonly q_sensorToBody: Quat;
  readonly mountSpec: string;
  readonly gaps: Array<[number, number]>;
  readonly totalSamples: number;
  #emitted = 0;

  constructor(params: SimParams, preset = "custom") {
    this.params = params;
    this.preset = preset;
    this.schedule = buildSchedule(params);
    this.kinematics = new Kinematics(params, this.schedule, params.track ? TRACK : ROAD);
    if (params.mount === "random") {
      this.q_sensorToBody = randomRotation(new Rng(params.seed ^ 0x0a11_0004));
      this.mountSpec = "random";
    } else {
      this.q_sensorToBody = parseMount(params.mount);
      this.mountSpec = params.mount;
    }
    this.sensor = new SensorModel(params, this.q_sensorToBody);
    this.totalSamples = Math.floor(this.schedule.end_s * params.sampleRate_hz);
    this.gaps = planGaps(params, this.schedule.end_s);
  }

  /** Samples actually written (total minus those lost in gaps). */
  get emitted(): number {
    return this.#emitted;
  }

  /** Generates the session in blocks of up to `blockSize` samples (arrays are fresh per block). */
  *blocks(blockSize = 4096): Generator<SimBlock> {
    const p = this.params;
    const fs = p.sampleRate_hz;
    const kin = this.kinematics;
    const fWorld = vec3();
    const fBody = vec3();
    const wBody = vec3();
    const q = quat();
    const meas = new Float64Array(6);
    const jitterRng = new Rng(p.seed ^ 0x717e_0005);
    const maxJitter_s = 0.45 / fs;
    const jitterSd_s = p.jitter_ms / 1000;
    let gapIdx = 0;
    let block = newBlock(blockSize);
    const slip_rad = p.mountSlip_deg * (Math.PI / 180);
    const slipStart_s = this.schedule.activityStart_s + p.mountSlipAt * p.minutes * 60;
    for (let i = 0; i < this.totalSamples; i++) {
      const t = i / fs;
      // The sensor keeps sampling through a gap (its bias keeps walking); the samples are simply lost.
      kin.orientation(t, q);
      kin.specificForceWorld(t, fWorld);
      quatRotateInv(fBody, q, fWorld);
      kin.angularVelocityBody(t, wBody);
      // belt slip: the clip turns about a body axis (up by default) by slip_rad over one second (smooth step)
      const u = Math.min(1, Math.max(0, t - slipStart_s));
      const slipNow = slip_rad * u * u * (3 - 2 * u);
      const slipRate = u > 0 && u < 1 ? slip_rad * 6 * u * (1 - u) : 0;
      this.sensor.measure(fBody, wBody, meas, slipNow, slipRate);
      while (gapIdx < this.gaps.length && t >= this.gaps[gapIdx]![1]) gapIdx++;
      const gap = this.gaps[gapIdx];
      if (gap && t >= gap[0] && t < gap[1]) continue;
      let tRec = t;
      if (jitterSd_s > 0) tRec += Math.max(-maxJitter_s, Math.min(maxJitter_s, jitterSd_s * jitterRng.normal()));
      const j = block.length++;
      block.t_s[j] = tRec;
      block.ax_g[j] = meas[0]!;
      block.ay_g[j] = meas[1]!;
      block.az_g[j] = meas[2]!;
      block.gx_dps[j] = meas[3]!;
      block.gy_dps[j] = meas[4]!;
      block.gz_dps[j] = meas[5]!;
      this.#emitted++;
      if (block.length === blockSize) {
        yield block;
        block = newBlock(blockSize);
      }
    }
    if (block.length > 0) yield block;
  }

  /** Truth document; call after `blocks()` has been consumed so that sensor drift and counts are final. */
  truth(): SimTruth {
    const steps = computeTruthSteps(this.schedule, this.kinematics, this.gaps);
    const d = describeMount(this.q_sensorToBody);
    const q = this.q_sensorToBody;
    return {
      schema: TRUTH_SCHEMA,
      params: this.params,
      preset: this.preset,
      sample_rate_hz: this.params.sampleRate_hz,
      mount: {
        spec: this.mountSpec === "random" ? `random (${formatMount(q)})` : this.mountSpec,
        q_sensor_to_body: [q[0]!, q[1]!, q[2]!, q[3]!],
        up: d.up,
        forward: d.forward,
        right: d.right,
      },
      sensor: {
        acc_bias_g: this.sensor.accBias_g,
        gyro_bias_start_dps: this.sensor.gyroBiasStart_dps,
        gyro_bias_end_dps: [...this.sensor.gyroBias_dps],
        saturated_samples: this.sensor.saturated,
      },
      segments: this.schedule.segments,
      gaps: this.gaps,
      samples: this.#emitted,
      duration_s: this.schedule.end_s,
      summary: summarise(steps, this.schedule),
      steps,
    };
  }
}

function newBlock(n: number): SimBlock {
  return {
    length: 0,
    t_s: new Float64Array(n),
    ax_g: new Float64Array(n),
    ay_g: new Float64Array(n),
    az_g: new Float64Array(n),
    gx_dps: new Float64Array(n),
    gy_dps: new Float64Array(n),
    gz_dps: new Float64Array(n),
  };
}

/** Poisson-distributed gaps with exponential durations, never in the first or last 5 s (standing calibration). */
function planGaps(p: SimParams, end_s: number): Array<[number, number]> {
  const gaps: Array<[number, number]> = [];
  if (p.gapsPerMin <= 0) return gaps;
  const rng = new Rng(p.seed ^ 0x6a95_0006);
  const rate_hz = p.gapsPerMin / 60;
  let t = 5;
  for (;;) {
    t += -Math.log(1 - rng.uniform()) / rate_hz;
    const d = Math.max(2 / p.sampleRate_hz, (-Math.log(1 - rng.uniform()) * p.gapMean_ms) / 1000);
    if (t + d > end_s - 5) break;
    gaps.push([t, t + d]);
    t += d;
  }
  return gaps;
}

export interface SimulateToFileOptions {
  out: string;
  truthOut?: string;
  force?: boolean;
  /** Called every ~5 % with the fraction done (for a progress line). */
  onProgress?: (fraction: number) => void;
}

/** Streams a simulation's samples into an open session writer (columns t, ax, ay, az, gx, gy, gz) and closes it. */
export async function writeSamples(sim: Simulation, writer: SessionWriter, onProgress?: (fraction: number) => void): Promise<void> {
  const row = new Float64Array(7);
  let nextReport = 0.05;
  try {
    for (const b of sim.blocks()) {
      for (let i = 0; i < b.length; i++) {
        row[0] = b.t_s[i]!;
        row[1] = b.ax_g[i]!;
        row[2] = b.ay_g[i]!;
        row[3] = b.az_g[i]!;
        row[4] = b.gx_dps[i]!;
        row[5] = b.gy_dps[i]!;
        row[6] = b.gz_dps[i]!;
        writer.writeRow(row);
      }
      await writer.flush();
      const frac = (b.t_s[b.length - 1] ?? 0) / sim.schedule.end_s;
      if (onProgress && frac >= nextReport) {
        onProgress(frac);
        nextReport = frac + 0.05;
      }
    }
  } finally {
    await writer.close();
  }
}

/** Runs a simulation, writing the session (gzip if `out` ends in .gz) and optionally the truth JSON. */
export async function simulateToFile(sim: Simulation, opts: SimulateToFileOptions): Promise<SimTruth> {
  if (opts.truthOut && !opts.force && existsSync(opts.truthOut)) {
    throw new UserError(`${opts.truthOut} exists; pass --force to overwrite it`);
  }
  const p = sim.params;
  const writer = await createSessionWriter(opts.out, {
    metadata: {
      sample_rate_hz: p.sampleRate_hz,
      sensor: "hipgait-sim (LSM6DS3TR-C model)",
      firmware: "simulator",
      runner: `simulated (${sim.preset})`,
      started_at: "2026-01-01T08:00:00Z",
      notes: `simulated with seed ${p.seed}${opts.truthOut ? `; truth in ${opts.truthOut}` : ""}`,
      time_unit: "s",
      acc_unit: "g",
      gyro_unit: "dps",
    },
    columns: ["t", "ax", "ay", "az", "gx", "gy", "gz"],
    decimals: [6, 5, 5, 5, 3, 3, 3],
    overwrite: opts.force ?? false,
  });
  await writeSamples(sim, writer, opts.onProgress);
  const truth = sim.truth();
  if (opts.truthOut) await writeFile(opts.truthOut, JSON.stringify(truth, null, 1) + "\n", { flag: opts.force ? "w" : "wx" });
  return truth;
}
