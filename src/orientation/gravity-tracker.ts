/**
 * Tracks the direction of world "up" in the sensor frame through running: the gyroscope carries it from sample to
 * sample, and once per step the mean specific force over the last stride (two steps), expressed in a frame held still
 * by the same gyroscope, pulls it back toward the truth. Over a whole stride at steady speed the pelvis' mean
 * specific force is exactly 1 g straight up (vertical and horizontal momentum are conserved over a stride), so this
 * reference is unaffected by the 2–3 g impacts and the 0 g flight that defeat per-sample accelerometer correction
 * (the stride-synchronous correction suggested in ../shared/research/algorithms-validation.md §1.6). A persistent
 * error is read as gyro bias (a PI loop). Strides that turn (mean yaw rate above a limit: track curves, corners)
 * are skipped, because their mean specific force also holds the centripetal force and the runner's lean.
 * While standing still, the tracker snaps to the measured gravity and takes the mean gyro as bias.
 */
import { DEG, quat, quatMul, quatRotate, quatRotateInv, setQuat, type Quat } from "../core/math/quat.js";
import { cross3, normalize3, vec3, type Vec3 } from "../core/math/vec3.js";

export interface GravityTrackerSettings {
  /** Fraction of the stride tilt error removed at each step (0..1). */
  strideGain: number;
  /** Fraction of the implied bias error taken into the bias estimate at each step (0..1). */
  biasGain: number;
  /** Strides whose mean rate of turn about up exceeds this are not used for correction, deg/s. */
  maxTurnRate_dps: number;
  /** Longest stride accepted for correction, s (longer: not running). */
  maxStride_s: number;
  /** Largest correction applied per stride, degrees; a larger error (e.g. after lost data) is removed over several strides. */
  maxCorrection_deg: number;
  /** Errors above this are not read as gyro bias (they come from lost data or a knock, not from drift), degrees. */
  maxBiasError_deg: number;
  /** Fraction of the standing error and bias removed per quiet window. */
  standingGain: number;
}

export const DEFAULT_GRAVITY_TRACKER: Readonly<GravityTrackerSettings> = Object.freeze({
  strideGain: 0.25,
  biasGain: 0.05,
  // A 400 m track curve at 3 m/s turns at 4.7 deg/s; straight running weaves by well under 1 deg/s on average.
  maxTurnRate_dps: 2.5,
  maxStride_s: 1.6,
  maxCorrection_deg: 3,
  maxBiasError_deg: 1.5,
  standingGain: 0.5,
});

interface StepAccumulator {
  /** Σ of specific force rotated into the anchor frame (sensor frame at the step start), g. */
  sum: Vec3;
  n: number;
  duration_s: number;
  /** Σ of (rate · up) dt: heading change over the step, rad. */
  turn_rad: number;
  /** Rotation from the sensor frame at the end of the step to the anchor frame. */
  toAnchor: Quat;
  /** World up in the anchor frame at the step start. */
  upAtAnchor: Vec3;
  valid: boolean;
}

function newAcc(): StepAccumulator {
  return { sum: vec3(), n: 0, duration_s: 0, turn_rad: 0, toAnchor: quat(), upAtAnchor: vec3(), valid: true };
}

export class GravityTracker {
  readonly #s: GravityTrackerSettings;
  /** World up, sensor frame (unit vector). */
  readonly up: Vec3 = vec3(1, 0, 0);
  /** Gyro bias estimate, deg/s, sensor frame. */
  readonly bias_dps: Vec3 = vec3();
  #cur: StepAccumulator = newAcc();
  #prev: StepAccumulator | null = null;
  #spare: StepAccumulator = newAcc();
  readonly #tmpV = vec3();
  readonly #tmpV2 = vec3();
  readonly #dq = quat();
  readonly #qC = quat();
  /** Corrections applied and strides skipped (diagnostics). */
  corrections = 0;
  skippedTurning = 0;
  skippedOther = 0;
  /** Tilt error found at the last correction, degrees. */
  lastCorrection_deg = 0;
  /**
   * True from lost data until a stride shows an error below `maxBiasError_deg` again: the orientation is not trusted
   * meanwhile (the motion during a gap is unknown).
   */
  recovering = false;

  constructor(settings: Partial<GravityTrackerSettings> = {}) {
    this.#s = { ...DEFAULT_GRAVITY_TRACKER, ...settings };
  }

