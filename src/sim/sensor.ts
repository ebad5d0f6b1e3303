/**
 * The IMU itself: mounting rotation, constant offsets, gyroscope bias random walk, white noise, quantisation to the
 * LSB and saturation at full scale. Input is the true body-frame specific force (g) and angular velocity (rad/s).
 */
import { DEG, quat, quatFromAxisAngle, quatMul, quatRotateInv, type Quat } from "../core/math/quat.js";
import { Rng } from "../core/math/rng.js";
import { vec3, type Vec3 } from "../core/math/vec3.js";
import { LSM6DS3TRC, type SimParams } from "./params.js";

export interface SensorState {
  accBias_g: [number, number, number];
  gyroBiasStart_dps: [number, number, number];
  gyroBiasEnd_dps: [number, number, number];
}

export class SensorModel {
  readonly #q: Quat;
  readonly #rng: Rng;
  readonly #accSigma_g: number;
  readonly #gyroSigma_dps: number;
  readonly #walkSigma_dps: number;
  readonly #accLsb_g: number;
  readonly #gyroLsb_dps: number;
  readonly #accMax: number;
  readonly #gyroMax: number;
  readonly accBias_g: [number, number, number];
  readonly gyroBiasStart_dps: [number, number, number];
  readonly gyroBias_dps: [number, number, number];
  readonly #tmp: Vec3 = vec3();
  readonly #w: Vec3 = vec3();
  readonly #qNow: Quat = quat();
  readonly #qSlip: Quat = quat();
  /** Body axis the clip turns about when it slips: 0 up (x), 1 right (y), 2 forward (z). */
  readonly #slipAxis: 0 | 1 | 2;
  /** Count of samples where a channel hit full scale. */
  saturated = 0;

  constructor(p: SimParams, q_sensorToBody: Quat) {
    this.#q = quat(q_sensorToBody[0], q_sensorToBody[1], q_sensorToBody[2], q_sensorToBody[3]);
    this.#rng = new Rng(p.seed ^ 0x5e45_0003);
    this.#slipAxis = p.mountSlipAxis === "forward" ? 2 : p.mountSlipAxis === "right" ? 1 : 0;
    const bw_hz = p.sampleRate_hz / 2; // white noise up to Nyquist
    this.#accSigma_g = p.accNoise_ugrtHz * 1e-6 * Math.sqrt(bw_hz);
    this.#gyroSigma_dps = p.gyroNoise_mdpsrtHz * 1e-3 * Math.sqrt(bw_hz);
    this.#walkSigma_dps = p.gyroBiasWalk_dpsrts * Math.sqrt(1 / p.sampleRate_hz);
    // Signed 16-bit output: the largest codes are ±32767·LSB (for the gyro slightly beyond the nominal range).
    // quantise = false: an ideal sensor (LSB 0, no clipping) for consistency tests.
    this.#accLsb_g = p.quantise ? (p.accRange_g * LSM6DS3TRC.accLsbPerRange_mg) / 1000 : 0;
    this.#gyroLsb_dps = p.quantise ? (p.gyroRange_dps * LSM6DS3TRC.gyroLsbPerRange_mdps) / 1000 : 0;
    this.#accMax = p.quantise ? 32767 * this.#accLsb_g : Infinity;
    this.#gyroMax = p.quantise ? 32767 * this.#gyroLsb_dps : Infinity;
    const r = this.#rng;
    this.accBias_g = [p.accBias_g * r.normal(), p.accBias_g * r.normal(), p.accBias_g * r.normal()];
    this.gyroBiasStart_dps = [p.gyroBias_dps * r.normal(), p.gyroBias_dps * r.normal(), p.gyroBias_dps * r.normal()];
    this.gyroBias_dps = [...this.gyroBiasStart_dps];
  }

  /**
   * One sample: writes [ax, ay, az] (g) and [gx, gy, gz] (deg/s) in the sensor frame into out[0..5].
   * @param fBody_g true specific force, body frame, g
   * @param wBody_rads true angular velocity, body frame, rad/s
   * @param slip_rad the clip's rotation on the belt about the slip axis (body up by default) so far (0 without slip), rad
   * @param slipRate_rads its rate, rad/s (the gyroscope feels it)
   */
  measure(fBody_g: Vec3, wBody_rads: Vec3, out: Float64Array, slip_rad = 0, slipRate_rads = 0): void {
    const r = this.#rng;
    const v = this.#tmp;
    let sat = false;
    // mounting now: q_sensorToBody(t) = R_axis(slip) ⊗ q0; a rotation of the sensor relative to the body at rate
    // slipRate about that body axis adds to the angular velocity the gyroscope measures
    const k = this.#slipAxis;
    const qm = slip_rad === 0 ? this.#q : quatMul(this.#qNow, quatFromAxisAngle(this.#qSlip, k === 0 ? 1 : 0, k === 1 ? 1 : 0, k === 2 ? 1 : 0, slip_rad), this.#q);
    quatRotateInv(v, qm, fBody_g);
    for (let i = 0; i < 3; i++) {
      const x = v[i]! + this.accBias_g[i]! + this.#accSigma_g * r.normal();
      const q = quantise(x, this.#accLsb_g, this.#accMax);
      if (Math.abs(q) >= this.#accMax) sat = true;
      out[i] = q;
    }
    const w = this.#w;
    w[0] = wBody_rads[0]! + (k === 0 ? slipRate_rads : 0);
    w[1] = wBody_rads[1]! + (k === 1 ? slipRate_rads : 0);
    w[2] = wBody_rads[2]! + (k === 2 ? slipRate_rads : 0);
    quatRotateInv(v, qm, w);
    for (let i = 0; i < 3; i++) {
      this.gyroBias_dps[i] = this.gyroBias_dps[i]! + this.#walkSigma_dps * r.normal();
      const x = v[i]! / DEG + this.gyroBias_dps[i]! + this.#gyroSigma_dps * r.normal();
      const q = quantise(x, this.#gyroLsb_dps, this.#gyroMax);
      if (Math.abs(q) >= this.#gyroMax) sat = true;
      out[3 + i] = q;
    }
    if (sat) this.saturated++;
  }
}

function quantise(x: number, lsb: number, max: number): number {
  const q = lsb > 0 ? Math.round(x / lsb) * lsb : x;
  return q > max ? max : q < -max ? -max : q;
}

/** Uniformly random rotation (Shoemake 1992, "Uniform random rotations", Graphics Gems III). */
export function randomRotation(rng: Rng): Quat {
  const u1 = rng.uniform();
  const u2 = rng.uniform() * 2 * Math.PI;
  const u3 = rng.uniform() * 2 * Math.PI;
  const a = Math.sqrt(1 - u1);
  const b = Math.sqrt(u1);
  const q = quat(a * Math.sin(u2), a * Math.cos(u2), b * Math.sin(u3), b * Math.cos(u3));
  if (q[0]! < 0) for (let i = 0; i < 4; i++) q[i] = -q[i]!;
  return q;
}
