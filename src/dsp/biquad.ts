/** Butterworth biquad cascades: coefficient design through `fili`, sample-by-sample filtering over typed arrays. */
import fili from "fili";
import { Kernel } from "../core/kernel.js";
import { BQ_C, BQ_N, BQ_S, BQ_SLOTS } from "../core/kernel-layout.js";

/** Response shape of a Butterworth design. */
export type ButterworthType = "lowpass" | "highpass" | "bandpass";

/** What to design. Frequencies in Hz; the cascade runs at `sampleRate_hz`. */
export interface ButterworthSpec {
  readonly type: ButterworthType;
  /**
   * Filter order (number of poles) of the low-pass / high-pass prototype: even, 2…24. A band-pass of order n is a
   * high-pass of order n at the lower edge followed by a low-pass of order n at the upper edge (2n poles in total,
   * the same pole count as scipy's `butter(n, [lo, hi], "bandpass")`).
   */
  readonly order: number;
  /** −3 dB frequency, Hz (lowpass/highpass), or the [lower, upper] edges, Hz (bandpass). */
  readonly cutoff_hz: number | readonly [number, number];
  /** Sample rate the coefficients are designed for, Hz. */
  readonly sampleRate_hz: number;
}

/**
 * One second-order section, normalised so that a0 = 1:
 * H(z) = (b0 + b1 z⁻¹ + b2 z⁻²) / (1 + a1 z⁻¹ + a2 z⁻²).
 */
export interface BiquadSection {
  readonly b0: number;
  readonly b1: number;
  readonly b2: number;
  readonly a1: number;
  readonly a2: number;
}

/** Gain and phase of a cascade at one frequency. */
export interface FrequencyResponse {
  /** |H(e^{jω})|, linear (1 = unity). */
  readonly gain: number;
  /** arg H(e^{jω}), radians in (−π, π]. */
  readonly phase_rad: number;
}

const STAGE = "designButterworth";
/** fili builds at most 12 sections per call (`calcCascades.js` clamps `order` to 12), i.e. filter order 24. */
const MAX_ORDER = 24;

function checkFrequency(name: string, f_hz: number, fs_hz: number): void {
  if (!(Number.isFinite(f_hz) && f_hz > 0 && f_hz < fs_hz / 2)) {
    throw new RangeError(`${STAGE}: ${name} must be in (0, sampleRate_hz/2) = (0, ${fs_hz / 2}) Hz, got ${f_hz}`);
  }
}

