/**
 * The simulated session's timeline: quiet standing, running bouts, walking breaks and every step with its timing and
 * per-step gait values (drawn once, up front, from the seed). Times are on the sensor's true clock, seconds from the
 * first sample.
 */
import { Rng } from "../core/math/rng.js";
import { gaitAt, type GaitParams, type SimParams } from "./params.js";
import { SmoothSteps } from "./smooth.js";

export type SegmentKind = "stand" | "run" | "walk";
export interface Segment {
  kind: SegmentKind;
  start_s: number;
  end_s: number;
}

/** One step: from its initial contact to the next initial contact (of the other foot). */
export interface Step {
  ic_s: number;
  /** Step duration (to the next IC), s. */
  step_s: number;
  /** Ground contact of this foot, s (walking: longer than the step, double support). */
  contact_s: number;
  /** +1 = right foot stance, -1 = left. */
  side: 1 | -1;
  kind: "run" | "walk";
  /** Prescribed peak contralateral drop of this stance before envelopes and lean, degrees. */
  drop_deg: number;
  /** Amplitude of the main vertical stance pulse, g (set so the mean over the step is exactly 1 g). */
  vertical_g: number;
  propulsion_g: number;
  braking_g: number;
  /** Lateral stance force scale (half on the first step of a bout so lateral velocity stays zero-mean). */
  lateral_g: number;
  /** Gait parameter values at this step's IC (fatigue drift applied). */
  gait: GaitParams;
}

export interface Schedule {
  segments: Segment[];
  steps: Step[];
  end_s: number;
  /** Speed along the course, m/s, and its integral (distance). */
  speed: SmoothSteps;
  /** 1 while running, 0 standing or walking (smooth): blends running and walking amplitudes. */
  runMix: SmoothSteps;
  /** 1 during gait (running or walking), 0 standing (smooth): scales the gait oscillations. */
  gaitEnvelope: SmoothSteps;
  /** Start of the activity (end of the first standing period), s: fatigue drift is timed from here. */
  activityStart_s: number;
}

/** Breaking fraction of stance: braking occupies the first 45 % of contact (sacral AP acceleration, Lee 2010 fig.). */
export const BRAKING_FRACTION = 0.45;
/** Impact transient: raised-cosine bump lasting 50 ms from IC (peak at 25 ms). */
export const IMPACT_WIDTH_S = 0.05;
/** Walking: stance of one foot lasts 62 % of the stride (Perry & Burnfield, Gait Analysis, 2nd ed.). */
export const WALK_STANCE_OF_STRIDE = 0.62;
/** Transition time of speed and gait envelopes, s. */
const TRANSITION_S = 2;

/** ∫_0^Tc exp(-t/d)·sin(2πf t) dt (closed form). */
export function ringingIntegral(contact_s: number, freq_hz: number, decay_s: number): number {
  const a = 1 / decay_s;
  const w = 2 * Math.PI * freq_hz;
  const e = Math.exp(-a * contact_s);
  return (w - e * (w * Math.cos(w * contact_s) + a * Math.sin(w * contact_s))) / (a * a + w * w);
}

