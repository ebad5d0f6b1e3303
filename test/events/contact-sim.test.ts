/** Contact detector on synthetic vertical specific-force traces with known contacts (own generator, not src/sim). */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/math/rng.js";
import { ContactDetector, DEFAULT_CONTACT_SETTINGS, type Contact, type ContactSettings } from "../../src/events/contact.js";
import { evaluateContacts, type ContactInterval } from "../../src/events/evaluation.js";

// ---------------------------------------------------------------------------------------------------------------
// Local generator. Running stance = half-sine pulse starting and ending at the flight level, scaled so that the mean
// over a step is 1 g (impulse balance: the mean vertical specific force over a step equals gravity), plus an optional
// impact transient (Gaussian bump 12 ms after IC, SD 4 ms). Walking = 1 g ± 0.3 g at the step frequency. Standing =
// 1 g. Sample times may jitter; every value is computed at its own (jittered) time, which is also its timestamp.
// ---------------------------------------------------------------------------------------------------------------

type Segment =
  | { readonly kind: "run"; readonly steps: number; readonly step_s: number; readonly contact_s: number; readonly flightLevel_g?: number }
  | { readonly kind: "walk"; readonly duration_s: number; readonly step_s?: number }
  | { readonly kind: "stand"; readonly duration_s: number };

interface GenOptions {
  readonly rate_hz: number;
  readonly segments: readonly Segment[];
  /** SD of the sample-time jitter, s (clamped to ±0.4 sample so the order is kept). */
  readonly jitter_s?: number;
  /** SD of additive white noise, g. */
  readonly noise_g?: number;
  /** Height of the impact transient, g. */
  readonly impact_g?: number;
  /** Relative step-to-step variability of step and contact time (uniform ±). */
  readonly variability?: number;
  readonly seed?: number;
}

interface Trace {
  readonly t_s: Float64Array;
  readonly av_g: Float64Array;
  readonly truth: ContactInterval[];
  /** Peak amplitude of each stance pulse above the flight level, g (parallel to truth). */
  readonly amplitude_g: number[];
  readonly duration_s: number;
}

/** Piecewise definition: a list of [start, end) pieces, each a function of absolute time. */
interface Piece {
  readonly t0: number;
  readonly t1: number;
  readonly f: (t: number) => number;
}

function generate(o: GenOptions): Trace {
  const rng = new Rng(o.seed ?? 1);
  const pieces: Piece[] = [];
  const truth: ContactInterval[] = [];
  const amplitude_g: number[] = [];
  const impact = o.impact_g ?? 0;
  const vary = o.variability ?? 0;
  let t = 0;
  for (const seg of o.segments) {
    if (seg.kind === "stand") {
      pieces.push({ t0: t, t1: t + seg.duration_s, f: () => 1 });
      t += seg.duration_s;
    } else if (seg.kind === "walk") {
      const start = t, fw = 1 / (seg.step_s ?? 0.55);
      pieces.push({ t0: t, t1: t + seg.duration_s, f: (x) => 1 + 0.25 * Math.sin(2 * Math.PI * fw * (x - start)) + 0.05 * Math.sin(4 * Math.PI * fw * (x - start)) });
      t += seg.duration_s;
    } else {
      const floor = seg.flightLevel_g ?? 0;
      for (let k = 0; k < seg.steps; k++) {
        const T = seg.step_s * (1 + vary * rng.range(-1, 1));
        const Tc = seg.contact_s * (1 + vary * rng.range(-1, 1));
        const ic = t + (T - Tc);
        const A = ((1 - floor) * Math.PI * T) / (2 * Tc);
        pieces.push({ t0: t, t1: ic, f: () => floor });
        pieces.push({
          t0: ic,
          t1: ic + Tc,
          f: (x) => floor + A * Math.sin((Math.PI * (x - ic)) / Tc) + impact * Math.exp(-0.5 * ((x - ic - 0.012) / 0.004) ** 2),
        });
        truth.push({ ic_s: ic, to_s: ic + Tc });
        amplitude_g.push(A);
        t = ic + Tc;
      }
      // A final flight so that the last contact is confirmed before the next segment.
      const T = seg.step_s - seg.contact_s;
      pieces.push({ t0: t, t1: t + T, f: () => floor });
      t += T;
    }
  }
  const n = Math.floor(t * o.rate_hz);
  const ts = new Float64Array(n), av = new Float64Array(n);
  let p = 0;
  const jit = o.jitter_s ?? 0, noise = o.noise_g ?? 0, dt = 1 / o.rate_hz;
  for (let i = 0; i < n; i++) {
    const ti = i * dt + (jit > 0 ? Math.max(-0.4 * dt, Math.min(0.4 * dt, jit * rng.normal())) : 0);
    while (p < pieces.length - 1 && ti >= pieces[p]!.t1) p++;
    ts[i] = ti;
    av[i] = pieces[p]!.f(ti) + (noise > 0 ? noise * rng.normal() : 0);
  }
  return { t_s: ts, av_g: av, truth, amplitude_g, duration_s: t };
}

