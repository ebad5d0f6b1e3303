/**
 * Tracks the direction of world "up" in the sensor frame through running, with an 8-state error Kalman filter
 * (tilt error, accelerometer bias, gyroscope bias).
 *
 * - The gyroscope carries an orientation estimate Q (sensor → a world frame whose x axis is up; its heading drifts
 *   freely, only its tilt matters) from sample to sample; up in the sensor frame is read off Q.
 * - Once per step, the mean specific force over the last stride (two steps), rotated into that world frame, is a
 *   measurement of up: over a whole stride at steady speed the pelvis' mean specific force
 *   is exactly 1 g straight up (vertical and horizontal momentum are conserved over a stride), so it is unaffected
 *   by the 2–3 g impacts and the 0 g flight that defeat per-sample accelerometer correction (the stride-synchronous
 *   correction of ../shared/research/algorithms-validation.md §1.6).
 * - Strides that turn (track curves, corners, turnarounds) are not used as measurements, because their mean specific
 *   force also holds the centripetal force and the runner's lean; the gyroscope alone carries up through them.
 * - Accelerometer bias (±40 mg is typical for MEMS parts, LSM6DS3 datasheet) tilts the measured "up" by up to 2°.
 *   It cannot be told from tilt while the runner keeps one heading, but the tilt error is fixed in the world while the
 *   bias turns with the sensor, so every change of heading separates the two: the filter models both.
 * - Quiet standing measures up (mean specific force) and the gyroscope bias (mean rate) directly.
 * Error-state convention: x = [d_N, d_E (tilt error: (û − u) on the north/east axes, rad), δb_acc (g, sensor frame),
 * δb_gyro (rad/s, sensor frame)], true = estimate + δ for the biases. After each update the estimate absorbs x.
 */
import { SampleFrame } from "../core/frame.js";
import { type Vec3 } from "../core/math/vec3.js";
export interface GravityTrackerSettings {
    /** Strides whose mean rate of turn about up exceeds this are not used as measurements, deg/s. */
    maxTurnRate_dps: number;
    /**
     * Highest running speed assumed when weighting a turning stride, m/s: a turn at rate ω makes the stride mean lean
     * by up to atan(v·ω/g), which is added to the measurement's uncertainty.
     */
    maxSpeed_mps: number;
    /** Longest stride used as a measurement, s (longer: not running). */
    maxStride_s: number;
    /** SD of the stride-mean "up" measurement (stride-to-stride speed and force variation), degrees. */
    strideSd_deg: number;
    /** SD of the quiet-standing "up" measurement (postural sway), degrees. */
    standingSd_deg: number;
    /** SD of the quiet-standing gyro-bias measurement, deg/s. */
    standingGyroSd_dps: number;
    /** Tilt error growth (model error and angle random walk), deg/√s. */
    tiltWalk_degrts: number;
    /** Accelerometer bias random walk, g/√s, and its initial SD per axis, g (LSM6DS3: ±40 mg zero-g offset). */
    accBiasWalk_grts: number;
    accBiasSd_g: number;
    /** Gyro bias random walk, deg/s/√s, and initial SD per axis when no standing measured it, deg/s. */
    gyroBiasWalk_dpsrts: number;
    gyroBiasSd_dps: number;
    /** Tilt uncertainty added by lost data, degrees (the motion during a gap is unknown). */
    gapTiltSd_deg: number;
    /** Normalised innovation squared above which a measurement is rejected as an outlier (χ², 2 dof). */
    maxNis: number;
}
export declare const DEFAULT_GRAVITY_TRACKER: Readonly<GravityTrackerSettings>;
export declare class GravityTracker {
    #private;
    /** World up, sensor frame (unit vector), refreshed every sample from Q. */
    readonly up: Vec3;
    /** Gyro bias estimate, deg/s, sensor frame. */
    readonly bias_dps: Vec3;
    /** Accelerometer bias estimate, g, sensor frame (only the part across up is observable). */
    readonly accBias_g: Vec3;
    /** Diagnostics: measurements used, strides skipped for turning or other reasons, last tilt correction (deg). */
    corrections: number;
    skippedTurning: number;
    skippedOther: number;
    lastCorrection_deg: number;
    constructor(settings?: Partial<GravityTrackerSettings>);
    /**
     * Starts from an up direction (sensor frame) and, when quiet standing measured it, the gyro bias (deg/s).
     * @param tiltSd_deg uncertainty of that up direction, degrees
     * @param biasSd_dps uncertainty of that gyro bias per axis, deg/s (default: standingGyroSd_dps when a bias is
     *   given, gyroBiasSd_dps when not; null means the same default)
     */
    init(up: ArrayLike<number>, bias_dps: ArrayLike<number> | null, tiltSd_deg?: number, biasSd_dps?: number | null): void;
    /**
     * SD of an angle measured between a body axis and up, degrees: the axis (sensor frame) is built perpendicular to
     * the bias-corrected standing vertical, so its error combines the tilt error d and the accelerometer-bias error:
     * e = axis·(d_N·north + d_E·east) − axis·δb_acc. While the runner keeps one heading the two errors are strongly
     * correlated and e stays small even when each is uncertain; turning before the bias is known makes e uncertain.
     */
    angleSd_deg(axis: ArrayLike<number>): number;
    /** SD of the current tilt estimate, degrees. */
    get tiltSd_deg(): number;
    /**
     * One sample: propagates up and the horizontal basis with the bias-corrected gyro over dt, and accumulates the
     * step's bias-corrected specific force in the anchor frame.
     * @param dt_s time since the previous sample, s
     * @param ax specific force, sensor frame, g (ay, az likewise)
     * @param gx angular rate, sensor frame, deg/s, raw (the bias is removed here)
     */
    push(dt_s: number, ax: number, ay: number, az: number, gx: number, gy: number, gz: number): void;
    /** `push` for the per-sample path: reads dt_s and the raw channels from the frame (see core/frame.ts). */
    pushFrame(f: SampleFrame): void;
    /**
     * A step boundary (once per detected contact, at a consistent phase of the stride). Closes the current step and,
     * if the last two steps form a usable stride, uses its mean specific force as a measurement of up.
     */
    markStep(): void;
    /** Data were lost: forget the open steps and widen the tilt uncertainty. */
    invalidateSteps(): void;
    /**
     * Quiet standing (one window): a direct measurement of up (mean specific force) and, with a gyroscope, of the
     * gyro bias (mean rate).
     * @param meanAcc_g mean specific force over the window, sensor frame, g
     * @param meanGyro_dps mean angular rate over the window, deg/s, or null
     * @param window_s window length, s (for the filter's time update)
     */
    standingUpdate(meanAcc_g: ArrayLike<number>, meanGyro_dps: ArrayLike<number> | null, window_s?: number): void;
}