export function buildSchedule(p: SimParams): Schedule {
  const rng = new Rng(p.seed ^ 0x5eed_0001);
  const segments: Segment[] = [];
  const steps: Step[] = [];
  const activityStart_s = p.standStart_s;
  const activityEnd_s = activityStart_s + p.minutes * 60;
  if (p.standStart_s > 0) segments.push({ kind: "stand", start_s: 0, end_s: p.standStart_s });

  // Plan run / walk bouts by activity time; each bout is then filled with whole steps.
  let t = activityStart_s;
  let side: 1 | -1 = rng.uniform() < 0.5 ? 1 : -1;
  let firstOfBlock = true;
  const runBout_s = p.walkEvery_min > 0 ? p.walkEvery_min * 60 : Infinity;
  let kind: "run" | "walk" = "run";
  while (t < activityEnd_s - 1e-9) {
    const planned = kind === "run" ? Math.min(runBout_s, activityEnd_s - t) : Math.min(p.walkBreak_s, activityEnd_s - t);
    if (kind === "walk" && p.breaksStanding) {
      // a stop (a crossing, a traffic light): quiet standing, no steps; the next bout starts a new block of steps
      segments.push({ kind: "stand", start_s: t, end_s: t + planned });
      t += planned;
      firstOfBlock = true;
      kind = "run";
      continue;
    }
    const boutEnd = t + planned;
    const start = t;
    while (t < boutEnd - 1e-9) {
      const g = gaitAt(p, t - activityStart_s, { ...p.fresh });
      const s = makeStep(p, rng, kind, t, side, g, firstOfBlock);
      steps.push(s);
      t += s.step_s;
      side = side === 1 ? -1 : 1;
      firstOfBlock = false;
    }
    segments.push({ kind, start_s: start, end_s: t });
    if (kind === "run" && p.walkBreak_s > 0 && p.walkEvery_min > 0) kind = "walk";
    else kind = "run";
  }
  const end_s = t + p.standEnd_s;
  if (p.standEnd_s > 0) segments.push({ kind: "stand", start_s: t, end_s });

  const speed = new SmoothSteps(0);
  const runMix = new SmoothSteps(0);
  const gaitEnvelope = new SmoothSteps(0);
  let prevSpeed = 0;
  let prevRun = 0;
  let prevGait = 0;
  for (const seg of segments) {
    const v = seg.kind === "run" ? p.speed_mps : seg.kind === "walk" ? p.walkSpeed_mps : 0;
    const r = seg.kind === "run" ? 1 : 0;
    const g = seg.kind === "stand" ? 0 : 1;
    // Leaving standing: ramp up after the first step's IC (nothing oscillates before it); entering standing: finish
    // the ramp down by the last step's end. Between run and walk: centred on the boundary.
    const centre = prevGait === 0 && g === 1 ? seg.start_s + TRANSITION_S / 2 : prevGait === 1 && g === 0 ? seg.start_s - TRANSITION_S / 2 : seg.start_s;
    speed.add(centre, v - prevSpeed, TRANSITION_S);
    runMix.add(centre, r - prevRun, TRANSITION_S);
    gaitEnvelope.add(centre, g - prevGait, TRANSITION_S);
    prevSpeed = v;
    prevRun = r;
    prevGait = g;
  }
  return { segments, steps, end_s, speed, runMix, gaitEnvelope, activityStart_s };
}

function makeStep(p: SimParams, rng: Rng, kind: "run" | "walk", ic_s: number, side: 1 | -1, g: GaitParams, first: boolean): Step {
  if (kind === "walk") {
    const step_s = (60 / p.walkCadence_spm) * (1 + p.stepTimeCv * clampN(rng.normal()));
    return {
      ic_s,
      step_s,
      contact_s: 2 * step_s * WALK_STANCE_OF_STRIDE,
      side,
      kind,
      drop_deg: 2.5 + 0.3 * clampN(rng.normal()),
      vertical_g: 0.3,
      propulsion_g: 0.12,
      braking_g: 0.12,
      lateral_g: (first ? 0.5 : 1) * 0.04,
      gait: g,
    };
  }
  const step_s = (60 / g.cadence_spm) * (1 + p.stepTimeCv * clampN(rng.normal()));
  const maxContact = 0.95 * step_s;
  const contact_s = Math.min(maxContact, Math.max(0.08, (g.contactTime_ms + p.contactTimeSd_ms * clampN(rng.normal())) / 1000));
  const dropMean = side === 1 ? g.pelvicDropRight_deg : g.pelvicDropLeft_deg;
  const drop_deg = dropMean + p.pelvicDropSd_deg * clampN(rng.normal());
  // Mean specific force over the step must be exactly 1 g: the stance pulse A·sin(πτ/Tc) integrates to 2A·Tc/π.
  const impulse_gs = p.impact_g * IMPACT_WIDTH_S * 0.5 + p.ringing_g * ringingIntegral(contact_s, p.ringing_hz, p.ringingDecay_ms / 1000);
  const vertical_g = ((step_s - impulse_gs) * Math.PI) / (2 * contact_s);
  // Zero net forward impulse at constant speed: braking area = propulsion area.
  const braking_g = (g.propulsion_g * (1 - BRAKING_FRACTION)) / BRAKING_FRACTION;
  return {
    ic_s,
    step_s,
    contact_s,
    side,
    kind,
    drop_deg,
    vertical_g,
    propulsion_g: g.propulsion_g,
    braking_g,
    lateral_g: (first ? 0.5 : 1) * p.lateral_g,
    gait: g,
  };
}

/** Standard normal clamped to ±3 SD so that a rare draw cannot produce a non-physical step. */
function clampN(x: number): number {
  return Math.max(-3, Math.min(3, x));
}
