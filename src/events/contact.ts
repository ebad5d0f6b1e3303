/** Streaming ground-contact detector for running on the gravity-aligned vertical specific force (g). */
import { Kernel } from "../core/kernel.js";
import {
  CD_ADAPTIVE_MAX_OFF, CD_BASE, CD_BELOW, CD_CONTACTS, CD_EDGE_BASE, CD_EDGE_LOW, CD_FILTER, CD_FLIGHT, CD_GAPS, CD_H_SCALE,
  CD_H_TLAST, CD_H_UPDATE, CD_HIST, CD_HIST_LEN, CD_IC, CD_IC_CROSS, CD_MAX_CONTACT, CD_MAX_INTERVAL, CD_MIN_CONTACT,
  CD_MIN_FLIGHT, CD_MIN_STEP, CD_N_INTERVALS, CD_OFF, CD_OFF_SETTING, CD_ON, CD_PEAK_G, CD_PEAK_S, CD_PHASE, CD_PREV_IC,
  CD_PREV_TO, CD_RATE, CD_REJ_LONG, CD_REJ_SHORT, CD_REJ_STEP, CD_SAMPLES, CD_SLOTS, CD_STEP, CD_SUM_INTERVALS, CD_TO,
  CD_UPLOW_S, CD_UPLOW_SLOPE, CD_VALLEY_G, CD_VALLEY_S, PHASE_DISARMED, PHASE_ENDING, EV_CONTACT, IN_AV, IN_T, RESUME_START, RUN_DETECTOR,
} from "../core/kernel-layout.js";
import { BiquadCascade } from "../dsp/biquad.js";
import { HIST_BIN_G, HIST_MAX_G } from "./contact-constants.js";

/**
 * Settings of {@link ContactDetector}. Every level is a vertical specific force in g (≈ 1 g standing, ≈ 0 g in
 * flight); every duration is in seconds. Defaults: {@link DEFAULT_CONTACT_SETTINGS}; the reason for each default is
 * in `docs/algorithms/contact-detection.md`.
 */
export interface ContactSettings {
  /** Upward crossing that confirms a stance (upper hysteresis level), g. */
  readonly contactOn_g: number;
  /**
   * Lower point of the rising edge, g: IC = its upward crossing minus the edge's rise time from `edgeBase_g`
   * (secant through this and the `contactOn_g` crossing, or the local slope if shorter; see the class doc).
   */
  readonly edgeLow_g: number;
  /** Level the rising-edge line is extrapolated down to (force onset, the free-fall level), g. */
  readonly edgeBase_g: number;
  /** Downward crossing that marks toe-off, and the level the signal must stay below to count as flight, g. */
  readonly contactOff_g: number;
  /** Shortest accepted contact (IC → TO), s. */
  readonly minContact_s: number;
  /** Longest accepted contact, s; longer stances (walking, standing) are dropped and need a new flight. */
  readonly maxContact_s: number;
  /** Time the signal must stay below `contactOff_g` to count as flight (arms the detector, ends a contact), s. */
  readonly minFlight_s: number;
  /** Shortest accepted IC-to-IC step time, s (1/4.75: the fastest human step frequency, 4.75 Hz). */
  readonly minStep_s: number;
  /** Larger timestamp steps are treated as data loss (as if {@link ContactDetector.gap} was called), s. */
  readonly maxSampleInterval_s: number;
  /**
   * Causal Butterworth low-pass applied before detection, Hz, or `null` for none. Event times are shifted back by
   * the filter's DC group delay. Default 20 Hz: the pre-filter of the validation data, harmless on already filtered
   * input and needed for raw noisy input (measurements in the algorithm doc).
   */
  readonly lowpass_hz: number | null;
  /** Order of that low-pass (even). */
  readonly lowpassOrder: number;
  /**
   * Nominal sample rate, Hz. Used only to design the low-pass (timestamps drive everything else); set it to the
   * stream's rate. A mismatch with the measured mean interval sets `stats.rateMismatch`.
   */
  readonly sampleRate_hz: number;
  /**
   * Slow-running fallback: when true, `contactOff_g` may be raised for the session up to `adaptiveMaxOff_g` if the
   * running signal's flight level (a low percentile of its recent distribution) never gets down to it. Off by
   * default; see the algorithm doc for what it was (and was not) tested on.
   */
  readonly adaptive: boolean;
  /** Highest level the adaptive mode may raise `contactOff_g` to, g. */
  readonly adaptiveMaxOff_g: number;
}

