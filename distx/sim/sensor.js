/**
 * The IMU itself: mounting rotation, constant offsets, gyroscope bias random walk, white noise, quantisation to the
 * LSB and saturation at full scale. Input is the true body-frame specific force (g) and angular velocity (rad/s).
 */
import { DEG, quat, quatFromAxisAngle, quatMul, quatRotateInv } from "../core/math/quat.js";
import { Rng } from "../core/math/rng.js";
import { vec3 } from "../core/math/vec3.js";
import { LSM6DS3TRC } from "./params.js";
export class SensorModel {
    #q;
    #rng;
    #accSigma_g;
    #gyroSigma_dps;
    #walkSigma_dps;
    #accLsb_g;
    #gyroLsb_dps;
    #accMax;
    #gyroMax;
    accBias_g;
    gyroBiasStart_dps;
    gyroBias_dps;
    #tmp = vec3();
    #w = vec3();
    #qNow = quat();
    #qSlip = quat();
    /** Count of samples where a channel hit full scale. */
    saturated = 0;
    constructor(p, q_sensorToBody) {
        this.#q = quat(q_sensorToBody[0], q_sensorToBody[1], q_sensorToBody[2], q_sensorToBody[3]);
        this.#rng = new Rng(p.seed ^ 0x5e45_0003);
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
     * @param slip_rad the clip's rotation on the belt about body up so far (0 without slip), rad
     * @param slipRate_rads its rate, rad/s (the gyroscope feels it)
     */
    measure(fBody_g, wBody_rads, out, slip_rad = 0, slipRate_rads = 0) {
        const r = this.#rng;
        const v = this.#tmp;
        let sat = false;
        // mounting now: q_sensorToBody(t) = R_up(slip) ⊗ q0; a rotation of the sensor relative to the body at rate
        // slipRate about body up adds to the angular velocity the gyroscope measures
        const qm = slip_rad === 0 ? this.#q : quatMul(this.#qNow, quatFromAxisAngle(this.#qSlip, 1, 0, 0, slip_rad), this.#q);
        quatRotateInv(v, qm, fBody_g);
        for (let i = 0; i < 3; i++) {
            const x = v[i] + this.accBias_g[i] + this.#accSigma_g * r.normal();
            const q = quantise(x, this.#accLsb_g, this.#accMax);
            if (Math.abs(q) >= this.#accMax)
                sat = true;
            out[i] = q;
        }
        const w = this.#w;
        w[0] = wBody_rads[0] + slipRate_rads;
        w[1] = wBody_rads[1];
        w[2] = wBody_rads[2];
        quatRotateInv(v, qm, w);
        for (let i = 0; i < 3; i++) {
            this.gyroBias_dps[i] = this.gyroBias_dps[i] + this.#walkSigma_dps * r.normal();
            const x = v[i] / DEG + this.gyroBias_dps[i] + this.#gyroSigma_dps * r.normal();
            const q = quantise(x, this.#gyroLsb_dps, this.#gyroMax);
            if (Math.abs(q) >= this.#gyroMax)
                sat = true;
            out[3 + i] = q;
        }
        if (sat)
            this.saturated++;
    }
}
function quantise(x, lsb, max) {
    const q = lsb > 0 ? Math.round(x / lsb) * lsb : x;
    return q > max ? max : q < -max ? -max : q;
}
/** Uniformly random rotation (Shoemake 1992, "Uniform random rotations", Graphics Gems III). */
export function randomRotation(rng) {
    const u1 = rng.uniform();
    const u2 = rng.uniform() * 2 * Math.PI;
    const u3 = rng.uniform() * 2 * Math.PI;
    const a = Math.sqrt(1 - u1);
    const b = Math.sqrt(u1);
    const q = quat(a * Math.sin(u2), a * Math.cos(u2), b * Math.sin(u3), b * Math.cos(u3));
    if (q[0] < 0)
        for (let i = 0; i < 4; i++)
            q[i] = -q[i];
    return q;
}
//# sourceMappingURL=sensor.js.map