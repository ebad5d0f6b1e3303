/**
 * One sample as the streaming stages see it. The pipeline fills a single frame per sample and hands the same object
 * to every stage, instead of passing seven to eleven numbers as call arguments: V8 passes a double to a call it did
 * not inline as a freshly allocated heap number, so argument lists of doubles on the per-sample path cost tens of
 * allocations per sample (measured: ≈ 500 bytes per sample, 1 GB of garbage for a 3-hour run). Fields of a class
 * instance that always hold doubles are stored unboxed and updated in place.
 *
 * Each stage reads the fields it needs and may fill in the ones it produces (the gravity tracker writes the up
 * direction, the pipeline the bias-corrected rate, heading and vertical specific force).
 */
export declare class SampleFrame {
    /** Sample time on the input's clock, s. */
    t_s: number;
    /** Time since the previous sample used for integration, s (the nominal interval after a gap). */
    dt_s: number;
    /** Specific force, sensor frame, g. */
    ax_g: number;
    ay_g: number;
    az_g: number;
    /** Angular rate as measured, sensor frame, deg/s; NaN without a gyroscope. */
    gx_dps: number;
    gy_dps: number;
    gz_dps: number;
    /** Angular rate less the estimated gyro bias, sensor frame, deg/s (0 without a gyroscope). */
    cx_dps: number;
    cy_dps: number;
    cz_dps: number;
    /** Unit up direction in the sensor frame. */
    ux: number;
    uy: number;
    uz: number;
    /** Cumulative rotation about up since the start, degrees. */
    yaw_deg: number;
    /** Specific force along up, g. */
    av_g: number;
    /** Sets the raw channels (convenience for callers outside the hot path). */
    set(t_s: number, dt_s: number, ax_g: number, ay_g: number, az_g: number, gx_dps: number, gy_dps: number, gz_dps: number): this;
}
