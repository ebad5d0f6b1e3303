/**
 * Quiet-standing detector: flags windows where the pelvis is still (accelerometer ≈ 1 g with little variation and,
 * when present, an almost constant gyroscope), and reports the mean specific force and mean angular rate over the
 * quiet stretch (the gravity direction and the gyro bias in the sensor frame). Streaming, fixed memory.
 */
import { SampleFrame } from "../core/frame.js";
export interface QuietSettings {
    sampleRate_hz: number;
    /** Length of one analysis window, s. */
    window_s: number;
    /** |mean ‖f‖ − 1 g| must stay below this, g. */
    maxNormError_g: number;
    /**
     * SD of each accelerometer axis within a window, g. Quiet standing sways by well under 0.01 g; the limit leaves
     * room for sensor noise (a noisy phone IMU reaches 0.02 g per sample) while walking stays far above (≈ 0.2 g).
     */
    maxAccSd_g: number;
    /** SD of each gyro axis within a window, deg/s (a constant bias is allowed; motion is not; walking ≫ 10 deg/s). */
    maxGyroSd_dps: number;
    /** Mean gyro norm after removing the current bias estimate must stay below this, deg/s (Research note §1.1: 5 deg/s). */
    maxGyroNorm_dps: number;
}
export declare const DEFAULT_QUIET: Readonly<QuietSettings>;
/** One finished stretch of quiet standing. */
export interface QuietStretch {
    start_s: number;
    end_s: number;
    /** Mean specific force, sensor frame, g. */
    meanAcc_g: [number, number, number];
    /** Mean angular rate, sensor frame, deg/s (the gyro bias while still); null without gyro. */
    meanGyro_dps: [number, number, number] | null;
}
export declare class QuietDetector {
    #private;
    /** True while the latest completed window was quiet. */
    quietNow: boolean;
    /** Number of windows completed so far (changes when a new window's verdict is available). */
    windowsClosed: number;
    /** Number of completed windows that were quiet. */
    quietWindows: number;
    /** Mean specific force (g) and angular rate (deg/s) of the latest completed window, sensor frame. */
    readonly lastMean: Float64Array<ArrayBuffer>;
    constructor(settings?: Partial<QuietSettings>);
    /**
     * Adds one sample; returns a finished quiet stretch when quiet standing has just ended (or null).
     * Gyro values may be NaN for accelerometer-only input.
     */
    push(t_s: number, ax: number, ay: number, az: number, gx: number, gy: number, gz: number): QuietStretch | null;
    /** `push` for the per-sample path: reads t_s and the raw channels from the frame (see core/frame.ts). */
    pushFrame(f: SampleFrame): QuietStretch | null;
    /** Data lost: end any stretch at the last good window. */
    gap(): QuietStretch | null;
    /** End of input: returns the stretch in progress, if any. */
    flush(): QuietStretch | null;
}
