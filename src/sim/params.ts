/**
 * Simulator parameters: the runner (gait), the course, the sensor and its imperfections, and fatigue drift.
 * Every physical quantity carries its unit in its name. Defaults describe a recreational runner at an easy pace
 * wearing our own sensor (XIAO nRF52840 Sense, LSM6DS3TR-C) on the sacrum.
 */
import * as z from "zod";

/** Gait parameters that fatigue may drift (fresh → fatigued). */
export interface GaitParams {
  /** Step rate, both feet, steps per minute. */
  cadence_spm: number;
  /** Ground contact time of one stance, ms. */
  contactTime_ms: number;
  /** Peak contralateral pelvic drop during LEFT stance (the right hip drops), degrees below standing. */
  pelvicDropLeft_deg: number;
  /** Peak contralateral pelvic drop during RIGHT stance (the left hip drops), degrees below standing. */
  pelvicDropRight_deg: number;
  /** Mean anterior pelvic tilt while running relative to the standing posture, degrees (+ = anterior). */
  anteriorTilt_deg: number;
  /** Peak forward (propulsive) specific force at the sacrum late in stance, g. Braking is set by impulse balance. */
  propulsion_g: number;
}

/** Fatigued values: a key left out (or undefined) does not drift. */
export type FatiguedParams = { [K in keyof GaitParams]?: number | undefined };

/** What callers may override on top of the defaults and a preset. */
export type ParamOverrides = Partial<Omit<SimParams, "fresh" | "fatigued">> & { fresh?: Partial<GaitParams>; fatigued?: FatiguedParams };

export const GAIT_KEYS = [
  "cadence_spm",
  "contactTime_ms",
  "pelvicDropLeft_deg",
  "pelvicDropRight_deg",
  "anteriorTilt_deg",
  "propulsion_g",
] as const satisfies readonly (keyof GaitParams)[];

export interface SimParams {
  /** Random seed: the same parameters and seed give byte-identical output. */
  seed: number;
  /** Output sample rate of the sensor, Hz (the LSM6DS3TR-C offers 104, 208, 416 ...; any value is accepted). */
  sampleRate_hz: number;
  /** Duration of the activity (running plus walking breaks), minutes; quiet standing is added before and after. */
  minutes: number;
  standStart_s: number;
  standEnd_s: number;
  /** Running speed, m/s (sets track curvature effects and the lean in curves). */
  speed_mps: number;

  fresh: GaitParams;
  /** Values reached once fatigue has set in; keys left out do not drift. */
  fatigued: FatiguedParams;
  /** Fraction of the activity (0..1) at which the drift starts. */
  fatigueStart: number;
  /** Duration of the drift from fresh to fatigued values, minutes (smooth-step ramp). */
  fatigueRamp_min: number;

  /** Step-to-step variability: coefficient of variation of step time. */
  stepTimeCv: number;
  /** Step-to-step SD of contact time, ms. */
  contactTimeSd_ms: number;
  /** Step-to-step SD of the peak pelvic drop, degrees. */
  pelvicDropSd_deg: number;
  /** Half-amplitude of transverse pelvic rotation at stride frequency, degrees. */
  pelvicRotation_deg: number;
  /** Half-amplitude of sagittal tilt oscillation at step frequency, degrees. */
  tiltOscillation_deg: number;
  /** Amplitude of the impact transient on vertical specific force, g (heel strikers ~0.5–1, forefoot ~0.1). */
  impact_g: number;
  /** Soft-tissue / clip ringing after contact: amplitude g, frequency Hz, decay time constant ms. */
  ringing_g: number;
  ringing_hz: number;
  ringingDecay_ms: number;
  /** Peak medio-lateral specific force in stance that moves the pelvis back toward the midline, g. */
  lateral_g: number;

  /** 400 m track laps (lane 1) with curves to the left, instead of a straight road. */
  track: boolean;
  /** Walking breaks: every N minutes of running (0 = none), each lasting walkBreak_s. */
  walkEvery_min: number;
  walkBreak_s: number;
  /** The breaks are quiet standing (a stop at a crossing) instead of walking. */
  breaksStanding: boolean;
  walkSpeed_mps: number;
  walkCadence_spm: number;

  /** Sensor mounting spec (see core/mount.ts) or "random" for a uniformly random rotation drawn from the seed. */
  mount: string;
  /** The clip turns on the belt: rotation of the sensor about a body axis (mountSlipAxis), degrees (0 = never)... */
  mountSlip_deg: number;
  /**
   * ...about the body's up axis (the clip slides round the belt), its forward axis (180: the clip flipped
   * upside-down, its right axis then pointing left) or its right axis (180: upside-down and facing backwards)...
   */
  mountSlipAxis: "up" | "forward" | "right";
  /** ...at this fraction of the activity (0..1), over one second. */
  mountSlipAt: number;
  /** Accelerometer white noise density, µg/√Hz. */
  accNoise_ugrtHz: number;
  /** Gyroscope white noise density, mdps/√Hz. */
  gyroNoise_mdpsrtHz: number;
  /** SD of the constant per-axis accelerometer offset, g. */
  accBias_g: number;
  /** SD of the constant per-axis gyroscope offset, deg/s. */
  gyroBias_dps: number;
  /** Gyroscope bias random walk, deg/s per √s. */
  gyroBiasWalk_dpsrts: number;
  /** Full-scale ranges; the LSB scales with the range as on the LSM6DS3TR-C (16-bit output). */
  accRange_g: number;
  gyroRange_dps: number;
  /** Round to the LSB and clip at the largest 16-bit code (false: an ideal, continuous sensor for tests). */
  quantise: boolean;
  /** SD of timestamp jitter, ms (clamped to 45 % of the sample period so time stays increasing). */
  jitter_ms: number;
  /** Lost-data gaps (BLE packet loss): mean number per minute and mean duration, ms. */
  gapsPerMin: number;
  gapMean_ms: number;
}

