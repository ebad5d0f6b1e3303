/**
 * The IMU itself: mounting rotation, constant offsets, gyroscope bias random walk, white noise, quantisation to the
 * LSB and saturation at full scale. Input is the true body-frame specific force (g) and angular velocity (rad/s).
 */
import { type Quat } from "../core/math/quat.js";
import { Rng } from "../core/math/rng.js";
import { type Vec3 } from "../core/math/vec3.js";
import { type SimParams } from "./params.js";
export interface SensorState {
    accBias_g: [number, number, number];
    gyroBiasStart_dps: [number, number, number];
    gyroBiasEnd_dps: [number, number, number];
}
export declare class SensorModel {
    #private;
    readonly accBias_g: [number, number, number];
    readonly gyroBiasStart_dps: [number, number, number];
    readonly gyroBias_dps: [number, number, number];
    /** Count of samples where a channel hit full scale. */
    saturated: number;
    constructor(p: SimParams, q_sensorToBody: Quat);
    /**
     * One sample: writes [ax, ay, az] (g) and [gx, gy, gz] (deg/s) in the sensor frame into out[0..5].
     * @param fBody_g true specific force, body frame, g
     * @param wBody_rads true angular velocity, body frame, rad/s
     * @param slip_rad the clip's rotation on the belt about body up so far (0 without slip), rad
     * @param slipRate_rads its rate, rad/s (the gyroscope feels it)
     */
    measure(fBody_g: Vec3, wBody_rads: Vec3, out: Float64Array, slip_rad?: number, slipRate_rads?: number): void;
}
/** Uniformly random rotation (Shoemake 1992, "Uniform random rotations", Graphics Gems III). */
export declare function randomRotation(rng: Rng): Quat;
