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
import { DEG, quatFromAxisAngle, quatMul, quat } from "../core/math/quat.js";
import { quatConj } from "../core/math/quat.js";
import { gaitAt } from "./params.js";
import { BRAKING_FRACTION, IMPACT_WIDTH_S } from "./schedule.js";
/** Standard gravity, m/s² (CGPM 1901; ISO 80000-3). */
export const G0_MPS2 = 9.80665;
/** Walking amplitudes (smaller than running): transverse rotation and tilt oscillation half-amplitudes, degrees. */
const WALK_ROTATION_DEG = 4;
const WALK_TILT_OSC_DEG = 1;
/** Walking vertical specific force swing (±g around 1 g) and forward swing, g. */
const WALK_VERTICAL_G = 0.3;
const WALK_FORWARD_G = 0.12;
/** Quiet standing is not perfectly still: postural sway, degrees and Hz (small, as in healthy adults). */
const SWAY_OBLIQUITY_DEG = 0.2;
const SWAY_TILT_DEG = 0.3;
const SWAY_HZ_A = 0.23;
const SWAY_HZ_B = 0.17;
/** Step of the central difference that turns orientation into angular velocity, s. */
const DIFF_H_S = 1e-5;
export class Kinematics {
    #p;
    #s;
    #course;
    #cursor = 0;
    #gait;
    #qa = quat();
    #qb = quat();
    #qc = quat();
    #qTmp = quat();
    #qPlus = quat();
    #qMinus = quat();
    #angles = { heading_rad: 0, rotation_rad: 0, obliquity_rad: 0, anteriorTilt_rad: 0 };
    constructor(p, schedule, course) {
        this.#p = p;
        this.#s = schedule;
        this.#course = course;
        this.#gait = { ...p.fresh };
    }
    /** Index of the step containing t, or -1 outside gait. Amortised O(1) for slowly moving t. */
    stepIndexAt(t) {
        const steps = this.#s.steps;
        if (steps.length === 0)
            return -1;
        let k = Math.min(Math.max(this.#cursor, 0), steps.length - 1);
        while (k > 0 && t < steps[k].ic_s)
            k--;
        while (k < steps.length - 1 && t >= steps[k].ic_s + steps[k].step_s)
            k++;
        this.#cursor = k;
        const s = steps[k];
        return t >= s.ic_s && t < s.ic_s + s.step_s ? k : -1;
    }
    step(k) {
        return this.#s.steps[k];
    }
    /** Distance along the course, m. */
    distance_m(t) {
        return this.#s.speed.integral(t);
    }
    /** Orientation angles at time t (the object is reused: copy what you keep). */
    angles(t) {
        const p = this.#p;
        const sch = this.#s;
        const s_m = sch.speed.integral(t);
        const v = sch.speed.value(t);
        const kappa = this.#course.curvature_1pm(s_m);
        const env = sch.gaitEnvelope.value(t);
        const run = sch.runMix.value(t);
        // Lean into the curve (whole body, so the pelvis' right side rises in a left curve): tan(lean) = v²κ/g.
        const lean = Math.atan((v * v * kappa) / G0_MPS2);
        let rot = 0;
        let bump = 0;
        let tiltOsc = 0;
        const k = this.stepIndexAt(t);
        if (k >= 0) {
            const st = sch.steps[k];
            const u = (t - st.ic_s) / st.step_s;
            const rotAmp = env * (run * p.pelvicRotation_deg + (1 - run) * WALK_ROTATION_DEG) * DEG;
            // At right IC the right hip is forward (pelvis turned left, + about up); it turns right through right stance.
            rot = st.side * rotAmp * Math.cos(Math.PI * u);
            const uPeak = st.kind === "run" ? (0.45 * st.contact_s) / st.step_s : 0.4;
            bump = st.side * st.drop_deg * DEG * env * dropShape(u, uPeak);
            tiltOsc = env * (run * p.tiltOscillation_deg + (1 - run) * WALK_TILT_OSC_DEG) * DEG * Math.sin(2 * Math.PI * u);
        }
        const still = 1 - env;
        const swayObl = still * SWAY_OBLIQUITY_DEG * DEG * Math.sin(2 * Math.PI * SWAY_HZ_A * t);
        const swayTilt = still * SWAY_TILT_DEG * DEG * Math.sin(2 * Math.PI * SWAY_HZ_B * t + 1);
        const g = gaitAt(p, t - sch.activityStart_s, this.#gait);
        const a = this.#angles;
        a.heading_rad = this.#course.heading_rad(s_m);
        a.rotation_rad = rot;
        a.obliquity_rad = lean + bump + swayObl;
        a.anteriorTilt_rad = run * g.anteriorTilt_deg * DEG + tiltOsc + swayTilt;
        return a;
    }
    /** q_bodyToWorld at time t, written into out. */
    orientation(t, out) {
        const a = this.angles(t);
        quatFromAxisAngle(this.#qa, 1, 0, 0, a.heading_rad + a.rotation_rad);
        quatFromAxisAngle(this.#qb, 0, 0, 1, -a.obliquity_rad);
        quatFromAxisAngle(this.#qc, 0, 1, 0, -a.anteriorTilt_rad);
        quatMul(this.#qTmp, this.#qa, this.#qb);
        return quatMul(out, this.#qTmp, this.#qc);
    }
    /** Body-frame angular velocity, rad/s: ω = 2·vec(q* ⊗ dq/dt), dq/dt by a central difference of the analytic q(t). */
    angularVelocityBody(t, out) {
        const qp = this.orientation(t + DIFF_H_S, this.#qPlus);
        const qm = this.orientation(t - DIFF_H_S, this.#qMinus);
        const q = this.orientation(t, this.#qTmp);
        const inv = 1 / (2 * DIFF_H_S);
        // dq stored in qPlus
        for (let i = 0; i < 4; i++)
            qp[i] = (qp[i] - qm[i]) * inv;
        quatConj(this.#qMinus, q);
        quatMul(this.#qa, this.#qMinus, qp);
        out[0] = 2 * this.#qa[1];
        out[1] = 2 * this.#qa[2];
        out[2] = 2 * this.#qa[3];
        return out;
    }
    /**
     * Specific force at the sensor in the world frame, g (f = a - g: +1 g up when still, 0 in free flight).
     * Vertical, along the direction of travel and across it; see docs/simulator.md for the stance pulse shapes.
     */
    specificForceWorld(t, out) {
        const sch = this.#s;
        const p = this.#p;
        let fv = 1;
        let fap = 0;
        let flat = 0;
        const k = this.stepIndexAt(t);
        const s_m = sch.speed.integral(t);
        const v = sch.speed.value(t);
        const centripetal_g = (v * v * this.#course.curvature_1pm(s_m)) / G0_MPS2;
        if (k >= 0) {
            const st = sch.steps[k];
            const tau = t - st.ic_s;
            if (st.kind === "run") {
                if (tau < st.contact_s) {
                    const ph = Math.sin((Math.PI * tau) / st.contact_s);
                    const impact = tau < IMPACT_WIDTH_S ? p.impact_g * 0.5 * (1 - Math.cos((2 * Math.PI * tau) / IMPACT_WIDTH_S)) : 0;
                    const ring = p.ringing_g * Math.exp(-tau / (p.ringingDecay_ms / 1000)) * Math.sin(2 * Math.PI * p.ringing_hz * tau);
                    fv = st.vertical_g * ph + impact + ring;
                    const tb = BRAKING_FRACTION * st.contact_s;
                    fap = tau < tb ? -st.braking_g * Math.sin((Math.PI * tau) / tb) : st.propulsion_g * Math.sin((Math.PI * (tau - tb)) / (st.contact_s - tb));
                    // Lateral: push back toward the midline, plus the centripetal force of a curve delivered during stance only.
                    flat = -st.side * st.lateral_g * ph - centripetal_g * (st.step_s / st.contact_s) * (Math.PI / 2) * ph;
                }
                else {
                    fv = 0; // flight: free fall
                    fap = 0;
                    flat = 0;
                }
            }
            else {
                const u = tau / st.step_s;
                fv = 1 + WALK_VERTICAL_G * Math.cos(2 * Math.PI * u);
                fap = -WALK_FORWARD_G * Math.sin(2 * Math.PI * u);
                flat = -st.side * st.lateral_g * Math.sin(Math.PI * u) - centripetal_g;
            }
        }
        const psi = this.#course.heading_rad(s_m);
        const c = Math.cos(psi);
        const s = Math.sin(psi);
        // forward(ψ) = (0, -sin ψ, cos ψ), right(ψ) = (0, cos ψ, sin ψ)
        out[0] = fv;
        out[1] = -s * fap + c * flat;
        out[2] = c * fap + s * flat;
        return out;
    }
}
/**
 * Obliquity pulse of one step: sin² warped so that it rises from 0 at IC to 1 at uPeak and returns to 0 at the next
 * IC, with zero slope at both ends (C1, so the roll rate is continuous).
 */
export function dropShape(u, uPeak) {
    const w = u < uPeak ? (0.5 * u) / uPeak : 0.5 + (0.5 * (u - uPeak)) / (1 - uPeak);
    const s = Math.sin(Math.PI * w);
    return s * s;
}
//# sourceMappingURL=kinematics.js.map