function detect(tr: Trace, det: ContactDetector): Contact[] {
  const out: Contact[] = [];
  for (let i = 0; i < tr.t_s.length; i++) {
    const c = det.push(tr.t_s[i]!, tr.av_g[i]!);
    if (c !== null) out.push(c);
  }
  const last = det.flush();
  if (last !== null) out.push(last);
  return out;
}

function median(v: readonly number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

/** Running at 3.1 steps/s, 0.22 s contacts: the stance pulse peaks at π·T/(2·Tc) ≈ 2.3 g. */
const RUN: Segment = { kind: "run", steps: 60, step_s: 0.32, contact_s: 0.22 };
/** Matching tolerance, s (running, research note §4.3). */
const TOL = { tolerance_s: 0.05 } as const;

/**
 * On a noise-free half-sine of amplitude A and duration Tc the off-level θ is crossed asin(θ/A)·Tc/π before the true
 * TO. The IC estimate starts from the 0.5 g crossing and goes back by the shorter of the secant estimate (line through
 * the 0.5 g and 1 g crossings, extended to 0 g) and the tangent estimate (0.5 g / slope at the crossing); on a
 * concave pulse the tangent is the shorter one. Both offsets are exact for the model.
 */
function expectedToOffset_ms(A: number, Tc: number, off: number): number {
  return (-Math.asin(off / A) * Tc * 1000) / Math.PI;
}
function expectedIcOffset_ms(A: number, Tc: number): number {
  const tx = (v: number): number => (Math.asin(v / A) * Tc) / Math.PI;
  const slope = ((A * Math.PI) / Tc) * Math.cos(Math.asin(0.5 / A));
  return (tx(0.5) - Math.min(tx(1.0) - tx(0.5), 0.5 / slope)) * 1000;
}

describe("ContactDetector on synthetic running", () => {
  it("200 Hz, noise-free, unfiltered: every contact found, IC/TO within 2 ms of the model values, median |IC error| ≤ 5 ms", () => {
    const tr = generate({ rate_hz: 200, segments: [RUN], variability: 0.03, seed: 3 });
    // Unfiltered, so that the half-sine model's exact crossing offsets apply.
    const found = detect(tr, new ContactDetector({ sampleRate_hz: 200, lowpass_hz: null }));
    const e = evaluateContacts(tr.truth, found, TOL);
    expect(e.ic.recall).toBe(1);
    expect(e.ic.precision).toBe(1);
    expect(e.ic.errors.medianAbs_ms).toBeLessThanOrEqual(5);
    // Model expectations per contact. Linear interpolation between 5 ms samples of a curved pulse (and of the kink at
    // the pulse onset) moves the crossings by up to ≈ 1.5 ms depending on the sampling phase: tolerance 2 ms.
    for (const p of e.ic.pairs) {
      const ref = tr.truth[p.referenceIdx]!, d = found[p.detectedIdx]!;
      const A = tr.amplitude_g[p.referenceIdx]!, Tc = ref.to_s - ref.ic_s;
      expect(Math.abs(p.error_ms - expectedIcOffset_ms(A, Tc))).toBeLessThan(2);
      expect(Math.abs((d.to_s - ref.to_s) * 1000 - expectedToOffset_ms(A, Tc, DEFAULT_CONTACT_SETTINGS.contactOff_g))).toBeLessThan(2);
      expect(d.peak_g).toBeGreaterThan(A - 0.01);
      expect(d.peak_g).toBeLessThanOrEqual(A + 1e-9);
    }
    // Model offsets at these amplitudes: IC ≈ −0.3 ms, TO ≈ −8 ms, so |TO error| stays ≤ 10 ms.
    expect(e.to.maxAbs_ms).toBeLessThanOrEqual(10);
    expect(e.contactTime.maxAbs_ms).toBeLessThanOrEqual(10);
    // Step times: all but the first contact carry one, equal to the IC difference.
    expect(found[0]!.step_ms).toBeNull();
    for (let k = 1; k < found.length; k++) {
      expect(found[k]!.step_ms!).toBeCloseTo((found[k]!.ic_s - found[k - 1]!.ic_s) * 1000, 9);
      expect(found[k]!.flight_ms!).toBeCloseTo((found[k]!.ic_s - found[k - 1]!.to_s) * 1000, 9);
    }
  });

  it("100 Hz with 0.05 g noise, 1 ms timestamp jitter and impact transients: recall/precision ≥ 99 %, median |IC error| ≤ 15 ms", () => {
    const tr = generate({ rate_hz: 100, segments: [RUN, RUN], noise_g: 0.05, jitter_s: 0.001, impact_g: 1.0, variability: 0.05, seed: 7 });
    const e = evaluateContacts(tr.truth, detect(tr, new ContactDetector({ sampleRate_hz: 100 })), TOL);
    expect(e.ic.recall).toBeGreaterThanOrEqual(0.99);
    expect(e.ic.precision).toBeGreaterThanOrEqual(0.99);
    expect(e.ic.errors.medianAbs_ms).toBeLessThanOrEqual(15);
    expect(Math.abs(e.ic.errors.bias_ms)).toBeLessThanOrEqual(15);
    expect(e.to.medianAbs_ms).toBeLessThanOrEqual(15);
    expect(e.contactTime.rmse_ms).toBeLessThanOrEqual(20);
  });

  it("500 Hz raw-like data (0.15 g noise, 2 g impacts) through the optional 20 Hz low-pass: delay compensated", () => {
    const tr = generate({ rate_hz: 500, segments: [RUN], noise_g: 0.15, impact_g: 2.0, variability: 0.05, seed: 11 });
    const det = new ContactDetector({ sampleRate_hz: 500, lowpass_hz: 20, lowpassOrder: 2 });
    expect(det.delay_s).toBeGreaterThan(0.005);
    const e = evaluateContacts(tr.truth, detect(tr, det), TOL);
    expect(e.ic.recall).toBeGreaterThanOrEqual(0.99);
    expect(e.ic.precision).toBeGreaterThanOrEqual(0.99);
    expect(Math.abs(e.ic.errors.bias_ms)).toBeLessThanOrEqual(10);
    expect(Math.abs(e.to.bias_ms)).toBeLessThanOrEqual(15);
    expect(e.contactTime.rmse_ms).toBeLessThanOrEqual(20);
  });

  it("fast running (4.25 steps/s, 150 ms contacts, 2.5 g impacts) at 100 Hz, with and without low-pass", () => {
    // Step times stay above 1/4.75 s even with the ±3 % variability (shortest ≈ 219 ms).
    const fast: Segment = { kind: "run", steps: 80, step_s: 0.235, contact_s: 0.15 };
    const tr = generate({ rate_hz: 100, segments: [fast], noise_g: 0.03, impact_g: 2.5, variability: 0.03, seed: 5 });
    for (const lowpass_hz of [null, 20]) {
      const e = evaluateContacts(tr.truth, detect(tr, new ContactDetector({ sampleRate_hz: 100, lowpass_hz })), TOL);
      expect(e.ic.recall).toBeGreaterThanOrEqual(0.99);
      expect(e.ic.precision).toBeGreaterThanOrEqual(0.99);
      expect(e.ic.errors.medianAbs_ms).toBeLessThanOrEqual(15);
    }
  });
});

describe("ContactDetector: no contacts without running", () => {
  it.each([
    ["walking, 200 Hz, noise-free", 200, 0, 0],
    ["walking, 100 Hz, 0.05 g noise", 100, 0.05, 0],
    ["walking, 500 Hz, 0.1 g noise, 20 Hz low-pass", 500, 0.1, 20],
  ] as const)("%s", (_name, rate, noise, lp) => {
    const tr = generate({ rate_hz: rate, noise_g: noise, seed: 2, segments: [{ kind: "stand", duration_s: 5 }, { kind: "walk", duration_s: 60 }, { kind: "stand", duration_s: 5 }] });
    const det = new ContactDetector({ sampleRate_hz: rate, lowpass_hz: lp === 0 ? null : lp });
    expect(detect(tr, det)).toEqual([]);
  });

  it("standing with 0.05 g noise for 60 s at 100 Hz", () => {
    const tr = generate({ rate_hz: 100, noise_g: 0.05, seed: 4, segments: [{ kind: "stand", duration_s: 60 }] });
    expect(detect(tr, new ContactDetector({ sampleRate_hz: 100 }))).toEqual([]);
  });

  it("a session stand → run → walk → stand → run: contacts only while running, all of them", () => {
    const tr = generate({
      rate_hz: 200,
      noise_g: 0.03,
      impact_g: 1,
      variability: 0.03,
      seed: 9,
      segments: [
        { kind: "stand", duration_s: 3 },
        RUN,
        { kind: "walk", duration_s: 15 },
        { kind: "stand", duration_s: 3 },
        { kind: "run", steps: 40, step_s: 0.35, contact_s: 0.26 },
      ],
    });
    const det = new ContactDetector({ sampleRate_hz: 200 });
    const found = detect(tr, det);
    const e = evaluateContacts(tr.truth, found, TOL);
    expect(e.ic.recall).toBe(1);
    expect(e.ic.precision).toBe(1);
    // The walking bout starts one "stance" (first rise above 1 g after the last flight) that never ends: dropped.
    expect(det.stats.rejectedLong).toBeGreaterThanOrEqual(1);
    // The first contact after the walk/stand has no step time (the chain was broken by the long stance).
    const firstOfRun2 = found.find((c) => c.ic_s > tr.truth[RUN.kind === "run" ? RUN.steps : 0]!.ic_s - 0.05)!;
    expect(firstOfRun2.step_ms).toBeNull();
  });
});

describe("ContactDetector: streaming behaviour", () => {
  const tr = generate({ rate_hz: 100, segments: [RUN], noise_g: 0.05, impact_g: 1, jitter_s: 0.001, variability: 0.05, seed: 13 });

  it("reset() gives exactly the results of a fresh instance (with and without low-pass and adaptive mode)", () => {
    for (const s of [{}, { lowpass_hz: 20, sampleRate_hz: 100 }, { adaptive: true }] as Partial<ContactSettings>[]) {
      const used = new ContactDetector(s);
      const first = detect(tr, used);
      used.reset();
      expect(used.stats.samples).toBe(0);
      expect(detect(tr, used)).toEqual(first);
      expect(detect(tr, new ContactDetector(s))).toEqual(first);
    }
  });

  it("gap() drops the half-open contact; the detector re-arms on the next flight", () => {
    const det = new ContactDetector({ sampleRate_hz: 100 });
    const target = tr.truth[10]!;
    const mid = (target.ic_s + target.to_s) / 2;
    const out: Contact[] = [];
    for (let i = 0; i < tr.t_s.length; i++) {
      if (i > 0 && tr.t_s[i - 1]! < mid && tr.t_s[i]! >= mid) det.gap();
      const c = det.push(tr.t_s[i]!, tr.av_g[i]!);
      if (c !== null) out.push(c);
    }
    const e = evaluateContacts(tr.truth, out, TOL);
    expect(e.ic.nMatched).toBe(tr.truth.length - 1);
    expect(e.ic.pairs.some((p) => p.referenceIdx === 10)).toBe(false);
    expect(e.ic.precision).toBe(1);
    expect(det.stats.gaps).toBe(1);
    const after = out.find((c) => c.ic_s > mid)!;
    expect(after.step_ms).toBeNull();
  });

  it("a timestamp jump, a backward timestamp or a NaN sample act as gaps", () => {
    const target = tr.truth[20]!;
    for (const corrupt of ["jump", "backward", "nan"] as const) {
      const det = new ContactDetector({ sampleRate_hz: 100 });
      const out: Contact[] = [];
      let done = false;
      for (let i = 0; i < tr.t_s.length; i++) {
        let t = tr.t_s[i]!, x = tr.av_g[i]!;
        if (!done && t > (target.ic_s + target.to_s) / 2) {
          done = true;
          if (corrupt === "nan") x = Number.NaN;
          if (corrupt === "backward") t = tr.t_s[i - 2]!;
          if (corrupt === "jump") {
            // drop 10 samples (100 ms > maxSampleInterval_s)
            i += 10;
            t = tr.t_s[i]!;
            x = tr.av_g[i]!;
          }
        }
        const c = det.push(t, x);
        if (c !== null) out.push(c);
      }
      const e = evaluateContacts(tr.truth, out, TOL);
      expect(det.stats.gaps, corrupt).toBeGreaterThanOrEqual(1);
      expect(e.ic.pairs.some((p) => p.referenceIdx === 20), corrupt).toBe(false);
      expect(e.ic.nMatched, corrupt).toBeGreaterThanOrEqual(tr.truth.length - 2);
      expect(e.ic.precision, corrupt).toBe(1);
    }
  });

  it("flush() returns a contact whose flight is still too short to confirm it, once", () => {
    const det = new ContactDetector({ sampleRate_hz: 100 });
    const last = tr.truth[5]!;
    const out: Contact[] = [];
    for (let i = 0; i < tr.t_s.length && tr.t_s[i]! <= last.to_s + 0.012; i++) {
      const c = det.push(tr.t_s[i]!, tr.av_g[i]!);
      if (c !== null) out.push(c);
    }
    expect(out).toHaveLength(5);
    const c = det.flush();
    expect(c).not.toBeNull();
    expect(Math.abs(c!.ic_s - last.ic_s)).toBeLessThan(0.015);
    expect(det.flush()).toBeNull();
    expect(det.stats.gaps).toBe(0);
  });

  it("an IC closer than minStep_s (1/4.75 s) to the previous one is rejected", () => {
    // Two 100 ms contacts 150 ms apart (50 ms flight), then a normal step.
    const tr2 = generate({ rate_hz: 200, segments: [{ kind: "run", steps: 2, step_s: 0.15, contact_s: 0.1 }, RUN] });
    const det = new ContactDetector({ sampleRate_hz: 200 });
    const found = detect(tr2, det);
    expect(det.stats.rejectedStep).toBe(1);
    expect(found).toHaveLength(tr2.truth.length - 1);
  });

  it("contacts shorter than minContact_s or longer than maxContact_s are rejected", () => {
    const short = generate({ rate_hz: 200, segments: [{ kind: "run", steps: 5, step_s: 0.3, contact_s: 0.07 }] });
    const d1 = new ContactDetector({ sampleRate_hz: 200 });
    expect(detect(short, d1)).toEqual([]);
    expect(d1.stats.rejectedShort).toBe(5);
    const long = generate({ rate_hz: 200, segments: [{ kind: "run", steps: 5, step_s: 0.7, contact_s: 0.5 }] });
    const d2 = new ContactDetector({ sampleRate_hz: 200 });
    expect(detect(long, d2)).toEqual([]);
    expect(d2.stats.rejectedLong).toBe(5);
  });

  it("settings: frozen defaults, overrides not mutated, invalid values throw RangeError naming the field", () => {
    expect(Object.isFrozen(DEFAULT_CONTACT_SETTINGS)).toBe(true);
    const o = { contactOff_g: 0.2 };
    const det = new ContactDetector(o);
    expect(o).toEqual({ contactOff_g: 0.2 });
    expect(det.settings.contactOff_g).toBe(0.2);
    expect(Object.isFrozen(det.settings)).toBe(true);
    expect(() => new ContactDetector({ contactOn_g: 0.4 })).toThrow(/contactOn_g/);
    expect(() => new ContactDetector({ contactOff_g: 0.6 })).toThrow(/edgeLow_g/);
    expect(() => new ContactDetector({ maxContact_s: 0.05 })).toThrow(/maxContact_s/);
    expect(() => new ContactDetector({ lowpass_hz: 80, sampleRate_hz: 100 })).toThrow(/lowpass_hz/);
    expect(() => new ContactDetector({ minFlight_s: Number.NaN })).toThrow(RangeError);
  });
});

describe("ContactDetector: slow running without a clear flight phase (adaptive fallback)", () => {
  // The signal only drops to 0.4 g between stances: the fixed 0.25 g off-level never sees a flight.
  const slow: Segment = { kind: "run", steps: 60, step_s: 0.36, contact_s: 0.28, flightLevel_g: 0.4 };
  const tr = generate({ rate_hz: 100, segments: [slow], noise_g: 0.02, variability: 0.03, seed: 21 });

  it("fixed thresholds find nothing (documented limitation)", () => {
    expect(detect(tr, new ContactDetector({ sampleRate_hz: 100 }))).toEqual([]);
  });

  it("adaptive mode raises the off-level after 5 s of evidence and finds the contacts from then on", () => {
    const det = new ContactDetector({ sampleRate_hz: 100, adaptive: true });
    const found = detect(tr, det);
    expect(det.off_g).toBeGreaterThan(0.4);
    expect(det.off_g).toBeLessThanOrEqual(DEFAULT_CONTACT_SETTINGS.adaptiveMaxOff_g);
    const e = evaluateContacts(tr.truth, found, { tolerance_s: 0.05, window_s: [6, tr.duration_s] });
    expect(e.ic.recall).toBeGreaterThanOrEqual(0.95);
    expect(e.ic.precision).toBe(1);
    expect(e.ic.errors.medianAbs_ms).toBeLessThanOrEqual(15);
  });

  it("adaptive mode still finds nothing in walking and standing", () => {
    const walk = generate({ rate_hz: 100, noise_g: 0.05, seed: 22, segments: [{ kind: "stand", duration_s: 10 }, { kind: "walk", duration_s: 60 }] });
    const det = new ContactDetector({ sampleRate_hz: 100, adaptive: true });
    expect(detect(walk, det)).toEqual([]);
    expect(det.off_g).toBe(DEFAULT_CONTACT_SETTINGS.contactOff_g);
  });

  it("adaptive mode leaves normal running (flight ≈ 0 g) on the fixed levels", () => {
    const run = generate({ rate_hz: 100, segments: [RUN], noise_g: 0.05, seed: 23 });
    const det = new ContactDetector({ sampleRate_hz: 100, adaptive: true });
    const found = detect(run, det);
    expect(det.off_g).toBe(DEFAULT_CONTACT_SETTINGS.contactOff_g);
    expect(found).toEqual(detect(run, new ContactDetector({ sampleRate_hz: 100 })));
  });
});
