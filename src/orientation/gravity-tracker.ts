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
import { Kernel } from "../core/kernel.js";
import {
  GT_ACC0, GT_ACC1, GT_ACC_BIAS, GT_ACC_BIAS_Q, GT_BIAS, GT_CORRECTIONS, GT_CUR, GT_GYRO_BIAS_Q, GT_H, GT_KF, GT_LAST_CORRECTION, GT_MAX_NIS,
  GT_MAX_SPEED, GT_MAX_STRIDE, GT_MAX_TURN, GT_OUTLIER_VAR, GT_PREV, GT_Q, GT_R, GT_SKIPPED_OTHER, GT_SKIPPED_TURNING, GT_SLOTS, GT_STANDING_GYRO_VAR, GT_STANDING_VAR, GT_STRIDE_VAR,
  GT_TILT_Q, GT_UP, GT_Z, IN_AX, IN_AY, IN_AZ, IN_DT, IN_GX, IN_GY, IN_GZ, RESUME_START, RUN_TRACKER, ST_DURATION, ST_EAST, ST_N, ST_NORTH,
  ST_SLOTS, ST_SUM, ST_TURN, ST_VALID,
} from "../core/kernel-layout.js";
import { DEG, quatFromTwoVectors, type Quat } from "../core/math/quat.js";
import { normalize3, type Vec3 } from "../core/math/vec3.js";
import { ErrorStateKalman } from "./kalman.js";

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

export const DEFAULT_GRAVITY_TRACKER: Readonly<GravityTrackerSettings> = Object.freeze({
  // A 400 m track curve at 3 m/s turns at 4.7 deg/s; straight running weaves by well under 1 deg/s on average.
  maxTurnRate_dps: 2.5,
  maxSpeed_mps: 6,
  maxStride_s: 1.6,
  strideSd_deg: 0.5,
  standingSd_deg: 0.2,
  standingGyroSd_dps: 0.1,
  tiltWalk_degrts: 0.03,
  accBiasWalk_grts: 0.0002,
  accBiasSd_g: 0.03,
  gyroBiasWalk_dpsrts: 0.002,
  gyroBiasSd_dps: 1.5,
  gapTiltSd_deg: 10,
  maxNis: 50,
});

/** The sums of one step, kept in the kernel (core/kernel-layout.ts, ST_*), where the per-sample loop adds to them. */
class StepAccumulator {
  /** Σ of bias-corrected specific force rotated into the (estimated) world frame, g (a view on the kernel). */
  readonly sum: Vec3;
  readonly #m: Float64Array;
  readonly #i: number;

  constructor(k: Kernel, readonly address: number) {
    this.sum = k.view(address + 8 * ST_SUM, 3);
    this.#m = k.f64;
    this.#i = address >> 3;
    this.#m[this.#i + ST_VALID] = 1;
  }

  /** False once lost data broke the step (it is then not used in a stride measurement). */
  get valid(): boolean {
    return this.#m[this.#i + ST_VALID] === 1;
  }
  set valid(v: boolean) {
    this.#m[this.#i + ST_VALID] = v ? 1 : 0;
  }

  /** Samples in the step. */
  get n(): number {
    return this.#m[this.#i + ST_N]!;
  }
  set n(v: number) {
    this.#m[this.#i + ST_N] = v;
  }
  /** Duration, s. */
  get duration_s(): number {
    return this.#m[this.#i + ST_DURATION]!;
  }
  set duration_s(v: number) {
    this.#m[this.#i + ST_DURATION] = v;
  }
  /** Σ of (rate · up) dt: heading change over the step, rad. */
  get turn_rad(): number {
    return this.#m[this.#i + ST_TURN]!;
  }
  set turn_rad(v: number) {
    this.#m[this.#i + ST_TURN] = v;
  }
}

const N = 8;

export class GravityTracker {
  readonly #s: GravityTrackerSettings;
  /** The kernel holding the per-sample state (core/kernel-layout.ts, GT_*) and the address of its block. */
  readonly #k: Kernel;
  readonly #p: number;
  /** World up, sensor frame (unit vector), refreshed every sample from Q (a view on the kernel). */
  readonly up: Vec3;
  /** Orientation estimate: sensor frame → world frame (x = up; heading arbitrary). */
  readonly #Q: Quat;
  /** Gyro bias estimate, deg/s, sensor frame (a view on the kernel). */
  readonly bias_dps: Vec3;
  /** Accelerometer bias estimate, g, sensor frame (only the part across up is observable; a view on the kernel). */
  readonly accBias_g: Vec3;
  /** The stride Kalman filter (its matrices in the kernel, where the updates run). */
  readonly #kf: ErrorStateKalman;
  /** The two step accumulators (the open step and the one before it take them in turn; the kernel keeps which). */
  readonly #accs: readonly [StepAccumulator, StepAccumulator];
  /** World north and east axes in the sensor frame, as the kernel last read them (tracker_read_attitude). */
  readonly #basis: Float64Array;
  readonly #basisAt: number;

