/**
 * Tracks the direction of world "up" in the sensor frame through running, with an 8-state error Kalman filter
 * (tilt error, accelerometer bias, gyroscope bias).
 *
 * - Between strides the gyroscope carries up (and a world-fixed horizontal basis north/east, so that the tilt error
 *   can be expressed in world axes) from sample to sample.
 * - Once per step, the mean specific force over the last stride (two steps), expressed in a frame held still by
 *   the same gyroscope, is a measurement of up: over a whole stride at steady speed the pelvis' mean specific force
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
import { DEG, quat, quatMul, quatRotate, setQuat, type Quat } from "../core/math/quat.js";
import { cross3, normalize3, vec3, type Vec3 } from "../core/math/vec3.js";
import { identity, type Mat, update, zeros } from "./kalman.js";

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
  /** Tilt SD below which the orientation is trusted again after lost data, degrees. */
  trustedTiltSd_deg: number;
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
  trustedTiltSd_deg: 1.5,
  maxNis: 50,
});

interface StepAccumulator {
  /** Σ of bias-corrected specific force rotated into the anchor frame (sensor frame at the step start), g. */
  sum: Vec3;
  n: number;
  duration_s: number;
  /** Σ of (rate · up) dt: heading change over the step, rad. */
  turn_rad: number;
  /** Rotation from the sensor frame at the end of the step to the anchor frame. */
  toAnchor: Quat;
  /** Estimated up and the world north/east axes at the step start, anchor frame. */
  up: Vec3;
  north: Vec3;
  east: Vec3;
  valid: boolean;
}

function newAcc(): StepAccumulator {
  return { sum: vec3(), n: 0, duration_s: 0, turn_rad: 0, toAnchor: quat(), up: vec3(), north: vec3(), east: vec3(), valid: true };
}

const N = 8;

export class GravityTracker {
  readonly #s: GravityTrackerSettings;
  /** World up, sensor frame (unit vector). */
  readonly up: Vec3 = vec3(1, 0, 0);
  /** World-fixed horizontal axes carried by the gyroscope (their heading drifts slowly; only their tilt matters). */
  readonly north: Vec3 = vec3(0, 1, 0);
  readonly east: Vec3 = vec3(0, 0, 1);
  /** Gyro bias estimate, deg/s, sensor frame. */
  readonly bias_dps: Vec3 = vec3();
  /** Accelerometer bias estimate, g, sensor frame (only the part across up is observable). */
  readonly accBias_g: Vec3 = vec3();
  #P: Mat = zeros(N, N);
  #cur: StepAccumulator = newAcc();
  #prev: StepAccumulator | null = null;
  #spare: StepAccumulator = newAcc();
  readonly #tmp = vec3();
  readonly #dq = quat();
  /** Diagnostics: measurements used, strides skipped for turning or other reasons, last tilt correction (deg). */
  corrections = 0;
  skippedTurning = 0;
  skippedOther = 0;
  lastCorrection_deg = 0;
  /** True from lost data until the tilt is known again to `trustedTiltSd_deg`. */
  recovering = false;

  constructor(settings: Partial<GravityTrackerSettings> = {}) {
    this.#s = { ...DEFAULT_GRAVITY_TRACKER, ...settings };
  }

  /**
   * Starts from an up direction (sensor frame) and, when quiet standing measured it, the gyro bias (deg/s).
   * @param tiltSd_deg uncertainty of that up direction, degrees
   * @param biasSd_dps uncertainty of that gyro bias per axis, deg/s (default: standingGyroSd_dps when a bias is
   *   given, gyroBiasSd_dps when not; null means the same default)
   */
  init(up: ArrayLike<number>, bias_dps: ArrayLike<number> | null, tiltSd_deg = 0.5, biasSd_dps?: number | null): void {
    normalize3(this.up, up);
    this.#rebuildBasis();
    this.bias_dps.fill(0);
    if (bias_dps) for (let i = 0; i < 3; i++) this.bias_dps[i] = bias_dps[i]!;
    this.accBias_g.fill(0);
    const s = this.#s;
    const P = zeros(N, N);
    const t = (tiltSd_deg * DEG) ** 2;
    P[0]![0] = t;
    P[1]![1] = t;
    for (let i = 2; i < 5; i++) P[i]![i] = s.accBiasSd_g ** 2;
    const g = ((biasSd_dps ?? (bias_dps ? s.standingGyroSd_dps : s.gyroBiasSd_dps)) * DEG) ** 2;
    for (let i = 5; i < 8; i++) P[i]![i] = g;
    this.#P = P;
    this.#restartSteps();
  }