/** Default settings (frozen). Sources and measurements behind each value: `docs/algorithms/contact-detection.md`. */
export const DEFAULT_CONTACT_SETTINGS: Readonly<ContactSettings> = Object.freeze({
  contactOn_g: 1.0,
  edgeLow_g: 0.5,
  edgeBase_g: 0.0,
  contactOff_g: 0.25,
  minContact_s: 0.095,
  maxContact_s: 0.4,
  minFlight_s: 0.02,
  minStep_s: 1 / 4.75,
  maxSampleInterval_s: 0.05,
  lowpass_hz: 20,
  lowpassOrder: 2,
  sampleRate_hz: 200,
  adaptive: false,
  adaptiveMaxOff_g: 0.45,
});

/** One ground contact. Times are on the input clock, seconds. */
export interface Contact {
  /** Initial contact, s (rising-edge line extrapolated to `edgeBase_g`). */
  readonly ic_s: number;
  /** Toe-off, s (interpolated downward crossing of `contactOff_g`). */
  readonly to_s: number;
  /** to_s − ic_s, ms. */
  readonly contact_ms: number;
  /** Largest (filtered) vertical specific force during the contact, g. */
  readonly peak_g: number;
  /** Time of `peak_g`, s. */
  readonly peak_s: number;
  /** Time of the `contactOn_g` crossing that confirmed the contact (the unrefined IC), s. */
  readonly icCrossing_s: number;
  /** IC minus the previous contact's IC, ms, or null after a start, gap or rejected contact. */
  readonly step_ms: number | null;
  /** IC minus the previous contact's TO, ms, or null (as `step_ms`). */
  readonly flight_ms: number | null;
  /** `contactOff_g` in use when the contact ended (differs from the setting only in adaptive mode), g. */
  readonly off_g: number;
}

/** Counters for data quality and rejected candidates (cumulative until {@link ContactDetector.reset}). */
export interface ContactDetectorStats {
  /** Samples pushed (finite or not). */
  readonly samples: number;
  /** Contacts returned. */
  readonly contacts: number;
  /** Gaps: explicit `gap()` calls plus large, backward or non-finite timestamps/values. */
  readonly gaps: number;
  /** Candidates dropped for being shorter than `minContact_s`. */
  readonly rejectedShort: number;
  /** Candidates dropped for being longer than `maxContact_s` (or never ending). */
  readonly rejectedLong: number;
  /** Candidates dropped for an IC closer than `minStep_s` to the previous IC. */
  readonly rejectedStep: number;
  /** Mean interval between consecutive samples (gaps excluded), s; NaN before the second sample. */
  readonly meanInterval_s: number;
  /**
   * True when the low-pass is on and the mean interval differs from 1/`sampleRate_hz` by more than 25 % (after at
   * least 100 intervals): the filter's cut-off and delay compensation are then off by the same factor.
   */
  readonly rateMismatch: boolean;
}