/**
 * Sensor constants of the LSM6DS3TR-C on the XIAO nRF52840 Sense.
 * Sensitivity: ST driver lsm6ds3tr-c_reg.c, acc 0.061/0.122/0.244/0.488 mg/LSB at ±2/4/8/16 g and gyro
 * 4.375/8.75/17.5/35/70 mdps/LSB at ±125/250/500/1000/2000 dps, i.e. LSB = range × 0.0305 mg/g and range × 0.035
 * mdps/(deg/s) (see ../shared/research/ble-protocols.md). Noise densities: datasheet typical values (acc 90 µg/√Hz,
 * gyro 4 mdps/√Hz, ST DocID 030071) [not re-verified here]; we default to 1.5× those to cover belt vibration.
 */
export const LSM6DS3TRC = { accLsbPerRange_mg: 0.488 / 16, gyroLsbPerRange_mdps: 70 / 2000, accNoise_ugrtHz: 135, gyroNoise_mdpsrtHz: 6 } as const;

export const DEFAULT_PARAMS: Readonly<SimParams> = Object.freeze({
  seed: 1,
  sampleRate_hz: 200,
  minutes: 10,
  standStart_s: 10,
  standEnd_s: 10,
  speed_mps: 3.3,
  fresh: {
    // Recreational runners: cadence 171 ± 8 spm (PMC6044588), contact 157–227 ms at 3.8–5.4 m/s (Alcantara 2021),
    // longer at easy pace. Peak CPD a few degrees (Bramah 2018 lab values; group means not verified here).
    cadence_spm: 170,
    contactTime_ms: 250,
    pelvicDropLeft_deg: 4,
    pelvicDropRight_deg: 4,
    anteriorTilt_deg: 6,
    propulsion_g: 0.35,
  },
  fatigued: {},
  fatigueStart: 0.6,
  fatigueRamp_min: 5,
  stepTimeCv: 0.015,
  contactTimeSd_ms: 7,
  pelvicDropSd_deg: 0.5,
  pelvicRotation_deg: 5,
  tiltOscillation_deg: 2,
  impact_g: 0.6,
  ringing_g: 0.25,
  ringing_hz: 18,
  ringingDecay_ms: 20,
  lateral_g: 0.08,
  track: false,
  walkEvery_min: 0,
  walkBreak_s: 60,
  breaksStanding: false,
  walkSpeed_mps: 1.4,
  walkCadence_spm: 112,
  mount: "upright",
  mountSlip_deg: 0,
  mountSlipAxis: "up",
  mountSlipAt: 0.5,
  accNoise_ugrtHz: LSM6DS3TRC.accNoise_ugrtHz,
  gyroNoise_mdpsrtHz: LSM6DS3TRC.gyroNoise_mdpsrtHz,
  accBias_g: 0.01,
  gyroBias_dps: 0.8,
  gyroBiasWalk_dpsrts: 0.0005,
  accRange_g: 16,
  gyroRange_dps: 2000,
  quantise: true,
  jitter_ms: 0,
  gapsPerMin: 0,
  gapMean_ms: 150,
});

/** A preset changes some parameters of the defaults; flags given on the command line override the preset. */
export interface Preset {
  description: string;
  params: ParamOverrides;
}

export const PRESETS: Readonly<Record<string, Preset>> = {
  healthy: {
    description: "recreational runner, symmetric, small pelvic drop, no fatigue drift",
    params: {},
  },
  "weak-abductor": {
    description: "weak right hip abductors: large drop of the left hip in right stance, growing with fatigue",
    params: {
      fresh: { pelvicDropLeft_deg: 4.5, pelvicDropRight_deg: 7.5 },
      fatigued: { pelvicDropLeft_deg: 5.5, pelvicDropRight_deg: 10, anteriorTilt_deg: 8 },
    },
  },
  "low-cadence": {
    description: "overstriding runner: 155 spm, long contact, heavy heel impact; cadence falls further late",
    params: {
      fresh: { cadence_spm: 155, contactTime_ms: 285 },
      fatigued: { cadence_spm: 150, contactTime_ms: 300 },
      impact_g: 1.0,
    },
  },
  "weak-push-off": {
    description: "weak hip extension: low propulsion and long contact, worse with fatigue",
    params: {
      fresh: { propulsion_g: 0.22, contactTime_ms: 275 },
      fatigued: { propulsion_g: 0.15, contactTime_ms: 295, anteriorTilt_deg: 9 },
    },
  },
};