  /**
   * @param settings changes from {@link DEFAULT_GRAVITY_TRACKER}
   * @param kernel the kernel to keep the per-sample state in (the analysis' own; a new one by default)
   */
  constructor(settings: Partial<GravityTrackerSettings> = {}, kernel: Kernel = new Kernel()) {
    this.#s = { ...DEFAULT_GRAVITY_TRACKER, ...settings };
    this.#k = kernel;
    const p = kernel.alloc(GT_SLOTS);
    this.#p = p;
    this.#Q = kernel.view(p + 8 * GT_Q, 4);
    this.#Q[0] = 1;
    this.up = kernel.view(p + 8 * GT_UP, 3);
    this.up[0] = 1;
    this.bias_dps = kernel.view(p + 8 * GT_BIAS, 3);
    this.accBias_g = kernel.view(p + 8 * GT_ACC_BIAS, 3);
    this.#accs = [new StepAccumulator(kernel, kernel.alloc(ST_SLOTS)), new StepAccumulator(kernel, kernel.alloc(ST_SLOTS))];
    this.#kf = new ErrorStateKalman(N, 5, kernel);
    // the step update runs in the kernel (assembly/kernel.ts tracker_mark_step): where things are, and the settings
    const m = kernel.f64, i = p >> 3, s = this.#s;
    m[i + GT_CUR] = this.#accs[0].address;
    m[i + GT_PREV] = 0;
    m[i + GT_ACC0] = this.#accs[0].address;
    m[i + GT_ACC1] = this.#accs[1].address;
    m[i + GT_KF] = this.#kf.address;
    m[i + GT_H] = kernel.alloc(5 * N);
    m[i + GT_R] = kernel.alloc(5);
    m[i + GT_Z] = kernel.alloc(5);
    m[i + GT_MAX_STRIDE] = s.maxStride_s;
    m[i + GT_MAX_TURN] = s.maxTurnRate_dps;
    m[i + GT_MAX_SPEED] = s.maxSpeed_mps;
    m[i + GT_MAX_NIS] = s.maxNis;
    m[i + GT_STRIDE_VAR] = (s.strideSd_deg * DEG) ** 2;
    m[i + GT_TILT_Q] = (s.tiltWalk_degrts * DEG) ** 2;
    m[i + GT_ACC_BIAS_Q] = s.accBiasWalk_grts ** 2;
    m[i + GT_GYRO_BIAS_Q] = (s.gyroBiasWalk_dpsrts * DEG) ** 2;
    m[i + GT_OUTLIER_VAR] = (1 * DEG) ** 2;
    m[i + GT_STANDING_VAR] = (s.standingSd_deg * DEG) ** 2;
    m[i + GT_STANDING_GYRO_VAR] = (s.standingGyroSd_dps * DEG) ** 2;
    this.#basisAt = kernel.alloc(6);
    this.#basis = kernel.view(this.#basisAt, 6);
  }

  /** Byte address of the per-sample state in the kernel (for the analysis loop, which propagates it). */
  get address(): number {
    return this.#p;
  }

  /**
   * Starts from an up direction (sensor frame) and, when quiet standing measured it, the gyro bias (deg/s).
   * @param tiltSd_deg uncertainty of that up direction, degrees
   * @param biasSd_dps uncertainty of that gyro bias per axis, deg/s (default: standingGyroSd_dps when a bias is
   *   given, gyroBiasSd_dps when not; null means the same default)
   */
  init(up: ArrayLike<number>, bias_dps: ArrayLike<number> | null, tiltSd_deg = 0.5, biasSd_dps?: number | null): void {
    normalize3(this.up, up);
    quatFromTwoVectors(this.#Q, this.up, [1, 0, 0]);
    // up (row 0 of R(Q)) and the world north and east axes (rows 1 and 2), from the kernel
    this.#k.ex.tracker_read_attitude(this.#p, this.#basisAt);
    this.bias_dps.fill(0);
    if (bias_dps) for (let i = 0; i < 3; i++) this.bias_dps[i] = bias_dps[i]!;
    this.accBias_g.fill(0);
    const s = this.#s;
    const P = this.#kf.P;
    P.fill(0);
    // The starting up came from a mean specific force, which carries the accelerometer bias: its tilt error IS the
    // bias across up (d = δb·[north, east]) plus an independent part. Without this correlation the filter would
    // think the bias well known after standing and under-state the error that turning reveals.
    const sa2 = s.accBiasSd_g ** 2;
    const n = this.#basis.subarray(0, 3), e = this.#basis.subarray(3, 6);
    const t = (tiltSd_deg * DEG) ** 2;
    P[0] = t + sa2 * (n[0]! * n[0]! + n[1]! * n[1]! + n[2]! * n[2]!);
    P[N + 1] = t + sa2 * (e[0]! * e[0]! + e[1]! * e[1]! + e[2]! * e[2]!);
    P[1] = P[N] = sa2 * (n[0]! * e[0]! + n[1]! * e[1]! + n[2]! * e[2]!);
    for (let i = 0; i < 3; i++) {
      P[2 + i] = P[(2 + i) * N] = sa2 * n[i]!;
      P[N + 2 + i] = P[(2 + i) * N + 1] = sa2 * e[i]!;
      P[(2 + i) * N + 2 + i] = sa2;
    }
    const g = ((biasSd_dps ?? (bias_dps ? s.standingGyroSd_dps : s.gyroBiasSd_dps)) * DEG) ** 2;
    for (let i = 5; i < 8; i++) P[i * N + i] = g;
    this.#k.ex.tracker_restart(this.#p);
  }

  /**
   * SD of an angle measured between a body axis and up, degrees: the axis (sensor frame) is built perpendicular to
   * the bias-corrected standing vertical, so its error combines the tilt error d and the accelerometer-bias error:
   * e = axis·(d_N·north + d_E·east) − axis·δb_acc. While the runner keeps one heading the two errors are strongly
   * correlated and e stays small even when each is uncertain; turning before the bias is known makes e uncertain.
   */
  angleSd_deg(axis: ArrayLike<number>): number {
    return this.#k.ex.tracker_angle_sd(this.#p, axis[0]!, axis[1]!, axis[2]!);
  }

  /** Diagnostics: stride and standing measurements used. */
  get corrections(): number {
    return this.#slot(GT_CORRECTIONS);
  }
  /** Strides skipped for turning. */
  get skippedTurning(): number {
    return this.#slot(GT_SKIPPED_TURNING);
  }
  /** Strides skipped as too long or as outliers. */
  get skippedOther(): number {
    return this.#slot(GT_SKIPPED_OTHER);
  }
  /** The last tilt correction, degrees. */
  get lastCorrection_deg(): number {
    return this.#slot(GT_LAST_CORRECTION);
  }

  #slot(k: number): number {
    return this.#k.f64[(this.#p >> 3) + k]!;
  }

