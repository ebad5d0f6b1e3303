/**
 * Simulator parameters: the runner (gait), the course, the sensor and its imperfections, and fatigue drift.
 * Every physical quantity carries its unit in its name. Defaults describe a recreational runner at an easy pace
 * wearing our own sensor (XIAO nRF52840 Sense, LSM6DS3TR-C) on the sacrum.
 */
import { z } from "zod";
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
export type FatiguedParams = {
    [K in keyof GaitParams]?: number | undefined;
};
/** What callers may override on top of the defaults and a preset. */
export type ParamOverrides = Partial<Omit<SimParams, "fresh" | "fatigued">> & {
    fresh?: Partial<GaitParams>;
    fatigued?: FatiguedParams;
};
export declare const GAIT_KEYS: readonly ["cadence_spm", "contactTime_ms", "pelvicDropLeft_deg", "pelvicDropRight_deg", "anteriorTilt_deg", "propulsion_g"];
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
    walkSpeed_mps: number;
    walkCadence_spm: number;
    /** Sensor mounting spec (see core/mount.ts) or "random" for a uniformly random rotation drawn from the seed. */
    mount: string;
    /** The clip turns on the belt: rotation of the sensor about the body's up axis, degrees (0 = never)... */
    mountSlip_deg: number;
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
export declare const LSM6DS3TRC: {
    readonly accLsbPerRange_mg: number;
    readonly gyroLsbPerRange_mdps: number;
    readonly accNoise_ugrtHz: 135;
    readonly gyroNoise_mdpsrtHz: 6;
};
export declare const DEFAULT_PARAMS: Readonly<SimParams>;
/** A preset changes some parameters of the defaults; flags given on the command line override the preset. */
export interface Preset {
    description: string;
    params: ParamOverrides;
}
export declare const PRESETS: Readonly<Record<string, Preset>>;
/** Validates a full parameter set (after presets and flags are merged); used by the CLI and the library API. */
export declare const simParamsSchema: z.ZodObject<{
    seed: z.ZodNumber;
    sampleRate_hz: z.ZodNumber;
    minutes: z.ZodNumber;
    standStart_s: z.ZodNumber;
    standEnd_s: z.ZodNumber;
    speed_mps: z.ZodNumber;
    fresh: z.ZodObject<{
        cadence_spm: z.ZodNumber;
        contactTime_ms: z.ZodNumber;
        pelvicDropLeft_deg: z.ZodNumber;
        pelvicDropRight_deg: z.ZodNumber;
        anteriorTilt_deg: z.ZodNumber;
        propulsion_g: z.ZodNumber;
    }, z.core.$strip>;
    fatigued: z.ZodObject<{
        cadence_spm: z.ZodOptional<z.ZodNumber>;
        contactTime_ms: z.ZodOptional<z.ZodNumber>;
        pelvicDropLeft_deg: z.ZodOptional<z.ZodNumber>;
        pelvicDropRight_deg: z.ZodOptional<z.ZodNumber>;
        anteriorTilt_deg: z.ZodOptional<z.ZodNumber>;
        propulsion_g: z.ZodOptional<z.ZodNumber>;
    }, z.core.$strip>;
    fatigueStart: z.ZodNumber;
    fatigueRamp_min: z.ZodNumber;
    stepTimeCv: z.ZodNumber;
    contactTimeSd_ms: z.ZodNumber;
    pelvicDropSd_deg: z.ZodNumber;
    pelvicRotation_deg: z.ZodNumber;
    tiltOscillation_deg: z.ZodNumber;
    impact_g: z.ZodNumber;
    ringing_g: z.ZodNumber;
    ringing_hz: z.ZodNumber;
    ringingDecay_ms: z.ZodNumber;
    lateral_g: z.ZodNumber;
    track: z.ZodBoolean;
    walkEvery_min: z.ZodNumber;
    walkBreak_s: z.ZodNumber;
    walkSpeed_mps: z.ZodNumber;
    walkCadence_spm: z.ZodNumber;
    mount: z.ZodString;
    mountSlip_deg: z.ZodNumber;
    mountSlipAt: z.ZodNumber;
    accNoise_ugrtHz: z.ZodNumber;
    gyroNoise_mdpsrtHz: z.ZodNumber;
    accBias_g: z.ZodNumber;
    gyroBias_dps: z.ZodNumber;
    gyroBiasWalk_dpsrts: z.ZodNumber;
    accRange_g: z.ZodNumber;
    gyroRange_dps: z.ZodNumber;
    quantise: z.ZodBoolean;
    jitter_ms: z.ZodNumber;
    gapsPerMin: z.ZodNumber;
    gapMean_ms: z.ZodNumber;
}, z.core.$strict>;
/** Merges defaults, a preset and explicit overrides (deeply for `fresh`/`fatigued`), then validates. */
export declare function resolveParams(preset: string | undefined, overrides?: ParamOverrides): SimParams;
/** Smooth step 0→1 on [0, 1] (C1), clamped outside. */
export declare function smoothstep(u: number): number;
/** Gait parameters at time t_s of the activity (t from the start of the activity, excluding standing). */
export declare function gaitAt(p: SimParams, activity_s: number, out: GaitParams): GaitParams;