const positive = z.number().finite().positive();
const nonNegative = z.number().finite().nonnegative();

const gaitSchema = z.object({
  cadence_spm: z.number().min(60).max(260),
  contactTime_ms: z.number().min(80).max(1200),
  pelvicDropLeft_deg: z.number().min(-10).max(25),
  pelvicDropRight_deg: z.number().min(-10).max(25),
  anteriorTilt_deg: z.number().min(-30).max(40),
  propulsion_g: z.number().min(0).max(2),
});

/** Validates a full parameter set (after presets and flags are merged); used by the CLI and the library API. */
export const simParamsSchema = z
  .object({
    seed: z.number().int(),
    sampleRate_hz: z.number().min(10).max(5000),
    minutes: z.number().min(0.05).max(24 * 60),
    standStart_s: nonNegative,
    standEnd_s: nonNegative,
    speed_mps: z.number().min(1).max(10),
    fresh: gaitSchema,
    fatigued: gaitSchema.partial(),
    fatigueStart: z.number().min(0).max(1),
    fatigueRamp_min: nonNegative,
    stepTimeCv: z.number().min(0).max(0.2),
    contactTimeSd_ms: nonNegative,
    pelvicDropSd_deg: nonNegative,
    pelvicRotation_deg: z.number().min(0).max(30),
    tiltOscillation_deg: z.number().min(0).max(20),
    impact_g: nonNegative,
    ringing_g: nonNegative,
    ringing_hz: positive,
    ringingDecay_ms: positive,
    lateral_g: nonNegative,
    track: z.boolean(),
    walkEvery_min: nonNegative,
    walkBreak_s: nonNegative,
    breaksStanding: z.boolean(),
    walkSpeed_mps: z.number().min(0.3).max(3),
    walkCadence_spm: z.number().min(60).max(150),
    mount: z.string().min(1),
    mountSlip_deg: z.number().min(-180).max(180),
    mountSlipAxis: z.enum(["up", "forward", "right"]),
    mountSlipAt: z.number().min(0).max(1),
    accNoise_ugrtHz: nonNegative,
    gyroNoise_mdpsrtHz: nonNegative,
    accBias_g: nonNegative,
    gyroBias_dps: nonNegative,
    gyroBiasWalk_dpsrts: nonNegative,
    accRange_g: positive,
    gyroRange_dps: positive,
    quantise: z.boolean(),
    jitter_ms: nonNegative,
    gapsPerMin: nonNegative,
    gapMean_ms: positive,
  })
  .strict()
  .superRefine((p, ctx) => {
    const late = { cadence_spm: p.fatigued.cadence_spm ?? p.fresh.cadence_spm, contactTime_ms: p.fatigued.contactTime_ms ?? p.fresh.contactTime_ms };
    for (const g of [p.fresh, late]) {
      const step_ms = 60000 / g.cadence_spm;
      if (g.contactTime_ms >= step_ms * 0.95) {
        ctx.addIssue({
          code: "custom",
          message: `contact time ${g.contactTime_ms} ms leaves no flight at ${g.cadence_spm} spm (step ${step_ms.toFixed(0)} ms); running needs contact < 95 % of the step`,
        });
      }
    }
  });

/** Merges defaults, a preset and explicit overrides (deeply for `fresh`/`fatigued`), then validates. */
export function resolveParams(preset: string | undefined, overrides: ParamOverrides = {}): SimParams {
  const p = preset === undefined ? PRESETS.healthy : PRESETS[preset];
  if (!p) throw new RangeError(`unknown preset "${preset}"; presets: ${Object.keys(PRESETS).join(", ")}`);
  const merged = {
    ...DEFAULT_PARAMS,
    ...p.params,
    ...overrides,
    fresh: { ...DEFAULT_PARAMS.fresh, ...p.params.fresh, ...overrides.fresh },
    fatigued: { ...DEFAULT_PARAMS.fatigued, ...p.params.fatigued, ...overrides.fatigued },
  };
  const r = simParamsSchema.safeParse(merged);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new RangeError(`invalid simulator parameter ${issue.path.join(".") || "(combination)"}: ${issue.message}`);
  }
  return r.data;
}

/** Smooth step 0→1 on [0, 1] (C1), clamped outside. */
export function smoothstep(u: number): number {
  if (u <= 0) return 0;
  if (u >= 1) return 1;
  return u * u * (3 - 2 * u);
}

/** Gait parameters at time t_s of the activity (t from the start of the activity, excluding standing). */
export function gaitAt(p: SimParams, activity_s: number, out: GaitParams): GaitParams {
  const start_s = p.fatigueStart * p.minutes * 60;
  const ramp_s = p.fatigueRamp_min * 60;
  const w = ramp_s > 0 ? smoothstep((activity_s - start_s) / ramp_s) : activity_s >= start_s ? 1 : 0;
  for (const k of GAIT_KEYS) {
    const f = p.fresh[k];
    const g = p.fatigued[k];
    out[k] = g === undefined ? f : f + (g - f) * w;
  }
  return out;
}
