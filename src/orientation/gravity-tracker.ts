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
import { GT_ACC_BIAS, GT_BIAS, GT_CUR, GT_Q, GT_SLOTS, GT_UP, IN_AX, IN_AY, IN_AZ, IN_DT, IN_GX, IN_GY, IN_GZ, RESUME_START, RUN_TRACKER, ST_DURATION, ST_N, ST_SLOTS, ST_SUM, ST_TURN } from "../core/kernel-layout.js";
import { DEG, quat, quatFromTwoVectors, quatMul, quatRotate, setQuat, type Quat } from "../core/math/quat.js";
import { cross3, normalize3, vec3, type Vec3 } from "../core/math/vec3.js";
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
  /** World north/east axes in the sensor frame at the step start (rows 1–2 of R(Q)): the accelerometer-bias rows of H. */
  readonly north = vec3();
  readonly east = vec3();
  valid = true;
  readonly #m: Float64Array;
  readonly #i: number;

  constructor(k: Kernel, readonly address: number) {
    this.sum = k.view(address + 8 * ST_SUM, 3);
    this.#m = k.f64;
    this.#i = address >> 3;
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
  readonly #north = vec3();
  readonly #east = vec3();
  /** Gyro bias estimate, deg/s, sensor frame (a view on the kernel). */
  readonly bias_dps: Vec3;
  /** Accelerometer bias estimate, g, sensor frame (only the part across up is observable; a view on the kernel). */
  readonly accBias_g: Vec3;
  /** The stride Kalman filter, and its measurement matrices (views on the kernel, where the update runs). */
  readonly #kf: ErrorStateKalman;
  readonly #H: Float64Array;
  readonly #R: Float64Array;
  readonly #z: Float64Array;
  readonly #gn = vec3();
  readonly #h = new Float64Array(5);
  readonly #ge = vec3();
  /** The two step accumulators: the open step (#cur) and the one before it (#prev, null after a restart). */
  readonly #accs: readonly [StepAccumulator, StepAccumulator];
  #cur: StepAccumulator;
  #prev: StepAccumulator | null = null;
  readonly #tmp = vec3();
  readonly #tmp2 = vec3();
  readonly #dq = quat();
  /** Diagnostics: measurements used, strides skipped for turning or other reasons, last tilt correction (deg). */
  corrections = 0;
  skippedTurning = 0;
  skippedOther = 0;
  lastCorrection_deg = 0;

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
    this.#H = kernel.view(kernel.alloc(5 * N), 5 * N);
    this.#R = kernel.view(kernel.alloc(5), 5);
    this.#z = kernel.view(kernel.alloc(5), 5);
    this.#cur = this.#accs[0];
    kernel.f64[(p >> 3) + GT_CUR] = this.#cur.address;
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
    this.#readUp();
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
    const n = this.#north, e = this.#east;
    this.#readBasis(n, e);
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
    this.#restartSteps();
  }

  /**
   * SD of an angle measured between a body axis and up, degrees: the axis (sensor frame) is built perpendicular to
   * the bias-corrected standing vertical, so its error combines the tilt error d and the accelerometer-bias error:
   * e = axis·(d_N·north + d_E·east) − axis·δb_acc. While the runner keeps one heading the two errors are strongly
   * correlated and e stays small even when each is uncertain; turning before the bias is known makes e uncertain.
   */
  angleSd_deg(axis: ArrayLike<number>): number {
    const n = this.#north, e = this.#east;
    this.#readBasis(n, e);
    const h = this.#h;
    h[0] = axis[0]! * n[0]! + axis[1]! * n[1]! + axis[2]! * n[2]!;
    h[1] = axis[0]! * e[0]! + axis[1]! * e[1]! + axis[2]! * e[2]!;
    h[2] = -axis[0]!;
    h[3] = -axis[1]!;
    h[4] = -axis[2]!;
    const P = this.#kf.P;
    let v = 0;
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) v += h[i]! * P[i * N + j]! * h[j]!;
    return Math.sqrt(Math.max(0, v)) / DEG;
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

  /** up = first row of R(Q) (the world x axis seen in the sensor frame). */
  #readUp(): void {
    const q = this.#Q;
    const w = q[0]!, x = q[1]!, y = q[2]!, z = q[3]!;
    this.up[0] = 1 - 2 * (y * y + z * z);
    this.up[1] = 2 * (x * y - w * z);
    this.up[2] = 2 * (x * z + w * y);
  }

  /** World north/east (rows 2 and 3 of R(Q)) in the sensor frame. */
  #readBasis(n: Vec3, e: Vec3): void {
    const q = this.#Q;
    const w = q[0]!, x = q[1]!, y = q[2]!, z = q[3]!;
    n[0] = 2 * (x * y + w * z);
    n[1] = 1 - 2 * (x * x + z * z);
    n[2] = 2 * (y * z - w * x);
    e[0] = 2 * (x * z - w * y);
    e[1] = 2 * (y * z + w * x);
    e[2] = 1 - 2 * (x * x + y * y);
  }

  /**
   * A step boundary (once per detected contact, at a consistent phase of the stride). Closes the current step and,
   * if the last two steps form a usable stride, uses its mean specific force as a measurement of up.
   */
  markStep(): void {
    const closed = this.#cur;
    this.#predict(closed.duration_s);
    const prev = this.#prev;
    if (prev && prev.valid && closed.valid && prev.n > 0 && closed.n > 0) this.#strideMeasurement(prev, closed);
    // The next step reuses the other accumulator. (It used to take a fixed spare when #prev was null: after a
    // restart (quiet standing, a gap) with the spare open, both steps became one object for the rest of the run, so
    // every "stride" was one step twice, read as turning and skipped, and the pelvic angles were withheld.)
    const next = closed === this.#accs[0] ? this.#accs[1] : this.#accs[0];
    this.#prev = closed;
    this.#setCur(next);
    this.#resetAcc(next);
  }

  /** Data were lost: forget the open steps and widen the tilt uncertainty. */
  invalidateSteps(): void {
    this.#cur.valid = false;
    if (this.#prev) this.#prev.valid = false;
    this.#inflateTilt(this.#s.gapTiltSd_deg);
  }

  #inflateTilt(sd_deg: number): void {
    const g = (sd_deg * DEG) ** 2;
    const P = this.#kf.P;
    P[0] = P[0]! + g;
    P[N + 1] = P[N + 1]! + g;
  }

  /**
   * Quiet standing (one window): a direct measurement of up (mean specific force) and, with a gyroscope, of the
   * gyro bias (mean rate).
   * @param meanAcc_g mean specific force over the window, sensor frame, g
   * @param meanGyro_dps mean angular rate over the window, deg/s, or null
   * @param window_s window length, s (for the filter's time update)
   */
  standingUpdate(meanAcc_g: ArrayLike<number>, meanGyro_dps: ArrayLike<number> | null, window_s = 0.5): void {
    this.#predict(window_s);
    const s = this.#s;
    const m = this.#tmp;
    for (let i = 0; i < 3; i++) m[i] = meanAcc_g[i]! - this.accBias_g[i]!;
    normalize3(m, m);
    quatRotate(m, this.#Q, m);
    const H = this.#H, R = this.#R, z = this.#z;
    H.fill(0);
    this.#readBasis(this.#north, this.#east);
    this.#tiltRows(m, this.#north, this.#east);
    R[0] = R[1] = (s.standingSd_deg * DEG) ** 2;
    let rows = 2;
    if (meanGyro_dps) {
      for (let i = 0; i < 3; i++) {
        H[(2 + i) * N + 5 + i] = 1;
        z[2 + i] = (meanGyro_dps[i]! - this.bias_dps[i]!) * DEG;
        R[2 + i] = (s.standingGyroSd_dps * DEG) ** 2;
      }
      rows = 5;
    }
    this.#apply(rows, null);
    this.#restartSteps();
  }

  /**
   * Rows 0–1 of H and z for an "up" measurement m_w (unit, world frame: estimated up is +x):
   * z = (m_w·y, m_w·z) = −d + δb_acc·[n, e], with n, e the world y/z axes seen in the sensor frame.
   * The caller clears H first.
   */
  #tiltRows(mw: Vec3, n: Vec3, e: Vec3): void {
    const H = this.#H;
    H[0] = -1;
    H[N + 1] = -1;
    for (let i = 0; i < 3; i++) {
      H[2 + i] = n[i]!;
      H[N + 2 + i] = e[i]!;
    }
    this.#z[0] = mw[1]!;
    this.#z[1] = mw[2]!;
  }

  #strideMeasurement(a: StepAccumulator, b: StepAccumulator): void {
    const s = this.#s;
    const T = a.duration_s + b.duration_s;
    if (T > s.maxStride_s) {
      this.skippedOther++;
      return;
    }
    const turn_rads = Math.abs((a.turn_rad + b.turn_rad) / T);
    if (turn_rads / DEG > s.maxTurnRate_dps) {
      this.skippedTurning++;
      return;
    }
    const m = this.#tmp;
    m[0] = a.sum[0]! + b.sum[0]!;
    m[1] = a.sum[1]! + b.sum[1]!;
    m[2] = a.sum[2]! + b.sum[2]!;
    normalize3(m, m);
    // bias rows: world y/z axes in the sensor frame, averaged over the stride's two step starts
    const n = this.#north, e = this.#east;
    for (let i = 0; i < 3; i++) {
      n[i] = 0.5 * (a.north[i]! + b.north[i]!);
      e[i] = 0.5 * (a.east[i]! + b.east[i]!);
    }
    this.#H.fill(0);
    this.#tiltRows(m, n, e);
    // centripetal force of a slow turn tilts the stride mean by up to v·ω/g (rad): widen the measurement's SD by it
    const lean = (s.maxSpeed_mps * turn_rads) / 9.80665;
    this.#R[0] = this.#R[1] = (s.strideSd_deg * DEG) ** 2 + lean * lean;
    this.#apply(2, b);
  }

  /**
   * Kalman update with the first `rows` rows of H/R/z, then fold the error estimate into up, the basis, the biases
   * and the open step `pending` (stride measurements only; those may be rejected as outliers).
   */
  #apply(rows: number, pending: StepAccumulator | null): void {
    const kf = this.#kf;
    const maxNis = pending !== null ? this.#s.maxNis : Infinity;
    const nis = kf.update(this.#H, this.#R, this.#z, rows, maxNis);
    const x = kf.x;
    if (!(nis <= maxNis)) {
      // An outlier (a stumble, a jump): do not trust it, but admit that the tilt may have moved.
      this.skippedOther++;
      this.#inflateTilt(1);
      return;
    }
    const d0 = x[0]!, d1 = x[1]!;
    this.lastCorrection_deg = Math.hypot(d0, d1) / DEG;
    // Tilt the world frame so that the true up, x − d0·y − d1·z in the estimated world, becomes +x: a small world
    // rotation by θ = (0, −d1, d0); Q ← C ⊗ Q, and the open step's world-frame sum turns with it.
    const th = Math.hypot(d0, d1);
    if (th > 0) {
      const C = this.#dq;
      const sh = Math.sin(th / 2) / th;
      setQuat(C, Math.cos(th / 2), 0, -d1 * sh, d0 * sh);
      quatMul(this.#Q, C, this.#Q);
      this.#readUp();
      if (pending) quatRotate(pending.sum, C, pending.sum);
    }
    for (let i = 0; i < 3; i++) {
      this.accBias_g[i] = this.accBias_g[i]! + x[2 + i]!;
      this.bias_dps[i] = this.bias_dps[i]! + x[5 + i]! / DEG;
    }
    if (pending) {
      // the open step was summed with the old accelerometer bias: remove the change, turned into the world frame
      const db = this.#tmp2;
      db[0] = x[2]!;
      db[1] = x[3]!;
      db[2] = x[4]!;
      quatRotate(db, this.#Q, db);
      for (let i = 0; i < 3; i++) pending.sum[i] = pending.sum[i]! - pending.n * db[i]!;
    }
    this.corrections++;
  }

  #predict(T: number): void {
    if (!(T > 0)) return;
    const s = this.#s;
    const u = this.up;
    this.#readBasis(this.#north, this.#east);
    const gn = cross3(this.#gn, this.#north, u);
    const ge = cross3(this.#ge, this.#east, u);
    // F = I except d_N += T·gn·δb_gyro, d_E += T·ge·δb_gyro. P ← F P Fᵀ, applied in place (two rows, then two columns).
    const P = this.#kf.P;
    for (let k = 0; k < N; k++) {
      P[k] = P[k]! + T * (gn[0]! * P[5 * N + k]! + gn[1]! * P[6 * N + k]! + gn[2]! * P[7 * N + k]!);
      P[N + k] = P[N + k]! + T * (ge[0]! * P[5 * N + k]! + ge[1]! * P[6 * N + k]! + ge[2]! * P[7 * N + k]!);
    }
    for (let i = 0; i < N; i++) {
      P[i * N] = P[i * N]! + T * (P[i * N + 5]! * gn[0]! + P[i * N + 6]! * gn[1]! + P[i * N + 7]! * gn[2]!);
      P[i * N + 1] = P[i * N + 1]! + T * (P[i * N + 5]! * ge[0]! + P[i * N + 6]! * ge[1]! + P[i * N + 7]! * ge[2]!);
    }
    const qt = (s.tiltWalk_degrts * DEG) ** 2 * T;
    const qa = s.accBiasWalk_grts ** 2 * T;
    const qg = (s.gyroBiasWalk_dpsrts * DEG) ** 2 * T;
    P[0] = P[0]! + qt;
    P[N + 1] = P[N + 1]! + qt;
    for (let i = 2; i < 5; i++) P[i * N + i] = P[i * N + i]! + qa;
    for (let i = 5; i < 8; i++) P[i * N + i] = P[i * N + i]! + qg;
  }

  #resetAcc(a: StepAccumulator): void {
    a.sum.fill(0);
    a.n = 0;
    a.duration_s = 0;
    a.turn_rad = 0;
    this.#readBasis(a.north, a.east);
    a.valid = true;
  }

  /** Makes `a` the open step, the one the per-sample loop adds to. */
  #setCur(a: StepAccumulator): void {
    this.#cur = a;
    this.#k.f64[(this.#p >> 3) + GT_CUR] = a.address;
  }

  #restartSteps(): void {
    this.#prev = null;
    this.#resetAcc(this.#cur);
  }
}