  /** SD of the current tilt estimate, degrees. */
  get tiltSd_deg(): number {
    const P = this.#kf.P;
    return Math.sqrt(Math.max(0, P[0]! + P[N + 1]!) / 2) / DEG;
  }

  /**
   * One sample: propagates up and the horizontal basis with the bias-corrected gyro over dt, and accumulates the
   * step's bias-corrected specific force in the anchor frame (the kernel's run(), RUN_TRACKER).
   * @param dt_s time since the previous sample, s
   * @param ax specific force, sensor frame, g (ay, az likewise)
   * @param gx angular rate, sensor frame, deg/s, raw (the bias is removed here)
   */
  push(dt_s: number, ax: number, ay: number, az: number, gx: number, gy: number, gz: number): void {
    const k = this.#k, m = k.f64;
    m[k.column(IN_DT)] = dt_s;
    m[k.column(IN_AX)] = ax;
    m[k.column(IN_AY)] = ay;
    m[k.column(IN_AZ)] = az;
    m[k.column(IN_GX)] = gx;
    m[k.column(IN_GY)] = gy;
    m[k.column(IN_GZ)] = gz;
    k.ex.run(RUN_TRACKER, 0, this.#p, 0, 0, 0, k.stage, k.stageCapacity, 0, 1, RESUME_START, 0);
  }

  /**
   * A step boundary (once per detected contact, at a consistent phase of the stride). Closes the current step and,
   * if the last two steps form a usable stride, uses its mean specific force as a measurement of up.
   */
  markStep(): void {
    this.#check(this.#k.ex.tracker_mark_step(this.#p));
  }

  /** Data were lost: forget the open steps and widen the tilt uncertainty. */
  invalidateSteps(): void {
    const m = this.#k.f64, i = this.#p >> 3;
    this.#acc(m[i + GT_CUR]!).valid = false;
    if (m[i + GT_PREV] !== 0) this.#acc(m[i + GT_PREV]!).valid = false;
    this.#k.ex.tracker_inflate_tilt(this.#p, (this.#s.gapTiltSd_deg * DEG) ** 2);
  }

  /** The accumulator at kernel address `address`. */
  #acc(address: number): StepAccumulator {
    return address === this.#accs[0].address ? this.#accs[0] : this.#accs[1];
  }

  /** A kernel update's result: −1 is a singular innovation covariance, which only a bug can cause. */
  #check(r: number): void {
    if (r < 0) throw new RangeError("kalman: singular innovation covariance");
  }

  /**
   * Quiet standing (one window): a direct measurement of up (mean specific force) and, with a gyroscope, of the
   * gyro bias (mean rate).
   * @param meanAcc_g mean specific force over the window, sensor frame, g
   * @param meanGyro_dps mean angular rate over the window, deg/s, or null
   * @param window_s window length, s (for the filter's time update)
   */
  standingUpdate(meanAcc_g: ArrayLike<number>, meanGyro_dps: ArrayLike<number> | null, window_s = 0.5): void {
    const g = meanGyro_dps ?? [Number.NaN, Number.NaN, Number.NaN];
    this.#check(this.#k.ex.tracker_standing(this.#p, meanAcc_g[0]!, meanAcc_g[1]!, meanAcc_g[2]!, meanGyro_dps ? 1 : 0, g[0]!, g[1]!, g[2]!, window_s));
  }
}
