/**
 * Ground-truth motion of the pelvis: orientation (body → world) and the specific force at the sensor, as continuous
 * functions of time built from the schedule. Nothing here estimates anything; this is the world the analysis must
 * recover.
 *
 * World frame: x = up, y = right and z = forward at the start (heading 0), right-handed. Body frame: x = up (IS),
 * y = right (ML), z = forward (PA) of the pelvis. Orientation is the intrinsic sequence rotation (about up, heading +
 * transverse rotation) → obliquity (about forward) → tilt (about right), the Cardan sequence of Baker 2001
 * (Gait Posture 13:1–6), so the obliquity angle equals asin(ML axis · up) exactly.
 */
import { type Quat } from "../core/math/quat.js";
import type { Vec3 } from "../core/math/vec3.js";
import type { Course } from "./track.js";
import { type SimParams } from "./params.js";
import { type Schedule, type Step } from "./schedule.js";
/** Standard gravity, m/s² (CGPM 1901; ISO 80000-3). */
export declare const G0_MPS2 = 9.80665;
/** Angles that define the pelvis orientation at one instant (all radians). */
export interface PelvisAngles {
    heading_rad: number;
    rotation_rad: number;
    obliquity_rad: number;
    anteriorTilt_rad: number;
}
export declare class Kinematics {
    #private;
    constructor(p: SimParams, schedule: Schedule, course: Course);
    /** Index of the step containing t, or -1 outside gait. Amortised O(1) for slowly moving t. */
    stepIndexAt(t: number): number;
    step(k: number): Step;
    /** Distance along the course, m. */
    distance_m(t: number): number;
    /** Orientation angles at time t (the object is reused: copy what you keep). */
    angles(t: number): PelvisAngles;
    /** q_bodyToWorld at time t, written into out. */
    orientation(t: number, out: Quat): Quat;
    /** Body-frame angular velocity, rad/s: ω = 2·vec(q* ⊗ dq/dt), dq/dt by a central difference of the analytic q(t). */
    angularVelocityBody(t: number, out: Vec3): Vec3;
    /**
     * Specific force at the sensor in the world frame, g (f = a - g: +1 g up when still, 0 in free flight).
     * Vertical, along the direction of travel and across it; see docs/simulator.md for the stance pulse shapes.
     */
    specificForceWorld(t: number, out: Vec3): Vec3;
}
/**
 * Obliquity pulse of one step: sin² warped so that it rises from 0 at IC to 1 at uPeak and returns to 0 at the next
 * IC, with zero slope at both ends (C1, so the roll rate is continuous).
 */
export declare function dropShape(u: number, uPeak: number): number;
