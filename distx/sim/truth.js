/**
 * Ground truth of a simulated session, computed from the continuous motion (not from the sampled signals): per-step
 * events and metrics, the parameters, the mounting and the sensor's offsets. Written next to the session as JSON.
 */
import { DEG } from "../core/math/quat.js";
import { round } from "../core/math/round.js";
import { G0_MPS2 } from "./kinematics.js";
export const TRUTH_SCHEMA = "hipgait/sim-truth@1";
/** Resolution at which truth extrema are searched, s. */
const TRUTH_DT_S = 0.001;
export function computeTruthSteps(sch, kin, gaps) {
    const out = [];
    const steps = sch.steps;
    for (let k = 0; k < steps.length; k++) {
        const st = steps[k];
        const ic = st.ic_s;
        const to = ic + st.contact_s;
        const stanceEnd = Math.min(to, ic + st.step_s);
        // One pass over the step on a fine grid: drop (stance only), tilt and rotation ranges (over the step the
        // transverse rotation swings from one extreme to the other, so its range over the step is the stride range).
        let drop = -Infinity;
        let tMin = Infinity, tMax = -Infinity, rMin = Infinity, rMax = -Infinity;
        const n = Math.ceil(st.step_s / TRUTH_DT_S);
        for (let i = 0; i <= n; i++) {
            const t = ic + (i * st.step_s) / n;
            const a = kin.angles(t);
            if (t <= stanceEnd)
                drop = Math.max(drop, st.side * a.obliquity_rad);
            tMin = Math.min(tMin, a.anteriorTilt_rad);
            tMax = Math.max(tMax, a.anteriorTilt_rad);
            rMin = Math.min(rMin, a.rotation_rad);
            rMax = Math.max(rMax, a.rotation_rad);
        }
        const oblIc = kin.angles(ic).obliquity_rad;
        out.push({
            t: round(ic, 6),
            side: st.side === 1 ? "right" : "left",
            gait: st.kind,
            toe_off_s: round(to, 6),
            contact_time_ms: round(st.contact_s * 1000, 3),
            step_time_ms: round(st.step_s * 1000, 3),
            pelvic_drop_deg: round(drop / DEG, 4),
            obliquity_at_ic_deg: round(oblIc / DEG, 4),
            vertical_oscillation_mm: round(verticalOscillation_m(kin, ic, st.step_s) * 1000, 2),
            pelvic_rotation_range_deg: round((rMax - rMin) / DEG, 3),
            pelvic_tilt_range_deg: round((tMax - tMin) / DEG, 3),
            in_gap: gaps.some(([a, b]) => a < to && b > ic),
        });
    }
    return out;
}
/**
 * Vertical excursion over one step: integrate a_up = g·(f_up - 1) twice with the initial velocity chosen so that the
 * mean velocity over the step is zero (the pelvis returns to the same height), then take max - min.
 */
function verticalOscillation_m(kin, ic, step_s) {
    const n = Math.max(50, Math.ceil(step_s / TRUTH_DT_S));
    const dt = step_s / n;
    const f = new Float64Array(3);
    let v = 0;
    let vSum = 0;
    const vel = new Float64Array(n + 1);
    let aPrev = G0_MPS2 * (kin.specificForceWorld(ic, f)[0] - 1);
    for (let i = 1; i <= n; i++) {
        const a = G0_MPS2 * (kin.specificForceWorld(ic + i * dt, f)[0] - 1);
        v += 0.5 * (a + aPrev) * dt;
        aPrev = a;
        vel[i] = v;
        vSum += v;
    }
    const v0 = -vSum / (n + 1);
    let z = 0, zMin = 0, zMax = 0;
    for (let i = 1; i <= n; i++) {
        z += 0.5 * (vel[i - 1] + vel[i] + 2 * v0) * dt;
        zMin = Math.min(zMin, z);
        zMax = Math.max(zMax, z);
    }
    return zMax - zMin;
}
export function summarise(steps, sch) {
    const run = steps.filter((s) => s.gait === "run");
    const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
    const side = (sd) => run.filter((s) => s.side === sd);
    const running_s = sch.segments.filter((s) => s.kind === "run").reduce((a, s) => a + s.end_s - s.start_s, 0);
    return {
        running_steps: run.length,
        walking_steps: steps.length - run.length,
        running_s: round(running_s, 3),
        cadence_spm: round((60 * run.length) / running_s, 3),
        contact_time_ms: { left: round(mean(side("left").map((s) => s.contact_time_ms)), 3), right: round(mean(side("right").map((s) => s.contact_time_ms)), 3) },
        pelvic_drop_deg: { left: round(mean(side("left").map((s) => s.pelvic_drop_deg)), 4), right: round(mean(side("right").map((s) => s.pelvic_drop_deg)), 4) },
        vertical_oscillation_mm: round(mean(run.map((s) => s.vertical_oscillation_mm)), 2),
    };
}
//# sourceMappingURL=truth.js.map