/** Streaming ground-contact detector for running on the gravity-aligned vertical specific force (g). */
import type { SampleFrame } from "../core/frame.js";
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
export declare const DEFAULT_CONTACT_SETTINGS: Readonly<ContactSettings>;
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
export declare class ContactDetector {
    #private;
    /** The settings in use (defaults merged with the overrides; frozen). */
    readonly settings: Readonly<ContactSettings>;
    /** @param overrides settings to change from {@link DEFAULT_CONTACT_SETTINGS}; validated, never mutated. */
    constructor(overrides?: Partial<ContactSettings>);
    /** Delay subtracted from every output time (the low-pass DC group delay; 0 without low-pass), s. */
    get delay_s(): number;
    /** Off-level currently in use (the setting, or the adaptive level), g. */
    get off_g(): number;
    /** Level the rising edge is currently extrapolated to (the setting, or the adaptive flight level), g. */
    get base_g(): number;
    /** Cumulative counters since construction or the last {@link reset}. */
    get stats(): ContactDetectorStats;
    /**
     * Processes one sample.
     * @param t_s sample time, s (strictly increasing; a backward or large step is handled as a gap)
     * @param av_g vertical specific force, body frame, g (gravity included: ≈ 1 standing, ≈ 0 in flight)
     * @returns the contact that this sample completed, or null
     */
    push(t_s: number, av_g: number): Contact | null;
    /** `push` for the per-sample path: reads t_s and av_g from the frame (see core/frame.ts). */
    pushFrame(f: SampleFrame): Contact | null;
    /**
     * Data were lost (e.g. dropped BLE packets); every contact not yet returned is dropped (also one whose toe-off was
     * found but whose flight was not yet confirmed), the step chain is broken and the detector waits for a new
     * confirmed flight. The low-pass restarts (steady state) on the next sample.
     */
    gap(): void;
    /**
     * End of stream: returns a contact whose toe-off was already found but whose flight was not yet long enough to
     * confirm it (if it passes the duration and step checks), else null. Then behaves as after {@link gap}.
     * Calling it twice returns null the second time.
     */
    flush(): Contact | null;
    /** Back to the state of a freshly constructed detector (same settings), counters included. */
    reset(): void;
}
