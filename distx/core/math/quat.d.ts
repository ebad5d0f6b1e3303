/**
 * Unit quaternions, order [w, x, y, z] (scalar first, as in Fusion and mobgap). A quaternion q "rotates frame A to
 * frame B" when v_B = q ⊗ v_A ⊗ q*; the names say which (e.g. `qBodyToWorld`). Hamilton product, right-handed.
 * All functions take an `out` argument and may alias their inputs, so hot paths allocate nothing.
 */
import type { Vec3 } from "./vec3.js";
export type Quat = Float64Array;
export declare const DEG: number;
export declare function quat(w?: number, x?: number, y?: number, z?: number): Quat;
export declare function setQuat(out: Quat, w: number, x: number, y: number, z: number): Quat;
/** out = a ⊗ b (Hamilton). */
export declare function quatMul(out: Quat, a: ArrayLike<number>, b: ArrayLike<number>): Quat;
export declare function quatConj(out: Quat, a: ArrayLike<number>): Quat;
export declare function quatNormalize(out: Quat, a: ArrayLike<number>): Quat;
/** Rotation of `angle_rad` about the unit axis (ax, ay, az), right-hand rule. */
export declare function quatFromAxisAngle(out: Quat, ax: number, ay: number, az: number, angle_rad: number): Quat;
/** out = q ⊗ v ⊗ q* for a unit quaternion (expanded form: no temporaries). */
export declare function quatRotate(out: Vec3, q: ArrayLike<number>, v: ArrayLike<number>): Vec3;
/** out = q* ⊗ v ⊗ q: the inverse rotation of a unit quaternion. */
export declare function quatRotateInv(out: Vec3, q: ArrayLike<number>, v: ArrayLike<number>): Vec3;
/** Smallest rotation taking unit vector `from` onto unit vector `to` (handles the antiparallel case). */
export declare function quatFromTwoVectors(out: Quat, from: ArrayLike<number>, to: ArrayLike<number>): Quat;
/**
 * Quaternion from a rotation matrix whose columns are the images of the source frame's unit axes in the target frame
 * (m[r][c], row-major). Shepperd's method, numerically safe for every rotation.
 */
export declare function quatFromMatrix(out: Quat, m: ReadonlyArray<ReadonlyArray<number>>): Quat;
/**
 * Integrates a body-frame angular rate over dt_s with the exact exponential map for a constant rate:
 * q ← q ⊗ exp(½ ω dt). `omega_rads` is in the frame that q rotates *from* (the body).
 */
export declare function quatIntegrate(out: Quat, q: ArrayLike<number>, wx_rads: number, wy_rads: number, wz_rads: number, dt_s: number): Quat;
/** Rotation angle between two unit quaternions, radians in [0, pi]. */
export declare function quatAngleBetween_rad(a: ArrayLike<number>, b: ArrayLike<number>): number;
