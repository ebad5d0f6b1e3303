/**
 * Automatic mounting calibration: which sensor directions are the pelvis' up, forward and right.
 * 1. Up: mean specific force of quiet standing (≥ 2 s), else the mean over steady running (research note §1.1).
 * 2. Forward axis: principal component (closed-form symmetric eigen-decomposition, checked against mathjs.eigs in
 *    the tests; importing mathjs costs ~1 s, more than the whole analysis of a long run may take) of the horizontal
 *    specific force over running,
 *    taken in a gyro-stabilised horizontal plane so that pelvic roll does not leak gravity into it. At the sacrum
 *    the braking/propulsion (antero-posterior) component dominates the medio-lateral one.
 * 3. Forward sign: in stance the pelvis first brakes then propels, so the forward specific force is lower in the
 *    first part of stance than in the last (research note §1.1 step 3, our running variant).
 * 4. Right = forward × up.
 */
import { type Quat } from "../core/math/quat.js";
import { type Vec3 } from "../core/math/vec3.js";
/** Two unit vectors spanning the plane perpendicular to `up` (a right-handed pair with up × e1 = e2). */
export declare function horizontalBasis(up: ArrayLike<number>): [Vec3, Vec3];
/** Running sums for a 2×2 covariance of horizontal components. */
export declare class Cov2 {
    n: number;
    sx: number;
    sy: number;
    sxx: number;
    syy: number;
    sxy: number;
    add(x: number, y: number): void;
    reset(): void;
    /** Covariance matrix [[cxx, cxy], [cxy, cyy]]. */
    matrix(): [[number, number], [number, number]];
}
/** Principal axis of a 2×2 covariance (unit [c1, c2]) and the eigenvalue ratio λ1/λ2 (≥ 1; large = well defined). */
export declare function principalAxis(cov: [[number, number], [number, number]]): {
    axis: [number, number];
    ratio: number;
};
/**
 * Sign test for the forward direction: for each stance, (mean forward specific force over the last 40 % of
 * contact) − (mean over the first 40 %); positive when braking precedes propulsion, i.e. the axis points forward.
 * Returns a z-score over stances (mean / standard error); > 0 means the candidate axis is forward.
 */
export declare function forwardSignZ(differences: ArrayLike<number>): number;
/** Builds q_sensorToBody from the up and (not necessarily orthogonal) forward directions in the sensor frame. */
export declare function mountFromAxes(up_s: ArrayLike<number>, forward_s: ArrayLike<number>): Quat;
/** Forward direction in the sensor frame from the principal axis coordinates in a horizontal basis, with a sign. */
export declare function forwardFromBasis(e1: Vec3, e2: Vec3, axis: [number, number], sign: 1 | -1): Vec3;