  /** SD of the current tilt estimate, degrees. */
  get tiltSd_deg(): number {
    return Math.sqrt(Math.max(0, this.#P[0]![0]! + this.#P[1]![1]!) / 2) / DEG;
  }

  /**
   * One sample: propagates up and the horizontal basis with the bias-corrected gyro over dt, and accumulates the
   * step's bias-corrected specific force in the anchor frame.
   * @param dt_s time since the previous sample, s
   * @param ax specific force, sensor frame, g (ay, az likewise)
   * @param gx angular rate, sensor frame, deg/s, raw (the bias is removed here)
   */
  push(dt_s: number, ax: number, ay: number, az: number, gx: number, gy: number, gz: number): void {
    const wx = (gx - this.bias_dps[0]!) * DEG;
    const wy = (gy - this.bias_dps[1]!) * DEG;
    const wz = (gz - this.bias_dps[2]!) * DEG;
    const w2 = wx * wx + wy * wy + wz * wz;
    const th2 = w2 * dt_s * dt_s;
    // v' = R(-ω dt) v, Rodrigues with second-order sin/cos (|ω dt| < 0.05 rad in running)
    const c = 1 - th2 / 2;
    const sw = dt_s * (1 - th2 / 6);
    const kf = dt_s * dt_s * 0.5;
    rotateBack(this.up, wx, wy, wz, c, sw, kf);
    rotateBack(this.north, wx, wy, wz, c, sw, kf);
    rotateBack(this.east, wx, wy, wz, c, sw, kf);
    const u = this.up;
    const a = this.#cur;
    a.turn_rad += (wx * u[0]! + wy * u[1]! + wz * u[2]!) * dt_s;
    const h = 0.5 * dt_s;
    quatMul(a.toAnchor, a.toAnchor, setQuat(this.#dq, 1 - th2 / 8, wx * h, wy * h, wz * h));
    const q = a.toAnchor;
    const qn = 1 / Math.hypot(q[0]!, q[1]!, q[2]!, q[3]!);
    q[0] = q[0]! * qn;
    q[1] = q[1]! * qn;
    q[2] = q[2]! * qn;
    q[3] = q[3]! * qn;
    const v = this.#tmp;
    v[0] = ax - this.accBias_g[0]!;
    v[1] = ay - this.accBias_g[1]!;
    v[2] = az - this.accBias_g[2]!;
    quatRotate(v, q, v);
    a.sum[0] = a.sum[0]! + v[0]!;
    a.sum[1] = a.sum[1]! + v[1]!;
    a.sum[2] = a.sum[2]! + v[2]!;
    a.n++;
    a.duration_s += dt_s;
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
    const next = prev ?? this.#spare;
    this.#prev = closed;
    this.#cur = next;
    this.#resetAcc(next);
  }

  /** Data were lost: forget the open steps and widen the tilt uncertainty. */
  invalidateSteps(): void {
    this.recovering = true;
    this.#cur.valid = false;
    if (this.#prev) this.#prev.valid = false;
    const g = (this.#s.gapTiltSd_deg * DEG) ** 2;
    this.#P[0]![0] = this.#P[0]![0]! + g;
    this.#P[1]![1] = this.#P[1]![1]! + g;
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
    const rows: number[][] = [];
    const z: number[] = [];
    const r: number[] = [];
    this.#tiltRows(m, this.up, this.north, this.east, rows, z);
    r.push((s.standingSd_deg * DEG) ** 2, (s.standingSd_deg * DEG) ** 2);
    if (meanGyro_dps) {
      for (let i = 0; i < 3; i++) {
        const row = new Array<number>(N).fill(0);
        row[5 + i] = 1;
        rows.push(row);
        z.push((meanGyro_dps[i]! - this.bias_dps[i]!) * DEG);
        r.push((s.standingGyroSd_dps * DEG) ** 2);
      }
    }
    this.#apply(rows, r, z, null);
    this.#restartSteps();
  }

  /** Rows and innovation of an "up" measurement m (unit, same frame as u/n/e): z = (m − û)·[n, e] = −d + δb_acc·[n, e]. */
  #tiltRows(m: Vec3, u: Vec3, n: Vec3, e: Vec3, rows: number[][], z: number[]): void {
    const dx = m[0]! - u[0]!, dy = m[1]! - u[1]!, dz = m[2]! - u[2]!;
    rows.push([-1, 0, n[0]!, n[1]!, n[2]!, 0, 0, 0], [0, -1, e[0]!, e[1]!, e[2]!, 0, 0, 0]);
    z.push(dx * n[0]! + dy * n[1]! + dz * n[2]!, dx * e[0]! + dy * e[1]! + dz * e[2]!);
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
    quatRotate(m, a.toAnchor, b.sum);
    m[0] = m[0]! + a.sum[0]!;
    m[1] = m[1]! + a.sum[1]!;
    m[2] = m[2]! + a.sum[2]!;
    normalize3(m, m);
    const rows: number[][] = [];
    const z: number[] = [];
    this.#tiltRows(m, a.up, a.north, a.east, rows, z);
    // centripetal force of a slow turn tilts the stride mean by up to v·ω/g (rad): widen the measurement's SD by it
    const lean = (s.maxSpeed_mps * turn_rads) / 9.80665;
    const r = (s.strideSd_deg * DEG) ** 2 + lean * lean;
    this.#apply(rows, [r, r], z, b);
  }

  /** Kalman update, then fold the error estimate into up, the basis, the biases and the open step `pending`. */
  #apply(rows: number[][], r: number[], z: number[], pending: StepAccumulator | null): void {
    const R = zeros(r.length, r.length);
    r.forEach((v, i) => (R[i]![i] = v));
    const res = update(this.#P, rows, R, z);
    if (res.nis > this.#s.maxNis && pending !== null) {
      // An outlier (a stumble, a jump): do not trust it, but admit that the tilt may have moved.
      this.skippedOther++;
      const g = (1 * DEG) ** 2;
      this.#P[0]![0] = this.#P[0]![0]! + g;
      this.#P[1]![1] = this.#P[1]![1]! + g;
      return;
    }
    this.#P = res.P;
    const x = res.x;
    const d0 = x[0]!, d1 = x[1]!;
    this.lastCorrection_deg = Math.hypot(d0, d1) / DEG;
    // up: û − (d0 n + d1 e); the same world correction applies to the stored anchor of the open step
    correctTilt(this.up, this.north, this.east, d0, d1);
    if (pending) correctTilt(pending.up, pending.north, pending.east, d0, d1);
    for (let i = 0; i < 3; i++) {
      this.accBias_g[i] = this.accBias_g[i]! + x[2 + i]!;
      this.bias_dps[i] = this.bias_dps[i]! + x[5 + i]! / DEG;
    }
    if (pending) {
      // the open step was summed with the old accelerometer bias
      for (let i = 0; i < 3; i++) pending.sum[i] = pending.sum[i]! - pending.n * x[2 + i]!;
    }
    this.corrections++;
    if (this.tiltSd_deg < this.#s.trustedTiltSd_deg) this.recovering = false;
  }

  #predict(T: number): void {
    if (!(T > 0)) return;
    const s = this.#s;
    const u = this.up;
    const gn = cross3(vec3(), this.north, u);
    const ge = cross3(vec3(), this.east, u);
    // F = I with d += T·[gnᵀ; geᵀ]·δb_gyro
    const F = identity(N);
    for (let j = 0; j < 3; j++) {
      F[0]![5 + j] = T * gn[j]!;
      F[1]![5 + j] = T * ge[j]!;
    }
    const P = this.#P;
    // P ← F P Fᵀ (F differs from I only in two rows)
    const FP = P.map((row) => [...row]);
    for (let k = 0; k < N; k++) {
      FP[0]![k] = P[0]![k]! + F[0]![5]! * P[5]![k]! + F[0]![6]! * P[6]![k]! + F[0]![7]! * P[7]![k]!;
      FP[1]![k] = P[1]![k]! + F[1]![5]! * P[5]![k]! + F[1]![6]! * P[6]![k]! + F[1]![7]! * P[7]![k]!;
    }
    const Pn = FP.map((row) => [...row]);
    for (let i = 0; i < N; i++) {
      Pn[i]![0] = FP[i]![0]! + FP[i]![5]! * F[0]![5]! + FP[i]![6]! * F[0]![6]! + FP[i]![7]! * F[0]![7]!;
      Pn[i]![1] = FP[i]![1]! + FP[i]![5]! * F[1]![5]! + FP[i]![6]! * F[1]![6]! + FP[i]![7]! * F[1]![7]!;
    }
    const qt = (s.tiltWalk_degrts * DEG) ** 2 * T;
    const qa = s.accBiasWalk_grts ** 2 * T;
    const qg = (s.gyroBiasWalk_dpsrts * DEG) ** 2 * T;
    Pn[0]![0] = Pn[0]![0]! + qt;
    Pn[1]![1] = Pn[1]![1]! + qt;
    for (let i = 2; i < 5; i++) Pn[i]![i] = Pn[i]![i]! + qa;
    for (let i = 5; i < 8; i++) Pn[i]![i] = Pn[i]![i]! + qg;
    this.#P = Pn;
  }

  #rebuildBasis(): void {
    const u = this.up;
    const ax = Math.abs(u[0]!), ay = Math.abs(u[1]!), az = Math.abs(u[2]!);
    const seed = ax <= ay && ax <= az ? vec3(1, 0, 0) : ay <= az ? vec3(0, 1, 0) : vec3(0, 0, 1);
    normalize3(this.north, cross3(this.north, u, seed));
    cross3(this.east, this.north, u);
  }

  #resetAcc(a: StepAccumulator): void {
    a.sum.fill(0);
    a.n = 0;
    a.duration_s = 0;
    a.turn_rad = 0;
    setQuat(a.toAnchor, 1, 0, 0, 0);
    a.up.set(this.up);
    a.north.set(this.north);
    a.east.set(this.east);
    a.valid = true;
  }

  #restartSteps(): void {
    this.#prev = null;
    this.#resetAcc(this.#cur);
  }
}

/** v ← R(−ω dt) v (Rodrigues; c = cos θ, sw = sin θ/|ω|, kf ≈ (1 − cos θ)/|ω|²). */
function rotateBack(v: Vec3, wx: number, wy: number, wz: number, c: number, sw: number, kf: number): void {
  const x = v[0]!, y = v[1]!, z = v[2]!;
  const cx = wy * z - wz * y;
  const cy = wz * x - wx * z;
  const cz = wx * y - wy * x;
  const k = kf * (wx * x + wy * y + wz * z);
  v[0] = x * c - cx * sw + wx * k;
  v[1] = y * c - cy * sw + wy * k;
  v[2] = z * c - cz * sw + wz * k;
}

/** up ← normalize(up − (d0·north + d1·east)); north/east re-orthonormalised against the new up. */
function correctTilt(u: Vec3, n: Vec3, e: Vec3, d0: number, d1: number): void {
  for (let i = 0; i < 3; i++) u[i] = u[i]! - d0 * n[i]! - d1 * e[i]!;
  normalize3(u, u);
  // n ← n − (n·u)u, normalised; e ← n × u... keep handedness: e = n × u? check: initial e = n × u
  const nu = n[0]! * u[0]! + n[1]! * u[1]! + n[2]! * u[2]!;
  for (let i = 0; i < 3; i++) n[i] = n[i]! - nu * u[i]!;
  normalize3(n, n);
  cross3(e, n, u);
}
