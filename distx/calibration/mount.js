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
import { quat, quatFromMatrix } from "../core/math/quat.js";
import { cross3, dot3, normalize3, scale3, vec3 } from "../core/math/vec3.js";
/** Two unit vectors spanning the plane perpendicular to `up` (a right-handed pair with up × e1 = e2). */
export function horizontalBasis(up) {
    const u = normalize3(vec3(), up);
    // pick the sensor axis least aligned with up as a seed
    const ax = Math.abs(u[0]), ay = Math.abs(u[1]), az = Math.abs(u[2]);
    const seed = ax <= ay && ax <= az ? vec3(1, 0, 0) : ay <= az ? vec3(0, 1, 0) : vec3(0, 0, 1);
    const e1 = normalize3(vec3(), cross3(vec3(), seed, u));
    const e2 = cross3(vec3(), u, e1);
    return [e1, e2];
}
/** Running sums for a 2×2 covariance of horizontal components. */
export class Cov2 {
    n = 0;
    sx = 0;
    sy = 0;
    sxx = 0;
    syy = 0;
    sxy = 0;
    add(x, y) {
        this.n++;
        this.sx += x;
        this.sy += y;
        this.sxx += x * x;
        this.syy += y * y;
        this.sxy += x * y;
    }
    reset() {
        this.n = this.sx = this.sy = this.sxx = this.syy = this.sxy = 0;
    }
    /** Covariance matrix [[cxx, cxy], [cxy, cyy]]. */
    matrix() {
        const n = Math.max(1, this.n);
        const mx = this.sx / n, my = this.sy / n;
        const cxy = this.sxy / n - mx * my;
        return [
            [this.sxx / n - mx * mx, cxy],
            [cxy, this.syy / n - my * my],
        ];
    }
}
/** Principal axis of a 2×2 covariance (unit [c1, c2]) and the eigenvalue ratio λ1/λ2 (≥ 1; large = well defined). */
export function principalAxis(cov) {
    const a = cov[0][0], b = cov[0][1], d = cov[1][1];
    // eigenvalues of [[a, b], [b, d]]: mean ± sqrt(((a − d)/2)² + b²)
    const m = (a + d) / 2;
    const r = Math.hypot((a - d) / 2, b);
    const l1 = m + r;
    const l2 = m - r;
    // eigenvector of l1: angle θ with tan 2θ = 2b / (a − d)
    const theta = 0.5 * Math.atan2(2 * b, a - d);
    return { axis: [Math.cos(theta), Math.sin(theta)], ratio: l1 / Math.max(l2, 1e-12) };
}
/**
 * Sign test for the forward direction: for each stance, (mean forward specific force over the last 40 % of
 * contact) − (mean over the first 40 %); positive when braking precedes propulsion, i.e. the axis points forward.
 * Returns a z-score over stances (mean / standard error); > 0 means the candidate axis is forward.
 */
export function forwardSignZ(differences) {
    const n = differences.length;
    if (n < 3)
        return 0;
    let s = 0, ss = 0;
    for (let i = 0; i < n; i++) {
        s += differences[i];
        ss += differences[i] * differences[i];
    }
    const m = s / n;
    const sd = Math.sqrt(Math.max(ss / n - m * m, 1e-12));
    return m / (sd / Math.sqrt(n));
}
/** Builds q_sensorToBody from the up and (not necessarily orthogonal) forward directions in the sensor frame. */
export function mountFromAxes(up_s, forward_s) {
    const u = normalize3(vec3(), up_s);
    const f = vec3(forward_s[0], forward_s[1], forward_s[2]);
    // remove any up component and normalise
    const d = dot3(f, u);
    f[0] = f[0] - d * u[0];
    f[1] = f[1] - d * u[1];
    f[2] = f[2] - d * u[2];
    normalize3(f, f);
    const r = cross3(vec3(), f, u);
    return quatFromMatrix(quat(), [Array.from(u), Array.from(r), Array.from(f)]);
}
/** Forward direction in the sensor frame from the principal axis coordinates in a horizontal basis, with a sign. */
export function forwardFromBasis(e1, e2, axis, sign) {
    const f = vec3(e1[0] * axis[0] + e2[0] * axis[1], e1[1] * axis[0] + e2[1] * axis[1], e1[2] * axis[0] + e2[2] * axis[1]);
    return scale3(f, f, sign);
}
//# sourceMappingURL=mount.js.map