function checkSettings(s: ContactSettings): void {
  const fail = (field: string, rule: string, v: unknown): never => {
    throw new RangeError(`ContactDetector: ${field} ${rule}, got ${String(v)}`);
  };
  for (const k of ["contactOn_g", "edgeLow_g", "edgeBase_g", "contactOff_g", "minContact_s", "maxContact_s", "minFlight_s",
    "minStep_s", "maxSampleInterval_s", "lowpassOrder", "sampleRate_hz", "adaptiveMaxOff_g"] as const) {
    if (!Number.isFinite(s[k])) fail(k, "must be a finite number", s[k]);
  }
  if (!(s.contactOn_g > s.edgeLow_g)) fail("contactOn_g", `must exceed edgeLow_g (${s.edgeLow_g})`, s.contactOn_g);
  if (!(s.edgeLow_g > s.edgeBase_g)) fail("edgeLow_g", `must exceed edgeBase_g (${s.edgeBase_g})`, s.edgeLow_g);
  if (!(s.edgeLow_g > s.contactOff_g)) fail("edgeLow_g", `must exceed contactOff_g (${s.contactOff_g})`, s.edgeLow_g);
  if (!(s.minContact_s > 0 && s.maxContact_s > s.minContact_s)) fail("maxContact_s", "must exceed minContact_s > 0", s.maxContact_s);
  if (!(s.minFlight_s >= 0)) fail("minFlight_s", "must be ≥ 0", s.minFlight_s);
  if (!(s.minStep_s >= 0)) fail("minStep_s", "must be ≥ 0", s.minStep_s);
  if (!(s.maxSampleInterval_s > 0)) fail("maxSampleInterval_s", "must be > 0", s.maxSampleInterval_s);
  if (!(s.sampleRate_hz > 0)) fail("sampleRate_hz", "must be > 0", s.sampleRate_hz);
  if (s.lowpass_hz !== null && !(s.lowpass_hz > 0 && s.lowpass_hz < s.sampleRate_hz / 2)) {
    fail("lowpass_hz", `must be null or in (0, sampleRate_hz/2 = ${s.sampleRate_hz / 2})`, s.lowpass_hz);
  }
  if (s.adaptive && !(s.adaptiveMaxOff_g >= s.contactOff_g && s.adaptiveMaxOff_g < s.edgeLow_g)) {
    fail("adaptiveMaxOff_g", `must be in [contactOff_g, edgeLow_g)`, s.adaptiveMaxOff_g);
  }
}

/**
 * Streaming ground-contact detector for running (one call per sample, constant memory).
 *
 * Steps (details, sources and measured accuracy: `docs/algorithms/contact-detection.md`):
 * 1. Causal Butterworth low-pass (default 20 Hz, order 2; `lowpass_hz: null` turns it off); output times are
 *    shifted back by its DC group delay.
 * 2. Arm after a confirmed flight: the signal below `contactOff_g` for `minFlight_s`.
 * 3. Stance starts at the upward crossing of `contactOn_g`. IC = the interpolated upward `edgeLow_g` crossing minus
 *    the time the edge needs to rise from `edgeBase_g` to `edgeLow_g`, estimated as the shorter of the secant
 *    through the `edgeLow_g` and `contactOn_g` crossings and the local slope at the `edgeLow_g` crossing, at most
 *    15 ms, and never before the last flight minimum.
 * 4. TO = the first interpolated downward crossing of `contactOff_g` after the last time above `contactOn_g`;
 *    the contact is final (and returned) once the signal has stayed below `contactOff_g` for `minFlight_s`.
 * 5. Reject contacts outside [`minContact_s`, `maxContact_s`] and ICs closer than `minStep_s` to the previous one.
 *
 * Walking and standing never go below `contactOff_g` for long enough, so they never arm the detector.
 *
 * Data requirements: body-frame vertical specific force `accIs_g` (gravity included, up positive), 100–500 Hz,
 * monotonic timestamps in seconds (jitter is fine: crossings are interpolated on the actual timestamps).
 */
export class ContactDetector {
  /** The settings in use (defaults merged with the overrides; frozen). */
  readonly settings: Readonly<ContactSettings>;
  /** The kernel that holds the state and runs the per-sample work (assembly/kernel.ts, detector_*). */
  readonly #k: Kernel;
  /** Byte address of the state block in the kernel (core/kernel-layout.ts, CD_*), and its index as a double. */
  readonly #p: number;
  readonly #i: number;
  readonly #filter: BiquadCascade | null;
  readonly #delay_s: number;

