/** Butterworth biquad cascades: coefficient design through `fili`, sample-by-sample filtering over typed arrays. */
import fili from "fili";
const STAGE = "designButterworth";
/** fili builds at most 12 sections per call (`calcCascades.js` clamps `order` to 12), i.e. filter order 24. */
const MAX_ORDER = 24;
function checkFrequency(name, f_hz, fs_hz) {
    if (!(Number.isFinite(f_hz) && f_hz > 0 && f_hz < fs_hz / 2)) {
        throw new RangeError(`${STAGE}: ${name} must be in (0, sampleRate_hz/2) = (0, ${fs_hz / 2}) Hz, got ${f_hz}`);
    }
}
/** Converts fili's section (gain k folded into the numerator) into a frozen a0 = 1 section. */
function fromFili(s) {
    const [b0 = Number.NaN, b1 = Number.NaN, b2 = Number.NaN] = s.b;
    const [a1 = Number.NaN, a2 = Number.NaN] = s.a;
    const k = s.k;
    const out = Object.freeze({ b0: k * b0, b1: k * b1, b2: k * b2, a1, a2 });
    if (![out.b0, out.b1, out.b2, out.a1, out.a2].every(Number.isFinite)) {
        throw new Error(`${STAGE}: fili returned a non-finite coefficient`);
    }
    return out;
}
/**
 * Designs a digital Butterworth filter as a cascade of second-order sections. Coefficients come from fili's
 * `CalcCascades` (RBJ cookbook sections, i.e. the bilinear transform pre-warped at the cut-off, so the digital
 * magnitude is exactly 1/√(1 + (tan(πf/fs)/tan(πfc/fs))^(2n)): −3 dB at the cut-off, unity at DC for a low-pass).
 * @throws RangeError on an odd or out-of-range order, a cut-off outside (0, fs/2), or band edges out of order.
 */
export function designButterworth(spec) {
    const { type, order, cutoff_hz, sampleRate_hz } = spec;
    if (!(Number.isFinite(sampleRate_hz) && sampleRate_hz > 0)) {
        throw new RangeError(`${STAGE}: sampleRate_hz must be > 0, got ${sampleRate_hz}`);
    }
    if (!(Number.isInteger(order) && order >= 2 && order <= MAX_ORDER && order % 2 === 0)) {
        throw new RangeError(`${STAGE}: order must be an even integer in [2, ${MAX_ORDER}], got ${order}`);
    }
    const calc = new fili.CalcCascades();
    const sections = order / 2;
    const design = (kind, fc_hz) => calc[kind]({ order: sections, characteristic: "butterworth", Fs: sampleRate_hz, Fc: fc_hz }).map(fromFili);
    if (type === "bandpass") {
        if (typeof cutoff_hz === "number") {
            throw new RangeError(`${STAGE}: a bandpass needs cutoff_hz = [lower, upper] in Hz`);
        }
        const [lo_hz, hi_hz] = cutoff_hz;
        checkFrequency("cutoff_hz[0]", lo_hz, sampleRate_hz);
        checkFrequency("cutoff_hz[1]", hi_hz, sampleRate_hz);
        if (!(lo_hz < hi_hz))
            throw new RangeError(`${STAGE}: bandpass edges must satisfy lower < upper, got [${lo_hz}, ${hi_hz}] Hz`);
        return Object.freeze([...design("highpass", lo_hz), ...design("lowpass", hi_hz)]);
    }
    if (typeof cutoff_hz !== "number") {
        throw new RangeError(`${STAGE}: a ${type} needs a single cutoff_hz in Hz`);
    }
    checkFrequency("cutoff_hz", cutoff_hz, sampleRate_hz);
    return Object.freeze(design(type, cutoff_hz));
}
/**
 * Group delay, in samples, of the FIR polynomial p0 + p1 z⁻¹ + p2 z⁻² at normalised frequency ω (rad/sample):
 * Re[Σ k p_k e^{−jωk} / Σ p_k e^{−jωk}]. Zeros at z = 1 are divided out first when ω = 0 (each contributes exactly
 * ½ sample), so the DC delay of a high-pass section is its well-defined limit.
 */
function polyGroupDelay(p, w_rad) {
    let extra = 0;
    let q = p;
    if (w_rad === 0) {
        for (;;) {
            const sum = q.reduce((s, v) => s + v, 0);
            const scale = q.reduce((s, v) => s + Math.abs(v), 0);
            if (q.length < 2 || Math.abs(sum) > 1e-12 * scale)
                break;
            // q(z) = (1 − z⁻¹) r(z): r_k = Σ_{i≤k} q_i (synthetic division by the root z = 1)
            const r = [];
            let acc = 0;
            for (let i = 0; i < q.length - 1; i++) {
                acc += q[i] ?? 0;
                r.push(acc);
            }
            q = r;
            extra += 0.5;
        }
    }
    let nr = 0, ni = 0, dr = 0, di = 0;
    for (let k = 0; k < q.length; k++) {
        const c = Math.cos(w_rad * k), s = -Math.sin(w_rad * k);
        const v = q[k] ?? 0;
        dr += v * c;
        di += v * s;
        nr += k * v * c;
        ni += k * v * s;
    }
    const den = dr * dr + di * di;
    return extra + (den > 0 ? (nr * dr + ni * di) / den : 0);
}
/**
 * A cascade of biquads run sample by sample (Direct Form II transposed). Coefficients and state live in
 * Float64Arrays; `step` allocates nothing.
 */