  /** Starts from a known up direction (sensor frame) and gyro bias (deg/s). */
  init(up: ArrayLike<number>, bias_dps: ArrayLike<number> | null): void {
    normalize3(this.up, up);
    if (bias_dps) {
      this.bias_dps[0] = bias_dps[0]!;
      this.bias_dps[1] = bias_dps[1]!;
      this.bias_dps[2] = bias_dps[2]!;
    }
    this.#restartSteps();
  }

  /**
   * One sample. Propagates up with the bias-corrected gyro over dt and accumulates the step's specific force.
   * @param dt_s time since the previous sample, s
   * @param ax specific force, sensor frame, g (ay, az likewise)
   * @param gx angular rate, sensor frame, deg/s, raw (bias is removed here)
   */
  push(dt_s: number, ax: number, ay: number, az: number, gx: number, gy: number, gz: number): void {
    const wx = (gx - this.bias_dps[0]!) * DEG;
    const wy = (gy - this.bias_dps[1]!) * DEG;
    const wz = (gz - this.bias_dps[2]!) * DEG;
    // up' = R(-ω dt) up, Rodrigues with second-order sin/cos (|ω dt| < 0.05 rad in running).
    const u = this.up;
    const th2 = (wx * wx + wy * wy + wz * wz) * dt_s * dt_s;
    const c = 1 - th2 / 2;
    const sOverTh = dt_s * (1 - th2 / 6); // sin(θ)/|ω|
    const kx = wx, ky = wy, kz = wz;
    const cx = ky * u[2]! - kz * u[1]!;
    const cy = kz * u[0]! - kx * u[2]!;
    const cz = kx * u[1]! - ky * u[0]!;
    const kdotu = kx * u[0]! + ky * u[1]! + kz * u[2]!;
    const f = (th2 > 0 ? (1 - c) / ((wx * wx + wy * wy + wz * wz)) : 0) * kdotu;
    const nx = u[0]! * c - cx * sOverTh + kx * f;
    const ny = u[1]! * c - cy * sOverTh + ky * f;
    const nz = u[2]! * c - cz * sOverTh + kz * f;
    const inv = 1 / Math.sqrt(nx * nx + ny * ny + nz * nz);
    u[0] = nx * inv;
    u[1] = ny * inv;
    u[2] = nz * inv;

    const a = this.#cur;
    a.turn_rad += (wx * u[0]! + wy * u[1]! + wz * u[2]!) * dt_s;
    // toAnchor ← toAnchor ⊗ exp(½ ω dt)  (second-order)
    const h = 0.5 * dt_s;
    const dq = setQuat(this.#dq, 1 - th2 / 8, wx * h, wy * h, wz * h);
    quatMul(a.toAnchor, a.toAnchor, dq);
    const q = a.toAnchor;
    const qn = 1 / Math.hypot(q[0]!, q[1]!, q[2]!, q[3]!);
    q[0] = q[0]! * qn;
    q[1] = q[1]! * qn;
    q[2] = q[2]! * qn;
    q[3] = q[3]! * qn;
    const v = this.#tmpV;
    v[0] = ax;
    v[1] = ay;
    v[2] = az;
    quatRotate(v, q, v);
    a.sum[0] = a.sum[0]! + v[0]!;
    a.sum[1] = a.sum[1]! + v[1]!;
    a.sum[2] = a.sum[2]! + v[2]!;
    a.n++;
    a.duration_s += dt_s;
  }

  /**
   * A step boundary (called once per detected contact, at a consistent phase of the stride). Closes the current step
   * and, if the last two steps form a usable stride, corrects up and the bias.
   */
  markStep(): void {
    const closed = this.#cur;
    const prev = this.#prev;
    if (prev && prev.valid && closed.valid && prev.n > 0 && closed.n > 0) this.#correct(prev, closed);
    // recycle: prev's storage becomes the next accumulator
    const next = prev ?? this.#spare;
    this.#prev = closed;
    this.#cur = next;
    this.#resetAcc(next);
  }

  /** Data were lost or the motion is not usable for correction: forget the open steps. */
  invalidateSteps(): void {
    this.recovering = true;
    this.#cur.valid = false;
    if (this.#prev) this.#prev.valid = false;
  }

  /**
   * Quiet standing: pull up toward the measured mean specific force and the bias toward the mean angular rate.
   * @param meanAcc_g mean specific force over a quiet window, sensor frame, g
   * @param meanGyro_dps mean angular rate over the window, deg/s, or null without gyro
   */
  standingUpdate(meanAcc_g: ArrayLike<number>, meanGyro_dps: ArrayLike<number> | null): void {
    const g = this.#s.standingGain;
    const m = normalize3(this.#tmpV, meanAcc_g);
    const u = this.up;
    for (let i = 0; i < 3; i++) u[i] = u[i]! + g * (m[i]! - u[i]!);
    normalize3(u, u);
    if (meanGyro_dps) for (let i = 0; i < 3; i++) this.bias_dps[i] = this.bias_dps[i]! + g * (meanGyro_dps[i]! - this.bias_dps[i]!);
    this.recovering = false;
    this.#restartSteps();
  }

  #correct(a: StepAccumulator, b: StepAccumulator): void {
    const s = this.#s;
    const T = a.duration_s + b.duration_s;
    const turn_dps = Math.abs((a.turn_rad + b.turn_rad) / T) / DEG;
    if (T > s.maxStride_s) {
      this.skippedOther++;
      return;
    }
    if (turn_dps > s.maxTurnRate_dps) {
      this.skippedTurning++;
      return;
    }
    // stride mean in a's anchor frame: Σ_a + R_a·Σ_b (R_a: b's anchor → a's anchor)
    const m = this.#tmpV;
    quatRotate(m, a.toAnchor, b.sum);
    m[0] = (m[0]! + a.sum[0]!) / (a.n + b.n);
    m[1] = (m[1]! + a.sum[1]!) / (a.n + b.n);
    m[2] = (m[2]! + a.sum[2]!) / (a.n + b.n);
    normalize3(m, m);
    // error rotation (axis·angle, small): e = upAtAnchor × m̂, in a's anchor frame
    const e = cross3(this.#tmpV2, a.upAtAnchor, m);
    const angle_deg = Math.asin(Math.min(1, Math.hypot(e[0]!, e[1]!, e[2]!))) / DEG;
    const learnBias = angle_deg <= s.maxBiasError_deg;
    if (learnBias) this.recovering = false;
    // bring e into the current sensor frame: current → a's anchor is R_a ⊗ R_b
    quatMul(this.#qC, a.toAnchor, b.toAnchor);
    quatRotateInv(e, this.#qC, e);
    // up ← rotate toward the reference by strideGain of the error: up += g (e × up)
    const u = this.up;
    // gain, limited so that one stride never moves up by more than maxCorrection_deg
    const g = Math.min(s.strideGain, angle_deg > 0 ? s.maxCorrection_deg / angle_deg : s.strideGain);
    const dx = e[1]! * u[2]! - e[2]! * u[1]!;
    const dy = e[2]! * u[0]! - e[0]! * u[2]!;
    const dz = e[0]! * u[1]! - e[1]! * u[0]!;
    u[0] = u[0]! + g * dx;
    u[1] = u[1]! + g * dy;
    u[2] = u[2]! + g * dz;
    normalize3(u, u);
    // The step that just closed (b) becomes the first half of the next stride: its stored anchor-up must receive
    // the same correction, or the next stride would see (and remove) this error a second time.
    const eb = quatRotate(this.#tmpV, b.toAnchor, e);
    const ub = b.upAtAnchor;
    const bx = eb[1]! * ub[2]! - eb[2]! * ub[1]!;
    const by = eb[2]! * ub[0]! - eb[0]! * ub[2]!;
    const bz = eb[0]! * ub[1]! - eb[1]! * ub[0]!;
    ub[0] = ub[0]! + g * bx;
    ub[1] = ub[1]! + g * by;
    ub[2] = ub[2]! + g * bz;
    normalize3(ub, ub);
    // a drift of e over the stride means the rate was off by e/T (component ⟂ up): raise the bias estimate by it
    const k = learnBias ? s.biasGain / T / DEG : 0;
    this.bias_dps[0] = this.bias_dps[0]! + k * e[0]!;
    this.bias_dps[1] = this.bias_dps[1]! + k * e[1]!;
    this.bias_dps[2] = this.bias_dps[2]! + k * e[2]!;
    this.corrections++;
    this.lastCorrection_deg = angle_deg;
  }

  #resetAcc(a: StepAccumulator): void {
    a.sum.fill(0);
    a.n = 0;
    a.duration_s = 0;
    a.turn_rad = 0;
    setQuat(a.toAnchor, 1, 0, 0, 0);
    a.upAtAnchor[0] = this.up[0]!;
    a.upAtAnchor[1] = this.up[1]!;
    a.upAtAnchor[2] = this.up[2]!;
    a.valid = true;
  }

  #restartSteps(): void {
    this.#prev = null;
    this.#resetAcc(this.#cur);
  }
}