  /**
   * @param overrides settings to change from {@link DEFAULT_CONTACT_SETTINGS}; validated, never mutated.
   * @param kernel the kernel to keep the state in (the analysis' own; a new one by default)
   */
  constructor(overrides: Partial<ContactSettings> = {}, kernel: Kernel = new Kernel()) {
    const s: ContactSettings = { ...DEFAULT_CONTACT_SETTINGS, ...overrides };
    checkSettings(s);
    this.settings = Object.freeze(s);
    this.#k = kernel;
    if (s.lowpass_hz !== null) {
      this.#filter = BiquadCascade.butterworth({
        type: "lowpass",
        order: s.lowpassOrder,
        cutoff_hz: s.lowpass_hz,
        sampleRate_hz: s.sampleRate_hz,
      }, kernel);
      this.#delay_s = this.#filter.groupDelay_s(0);
    } else {
      this.#filter = null;
      this.#delay_s = 0;
    }
    this.#p = kernel.alloc(CD_SLOTS);
    this.#i = this.#p >> 3;
    const m = kernel.f64, i = this.#i;
    m[i + CD_ON] = s.contactOn_g;
    m[i + CD_EDGE_LOW] = s.edgeLow_g;
    m[i + CD_EDGE_BASE] = s.edgeBase_g;
    m[i + CD_OFF_SETTING] = s.contactOff_g;
    m[i + CD_MIN_CONTACT] = s.minContact_s;
    m[i + CD_MAX_CONTACT] = s.maxContact_s;
    m[i + CD_MIN_FLIGHT] = s.minFlight_s;
    m[i + CD_MIN_STEP] = s.minStep_s;
    m[i + CD_MAX_INTERVAL] = s.maxSampleInterval_s;
    m[i + CD_RATE] = s.sampleRate_hz;
    m[i + CD_ADAPTIVE_MAX_OFF] = s.adaptiveMaxOff_g;
    m[i + CD_FILTER] = this.#filter === null ? 0 : this.#filter.address;
    if (s.adaptive) {
      const len = Math.round(HIST_MAX_G / HIST_BIN_G);
      const h = kernel.alloc(len);
      kernel.f64[i + CD_HIST] = h;
      kernel.f64[i + CD_HIST_LEN] = len;
    }
    this.#clear();
  }

  /** The detector's state (and the histogram's) as after construction; settings and filter coefficients stay. */
  #clear(): void {
    const m = this.#k.f64, i = this.#i;
    m.fill(0, i + CD_PHASE, i + CD_SLOTS);
    const h = m[i + CD_HIST]!;
    if (h !== 0) m.fill(0, h >> 3, (h >> 3) + m[i + CD_HIST_LEN]!);
    m[i + CD_PHASE] = PHASE_DISARMED;
    m[i + CD_BELOW] = Number.NaN;
    m[i + CD_VALLEY_S] = Number.NaN;
    m[i + CD_VALLEY_G] = Number.POSITIVE_INFINITY;
    m[i + CD_UPLOW_S] = Number.NaN;
    m[i + CD_UPLOW_SLOPE] = Number.NaN;
    m[i + CD_PREV_IC] = Number.NaN;
    m[i + CD_PREV_TO] = Number.NaN;
    m[i + CD_OFF] = this.settings.contactOff_g;
    m[i + CD_BASE] = this.settings.edgeBase_g;
    m[i + CD_H_SCALE] = 1;
    m[i + CD_H_TLAST] = Number.NaN;
    m[i + CD_H_UPDATE] = Number.NEGATIVE_INFINITY;
  }

  /** Delay subtracted from every output time (the low-pass DC group delay; 0 without low-pass), s. */
  get delay_s(): number {
    return this.#delay_s;
  }

  /** Off-level currently in use (the setting, or the adaptive level), g. */
  get off_g(): number {
    return this.#k.f64[this.#i + CD_OFF]!;
  }

  /** Level the rising edge is currently extrapolated to (the setting, or the adaptive flight level), g. */
  get base_g(): number {
    return this.#k.f64[this.#i + CD_BASE]!;
  }

  /** Cumulative counters since construction or the last {@link reset}. */
  get stats(): ContactDetectorStats {
    const m = this.#k.f64, i = this.#i;
    const n = m[i + CD_N_INTERVALS]!;
    const meanInterval_s = n > 0 ? m[i + CD_SUM_INTERVALS]! / n : Number.NaN;
    const nominal_s = 1 / this.settings.sampleRate_hz;
    const rateMismatch = this.#filter !== null && n >= 100 && Math.abs(meanInterval_s - nominal_s) > 0.25 * nominal_s;
    return {
      samples: m[i + CD_SAMPLES]!,
      contacts: m[i + CD_CONTACTS]!,
      gaps: m[i + CD_GAPS]!,
      rejectedShort: m[i + CD_REJ_SHORT]!,
      rejectedLong: m[i + CD_REJ_LONG]!,
      rejectedStep: m[i + CD_REJ_STEP]!,
      meanInterval_s,
      rateMismatch,
    };
  }

  /**
   * Processes one sample.
   * @param t_s sample time, s (strictly increasing; a backward or large step is handled as a gap)
   * @param av_g vertical specific force, body frame, g (gravity included: ≈ 1 standing, ≈ 0 in flight)
   * @returns the contact that this sample completed, or null
   */
  push(t_s: number, av_g: number): Contact | null {
    const k = this.#k, m = k.f64;
    m[k.column(IN_T)] = t_s;
    m[k.column(IN_AV)] = av_g;
    return (k.ex.run(RUN_DETECTOR, 0, 0, 0, this.#p, 0, k.stage, k.stageCapacity, 0, 1, RESUME_START, 0) & 7) === EV_CONTACT ? this.contact() : null;
  }

  /**
   * Data were lost (e.g. dropped BLE packets); every contact not yet returned is dropped (also one whose toe-off was
   * found but whose flight was not yet confirmed), the step chain is broken and the detector waits for a new
   * confirmed flight. The low-pass restarts (steady state) on the next sample.
   */
  gap(): void {
    this.#k.ex.detector_gap(this.#p, 1);
  }

  /**
   * End of stream: returns a contact whose toe-off was already found but whose flight was not yet long enough to
   * confirm it (if it passes the duration and step checks), else null. Then behaves as after {@link gap}.
   * Calling it twice returns null the second time.
   */
  flush(): Contact | null {
    const ex = this.#k.ex;
    const out = this.#k.f64[this.#i + CD_PHASE] === PHASE_ENDING && ex.detector_finish(this.#p) === 1 ? this.contact() : null;
    ex.detector_gap(this.#p, 0);
    return out;
  }

  /** Back to the state of a freshly constructed detector (same settings), counters included. */
  reset(): void {
    this.#filter?.reset();
    this.#clear();
  }

  /** Byte address of the detector's state block in its kernel (for the analysis loop, which runs it). */
  get address(): number {
    return this.#p;
  }

  /** The contact the kernel has just accepted, read from the state (times shifted back by the filter delay). */
  contact(): Contact {
    const m = this.#k.f64, i = this.#i;
    const d = this.#delay_s;
    const ic = m[i + CD_IC]!, to = m[i + CD_TO]!;
    const step = m[i + CD_STEP]!, flight = m[i + CD_FLIGHT]!;
    return {
      ic_s: ic - d,
      to_s: to - d,
      contact_ms: (to - ic) * 1000,
      peak_g: m[i + CD_PEAK_G]!,
      peak_s: m[i + CD_PEAK_S]! - d,
      icCrossing_s: m[i + CD_IC_CROSS]! - d,
      step_ms: Number.isNaN(step) ? null : step * 1000,
      flight_ms: Number.isNaN(flight) ? null : flight * 1000,
      off_g: m[i + CD_OFF]!,
    };
  }
}