export class BiquadCascade {
    /** Sample rate the coefficients were designed for, Hz. */
    sampleRate_hz;
    /** Number of second-order sections. */
    sectionCount;
    #sections;
    /** [b0, b1, b2, a1, a2] per section. */
    #c;
    /** [s1, s2] per section. */
    #s;
    /**
     * @param sections second-order sections (a0 = 1), applied in order
     * @param sampleRate_hz sample rate of the signal, Hz (used only to express delays in seconds)
     */
    constructor(sections, sampleRate_hz) {
        if (sections.length === 0)
            throw new RangeError("BiquadCascade: needs at least one section");
        if (!(Number.isFinite(sampleRate_hz) && sampleRate_hz > 0)) {
            throw new RangeError(`BiquadCascade: sampleRate_hz must be > 0, got ${sampleRate_hz}`);
        }
        this.sampleRate_hz = sampleRate_hz;
        this.sectionCount = sections.length;
        this.#sections = Object.freeze(sections.map((s) => Object.freeze({ ...s })));
        this.#c = new Float64Array(5 * sections.length);
        this.#s = new Float64Array(2 * sections.length);
        sections.forEach((s, i) => this.#c.set([s.b0, s.b1, s.b2, s.a1, s.a2], 5 * i));
    }
    /** Designs a Butterworth filter with {@link designButterworth} and wraps it. */
    static butterworth(spec) {
        return new BiquadCascade(designButterworth(spec), spec.sampleRate_hz);
    }
    /** The sections (a0 = 1), frozen copies. */
    get sections() {
        return this.#sections;
    }
    /** Filters one sample and returns the output (same unit as the input). */
    step(x) {
        const c = this.#c, s = this.#s;
        let v = x;
        for (let i = 0, ci = 0, si = 0; i < this.sectionCount; i++, ci += 5, si += 2) {
            const y = c[ci] * v + s[si];
            s[si] = c[ci + 1] * v - c[ci + 3] * y + s[si + 1];
            s[si + 1] = c[ci + 2] * v - c[ci + 4] * y;
            v = y;
        }
        return v;
    }
    /**
     * Sets the state to the steady state for a constant input `x0` (default 0 = all zeros): the next `step(x0)`
     * returns `dcGain · x0` exactly, so a filter started on 1 g does not ring.
     */
    reset(x0 = 0) {
        const c = this.#c, s = this.#s;
        let v = x0;
        for (let i = 0, ci = 0, si = 0; i < this.sectionCount; i++, ci += 5, si += 2) {
            const b0 = c[ci], b1 = c[ci + 1], b2 = c[ci + 2], a1 = c[ci + 3], a2 = c[ci + 4];
            const y = (v * (b0 + b1 + b2)) / (1 + a1 + a2);
            s[si + 1] = b2 * v - a2 * y;
            s[si] = b1 * v - a1 * y + s[si + 1];
            v = y;
        }
    }
    /** Gain at DC, H(z = 1) (1 for a Butterworth low-pass, 0 for a high-pass or band-pass). */
    get dcGain() {
        return this.#sections.reduce((g, s) => (g * (s.b0 + s.b1 + s.b2)) / (1 + s.a1 + s.a2), 1);
    }
    /** Gain and phase at `frequency_hz` (0 ≤ f ≤ sampleRate_hz/2). */
    response(frequency_hz) {
        const w = (2 * Math.PI * frequency_hz) / this.sampleRate_hz;
        const c1 = Math.cos(w), s1 = -Math.sin(w), c2 = Math.cos(2 * w), s2 = -Math.sin(2 * w);
        let re = 1, im = 0;
        for (const s of this.#sections) {
            const nr = s.b0 + s.b1 * c1 + s.b2 * c2, ni = s.b1 * s1 + s.b2 * s2;
            const dr = 1 + s.a1 * c1 + s.a2 * c2, di = s.a1 * s1 + s.a2 * s2;
            const den = dr * dr + di * di;
            const hr = (nr * dr + ni * di) / den, hi = (ni * dr - nr * di) / den;
            const r = re * hr - im * hi;
            im = re * hi + im * hr;
            re = r;
        }
        return { gain: Math.hypot(re, im), phase_rad: Math.atan2(im, re) };
    }
    /**
     * Group delay −dφ/dω at `frequency_hz` (default 0 = DC), seconds. At DC this is the delay of slowly varying
     * content (and the shift to subtract from event times found on the filtered signal); for a high-pass the DC value
     * is the limit f → 0.
     */
    groupDelay_s(frequency_hz = 0) {
        const w = (2 * Math.PI * frequency_hz) / this.sampleRate_hz;
        let samples = 0;
        for (const s of this.#sections) {
            samples += polyGroupDelay([s.b0, s.b1, s.b2], w) - polyGroupDelay([1, s.a1, s.a2], w);
        }
        return samples / this.sampleRate_hz;
    }
}
//# sourceMappingURL=biquad.js.map