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
export class SampleFrame {
    /** Sample time on the input's clock, s. */
    t_s = Number.NaN;
    /** Time since the previous sample used for integration, s (the nominal interval after a gap). */
    dt_s = Number.NaN;
    /** Specific force, sensor frame, g. */
    ax_g = Number.NaN;
    ay_g = Number.NaN;
    az_g = Number.NaN;
    /** Angular rate as measured, sensor frame, deg/s; NaN without a gyroscope. */
    gx_dps = Number.NaN;
    gy_dps = Number.NaN;
    gz_dps = Number.NaN;
    /** Angular rate less the estimated gyro bias, sensor frame, deg/s (0 without a gyroscope). */
    cx_dps = Number.NaN;
    cy_dps = Number.NaN;
    cz_dps = Number.NaN;
    /** Unit up direction in the sensor frame. */
    ux = Number.NaN;
    uy = Number.NaN;
    uz = Number.NaN;
    /** Cumulative rotation about up since the start, degrees. */
    yaw_deg = Number.NaN;
    /** Specific force along up, g. */
    av_g = Number.NaN;
    /** Sets the raw channels (convenience for callers outside the hot path). */
    set(t_s, dt_s, ax_g, ay_g, az_g, gx_dps, gy_dps, gz_dps) {
        this.t_s = t_s;
        this.dt_s = dt_s;
        this.ax_g = ax_g;
        this.ay_g = ay_g;
        this.az_g = az_g;
        this.gx_dps = gx_dps;
        this.gy_dps = gy_dps;
        this.gz_dps = gz_dps;
        return this;
    }
}
//# sourceMappingURL=frame.js.map