/** Converts fili's section (gain k folded into the numerator) into a frozen a0 = 1 section. */
function fromFili(s: fili.Biquad): BiquadSection {
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
export function designButterworth(spec: ButterworthSpec): readonly BiquadSection[] {
  const { type, order, cutoff_hz, sampleRate_hz } = spec;
  if (!(Number.isFinite(sampleRate_hz) && sampleRate_hz > 0)) {
    throw new RangeError(`${STAGE}: sampleRate_hz must be > 0, got ${sampleRate_hz}`);
  }
  if (!(Number.isInteger(order) && order >= 2 && order <= MAX_ORDER && order % 2 === 0)) {
    throw new RangeError(`${STAGE}: order must be an even integer in [2, ${MAX_ORDER}], got ${order}`);
  }
  const calc = new fili.CalcCascades();
  const sections = order / 2;
  const design = (kind: "lowpass" | "highpass", fc_hz: number): BiquadSection[] =>
    calc[kind]({ order: sections, characteristic: "butterworth", Fs: sampleRate_hz, Fc: fc_hz }).map(fromFili);

  if (type === "bandpass") {
    if (typeof cutoff_hz === "number") {
      throw new RangeError(`${STAGE}: a bandpass needs cutoff_hz = [lower, upper] in Hz`);
    }
    const [lo_hz, hi_hz] = cutoff_hz;
    checkFrequency("cutoff_hz[0]", lo_hz, sampleRate_hz);
    checkFrequency("cutoff_hz[1]", hi_hz, sampleRate_hz);
    if (!(lo_hz < hi_hz)) throw new RangeError(`${STAGE}: bandpass edges must satisfy lower < upper, got [${lo_hz}, ${hi_hz}] Hz`);
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
function polyGroupDelay(p: number[], w_rad: number): number {
  let extra = 0;
  let q = p;
  if (w_rad === 0) {
    for (;;) {
      const sum = q.reduce((s, v) => s + v, 0);
      const scale = q.reduce((s, v) => s + Math.abs(v), 0);
      if (q.length < 2 || Math.abs(sum) > 1e-12 * scale) break;
      // q(z) = (1 − z⁻¹) r(z): r_k = Σ_{i≤k} q_i (synthetic division by the root z = 1)
      const r: number[] = [];
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
 * A cascade of biquads run sample by sample (Direct Form II transposed). Coefficients and state live in the
 * WebAssembly kernel's memory (core/kernel.ts), where the per-sample recursion runs (assembly/kernel.ts: here through
 * `step`, and inside the contact detector's per-sample function, which filters with this cascade); `step`
 * allocates nothing.
 */
export class BiquadCascade {
  /** Sample rate the coefficients were designed for, Hz. */
  readonly sampleRate_hz: number;
  /** Number of second-order sections. */
  readonly sectionCount: number;
  readonly #sections: readonly BiquadSection[];
  /** The kernel holding the coefficients and state. */
  readonly kernel: Kernel;
  /** Byte address of the cascade's block in the kernel (core/kernel-layout.ts, BQ_*). */
  readonly address: number;

  /**
   * @param sections second-order sections (a0 = 1), applied in order
   * @param sampleRate_hz sample rate of the signal, Hz (used only to express delays in seconds)
   * @param kernel the kernel to keep the state in (a new one by default)
   */
  constructor(sections: readonly BiquadSection[], sampleRate_hz: number, kernel: Kernel = new Kernel()) {
    if (sections.length === 0) throw new RangeError("BiquadCascade: needs at least one section");
    if (!(Number.isFinite(sampleRate_hz) && sampleRate_hz > 0)) {
      throw new RangeError(`BiquadCascade: sampleRate_hz must be > 0, got ${sampleRate_hz}`);
    }
    this.sampleRate_hz = sampleRate_hz;
    this.sectionCount = sections.length;
    this.#sections = Object.freeze(sections.map((s) => Object.freeze({ ...s })));
    this.kernel = kernel;
    const n = sections.length;
    const p = kernel.alloc(BQ_SLOTS + 7 * n);
    this.address = p;
    const c = p + 8 * BQ_SLOTS;
    const m = kernel.f64, b = p >> 3;
    m[b + BQ_N] = n;
    m[b + BQ_C] = c;
    m[b + BQ_S] = c + 40 * n;
    sections.forEach((s, i) => m.set([s.b0, s.b1, s.b2, s.a1, s.a2], (c >> 3) + 5 * i));
  }

  /** Designs a Butterworth filter with {@link designButterworth} and wraps it. */
  static butterworth(spec: ButterworthSpec, kernel?: Kernel): BiquadCascade {
    return new BiquadCascade(designButterworth(spec), spec.sampleRate_hz, kernel);
  }

  /** The sections (a0 = 1), frozen copies. */
  get sections(): readonly BiquadSection[] {
    return this.#sections;
  }

  /** Filters one sample and returns the output (same unit as the input). */
  step(x: number): number {
    return this.kernel.ex.biquad_step(this.address, x);
  }

  /**
   * Sets the state to the steady state for a constant input `x0` (default 0 = all zeros): the next `step(x0)`
   * returns `dcGain · x0` exactly, so a filter started on 1 g does not ring.
   */
  reset(x0 = 0): void {
    this.kernel.ex.biquad_reset(this.address, x0);
  }

  /** Gain at DC, H(z = 1) (1 for a Butterworth low-pass, 0 for a high-pass or band-pass). */
  get dcGain(): number {
    return this.#sections.reduce((g, s) => (g * (s.b0 + s.b1 + s.b2)) / (1 + s.a1 + s.a2), 1);
  }

  /** Gain and phase at `frequency_hz` (0 ≤ f ≤ sampleRate_hz/2). */
  response(frequency_hz: number): FrequencyResponse {
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
  groupDelay_s(frequency_hz = 0): number {
    const w = (2 * Math.PI * frequency_hz) / this.sampleRate_hz;
    let samples = 0;
    for (const s of this.#sections) {
      samples += polyGroupDelay([s.b0, s.b1, s.b2], w) - polyGroupDelay([1, s.a1, s.a2], w);
    }
    return samples / this.sampleRate_hz;
  }
}
