/** Unit inference for columns whose unit a session file does not declare, from a bounded look-ahead of rows. */
import type { AccUnit, GyroUnit, TimeUnit } from "./types.js";
/** Standard gravity, m/s² per g. */
export declare const STANDARD_GRAVITY_MPS2 = 9.80665;
/** Divide a value in this unit by the factor to get seconds. */
export declare const TIME_DIVISOR: Readonly<Record<TimeUnit, number>>;
/** Divide a value in this unit by the factor to get g. */
export declare const ACC_DIVISOR: Readonly<Record<AccUnit, number>>;
/** Multiply a value in this unit by the factor to get deg/s. */
export declare const GYRO_FACTOR: Readonly<Record<GyroUnit, number>>;
/** Plausible IMU sample rates for time-unit inference, Hz. */
export declare const MIN_PLAUSIBLE_RATE_HZ = 10;
export declare const MAX_PLAUSIBLE_RATE_HZ = 5000;
/** Median of the first n values (copies; the input is not reordered). NaN when n is 0. */
export declare function median(values: Float64Array, n?: number): number;
/** Formats a magnitude with about three significant digits: 312, 9.81, 1.00, 0.0123. */
export declare function formatMagnitude(x: number): string;
/** Formats a rate in Hz with at most one decimal and no trailing zeros: 100, 416, 99.9. */
export declare function formatRate(hz: number): string;
/** Formats a duration in seconds briefly: one decimal from 1 s up (10, 7.5), two significant digits below (0.04). */
export declare function formatSeconds(s: number): string;
/**
 * The time unit under which a median step between rows (in file units) is a plausible sample period
 * (10 Hz–5 kHz), or null. The three ranges do not overlap, so the answer is unique.
 */
export declare function inferTimeUnitFromStep(medianStep: number): TimeUnit | null;
/** The accelerometer unit whose 1 g lies near a median |a| (g 0.5–2.5, m/s² 4.9–24.5, mg 500–2500), or null. */
export declare function inferAccUnitFromMedianNorm(medianNorm: number): AccUnit | null;
/** Raw look-ahead values (file units) handed to inferUnits. */
export interface LookaheadSamples {
    rows: number;
    /** Raw time column, or null when the file has none. */
    t: Float64Array | null;
    ax: Float64Array;
    ay: Float64Array;
    az: Float64Array;
    gx: Float64Array | null;
    gy: Float64Array | null;
    gz: Float64Array | null;
}
/** Result of inferUnits: final units, notes for the header and the nominal sample period. */
export interface InferredUnits {
    time: TimeUnit;
    acc: AccUnit;
    gyro: GyroUnit | null;
    notes: string[];
    /** Median step between look-ahead rows, s (NaN with fewer than two rows or without a time column). */
    medianStep_s: number;
}
/** Seconds of data that undeclared acceleration and gyroscope units are inferred from. */
export declare const INFERENCE_WINDOW_S = 10;
/**
 * Decides the units of the look-ahead samples: declared units are kept, undeclared ones are inferred and each
 * inference adds a note. Throws the `fail` callback's error (one line) when the acceleration unit cannot be told.
 * @param declaredRate_hz sample_rate_hz metadata (Hz) or null; gives t = i / rate when there is no time column
 */
export declare function inferUnits(s: LookaheadSamples, declared: {
    time: TimeUnit | null;
    acc: AccUnit | null;
    gyro: GyroUnit | null;
}, declaredRate_hz: number | null, fail: (reason: string) => never): InferredUnits;
