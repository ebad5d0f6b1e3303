/**
 * Ground truth of a simulated session, computed from the continuous motion (not from the sampled signals): per-step
 * events and metrics, the parameters, the mounting and the sensor's offsets. Written next to the session as JSON.
 */
import { DEG } from "../core/math/quat.js";
import { round } from "../core/math/round.js";
import { G0_MPS2, type Kinematics } from "./kinematics.js";
import type { SimParams } from "./params.js";
import type { Schedule, Segment } from "./schedule.js";

export const TRUTH_SCHEMA = "hipgait/sim-truth@1";

export interface TruthStep {
  /** Initial contact, s on the session clock. */
  t: number;
  side: "left" | "right";
  gait: "run" | "walk";
  toe_off_s: number;
  contact_time_ms: number;
  step_time_ms: number;
  /** Peak contralateral pelvic drop during this stance, degrees relative to the standing posture (+ = swing hip lower). */
  pelvic_drop_deg: number;
  /** Pelvic obliquity at initial contact, degrees (+ = right side up). */
  obliquity_at_ic_deg: number;
  /** Vertical excursion of the sensor over this step (max - min height), mm. */
  vertical_oscillation_mm: number;
  /** Range (max - min) of transverse pelvic rotation over this step (one extreme to the other), degrees. */
  pelvic_rotation_range_deg: number;
  /** Range of sagittal pelvic tilt over this step, degrees. */
  pelvic_tilt_range_deg: number;
  /** True when part of the step's stance falls in a recording gap. */
  in_gap: boolean;
}

export interface SimTruth {
  schema: typeof TRUTH_SCHEMA;
  params: SimParams;
  preset: string;
  sample_rate_hz: number;
  mount: { spec: string; q_sensor_to_body: [number, number, number, number]; up: string; forward: string; right: string };
  sensor: { acc_bias_g: [number, number, number]; gyro_bias_start_dps: [number, number, number]; gyro_bias_end_dps: [number, number, number]; saturated_samples: number };
  segments: Segment[];
  gaps: Array<[number, number]>;
  samples: number;
  duration_s: number;
  summary: {
    running_steps: number;
    walking_steps: number;
    running_s: number;
    cadence_spm: number;
    contact_time_ms: { left: number; right: number };
    pelvic_drop_deg: { left: number; right: number };
    vertical_oscillation_mm: number;
  };
  steps: TruthStep[];
}

/** Resolution at which truth extrema are searched, s. */
const TRUTH_DT_S = 0.001;

export function computeTruthSteps(sch: Schedule, kin: Kinematics, gaps: ReadonlyArray<readonly [number, number]>): TruthStep[] {
  const out: TruthStep[] = [];
  const steps = sch.steps;
  for (let k = 0; k < steps.length; k++) {
    const st = steps[k]!;
    const ic = st.ic_s;
    const to = ic + st.contact_s;
    const stanceEnd = Math.min(to, ic + st.step_s);
    // One pass over the step on a fine grid: drop (stance only), tilt and rotation ranges (over the step the
    // transverse rotation swings from one extreme to the other, so its range over the step is the stride range).
    let drop = -Infinity;
    let tMin = Infinity, tMax = -Infinity, rMin = Infinity, rMax = -Infinity;
    const n = Math.ceil(st.step_s / TRUTH_DT_S);
    for (let i = 0; i <= n; i++) {
      const t = ic + (i * st.step_s) / n;
      const a = kin.angles(t);
      if (t <= stanceEnd) drop = Math.max(drop, st.side * a.obliquity_rad);
      tMin = Math.min(tMin, a.anteriorTilt_rad);
      tMax = Math.max(tMax, a.anteriorTilt_rad);
      rMin = Math.min(rMin, a.rotation_rad);
      rMax = Math.max(rMax, a.rotation_rad);
    }
    const oblIc = kin.angles(ic).obliquity_rad;
    out.push({
      t: round(ic, 6),
      side: st.side === 1 ? "right" : "left",
      gait: st.kind,
      toe_off_s: round(to, 6),
      contact_time_ms: round(st.contact_s * 1000, 3),
      step_time_ms: round(st.step_s * 1000, 3),
      pelvic_drop_deg: round(drop / DEG, 4),
      obliquity_at_ic_deg: round(oblIc / DEG, 4),
      vertical_oscillation_mm: round(verticalOscillation_m(kin, ic, st.step_s) * 1000, 2),
      pelvic_rotation_range_deg: round((rMax - rMin) / DEG, 3),
      pelvic_tilt_range_deg: round((tMax - tMin) / DEG, 3),
      in_gap: gaps.some(([a, b]) => a < to && b > ic),
    });
  }
  return out;
}

/**
 * Vertical excursion over one step: integrate a_up = g·(f_up - 1) twice with the initial velocity chosen so that the
 * mean velocity over the step is zero (the pelvis returns to the same height), then take max - min.
 */
function verticalOscillation_m(kin: Kinematics, ic: number, step_s: number): number {
  const n = Math.max(50, Math.ceil(step_s / TRUTH_DT_S));
  const dt = step_s / n;
  const f = new Float64Array(3);
  let v = 0;
  let vSum = 0;
  const vel = new Float64Array(n + 1);
  let aPrev = G0_MPS2 * (kin.specificForceWorld(ic, f)[0]! - 1);
  for (let i = 1; i <= n; i++) {
    const a = G0_MPS2 * (kin.specificForceWorld(ic + i * dt, f)[0]! - 1);
    v += 0.5 * (a + aPrev) * dt;
    aPrev = a;
    vel[i] = v;
    vSum += v;
  }
  const v0 = -vSum / (n + 1);
  let z = 0, zMin = 0, zMax = 0;
  for (let i = 1; i <= n; i++) {
    z += 0.5 * (vel[i - 1]! + vel[i]! + 2 * v0) * dt;
    zMin = Math.min(zMin, z);
    zMax = Math.max(zMax, z);
  }
  return zMax - zMin;
}

export function summarise(steps: TruthStep[], sch: Schedule): SimTruth["summary"] {
  const run = steps.filter((s) => s.gait === "run");
  const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  const side = (sd: "left" | "right"): TruthStep[] => run.filter((s) => s.side === sd);
  const running_s = sch.segments.filter((s) => s.kind === "run").reduce((a, s) => a + s.end_s - s.start_s, 0);
  return {
    running_steps: run.length,
    walking_steps: steps.length - run.length,
    running_s: round(running_s, 3),
    cadence_spm: round((60 * run.length) / running_s, 3),
    contact_time_ms: { left: round(mean(side("left").map((s) => s.contact_time_ms)), 3), right: round(mean(side("right").map((s) => s.contact_time_ms)), 3) },
    pelvic_drop_deg: { left: round(mean(side("left").map((s) => s.pelvic_drop_deg)), 4), right: round(mean(side("right").map((s) => s.pelvic_drop_deg)), 4) },
    vertical_oscillation_mm: round(mean(run.map((s) => s.vertical_oscillation_mm)), 2),
  };
}
