/** Scores detected gait events against a reference: one-to-one tolerance matching, recall/precision, error stats. */
/** Summary of signed errors (detected − reference). All NaN when `n` = 0; `sd_ms` is NaN when `n` < 2. */
export interface ErrorStats {
    /** Number of errors summarised. */
    readonly n: number;
    /** Mean error, ms (positive = detected later / longer than the reference). */
    readonly bias_ms: number;
    /** Sample standard deviation (n − 1 denominator), ms. */
    readonly sd_ms: number;
    /** Median of |error|, ms. */
    readonly medianAbs_ms: number;
    /** Root mean square error, ms. */
    readonly rmse_ms: number;
    /** Largest |error|, ms. */
    readonly maxAbs_ms: number;
}
/** One matched pair. */
export interface EventPair {
    /** Index into the reference array. */
    readonly referenceIdx: number;
    /** Index into the detected array. */
    readonly detectedIdx: number;
    /** detected − reference, ms. */
    readonly error_ms: number;
}
/** Result of {@link matchEvents}. Rates are NaN when their denominator is 0. */
export interface EventMatch {
    /** Reference events counted (inside the window). */
    readonly nReference: number;
    /** Detected events counted (inside the window, or matched to a counted reference). */
    readonly nDetected: number;
    /** Matched pairs counted (reference inside the window). */
    readonly nMatched: number;
    /** nMatched / nReference. */
    readonly recall: number;
    /** nMatched / nDetected. */
    readonly precision: number;
    /** Harmonic mean of recall and precision. */
    readonly f1: number;
    /** Counted pairs, sorted by reference index. */
    readonly pairs: readonly EventPair[];
    /** Statistics of the counted pairs' errors. */
    readonly errors: ErrorStats;
}
/** Options of {@link matchEvents} and {@link evaluateContacts}. */
export interface MatchOptions {
    /** Largest |detected − reference| that can still be a match, seconds (inclusive). */
    readonly tolerance_s: number;
    /**
     * Optional scoring window [start, end], seconds. Matching uses every event, but only references inside the window
     * count towards recall, and only detections that are inside the window or matched to a counted reference count
     * towards precision. Use it to exclude events cut by the edges of a recording.
     */
    readonly window_s?: readonly [number, number];
}
/** A contact interval, seconds. */
export interface ContactInterval {
    /** Initial contact, s. */
    readonly ic_s: number;
    /** Toe-off, s. */
    readonly to_s: number;
}
/** Result of {@link evaluateContacts}: contacts are matched on initial contact. */
export interface ContactEvaluation {
    /** IC matching (recall, precision, IC errors). */
    readonly ic: EventMatch;
    /** Toe-off errors of the IC-matched contacts. */
    readonly to: ErrorStats;
    /** Contact-time errors (detected − reference duration) of the IC-matched contacts. */
    readonly contactTime: ErrorStats;
    /** Raw errors of the counted contact pairs, for pooling with {@link poolContactEvaluations}. */
    readonly raw: {
        readonly ic_ms: readonly number[];
        readonly to_ms: readonly number[];
        readonly contactTime_ms: readonly number[];
    };
}
/** Bias, SD, median |error|, RMSE and max |error| of signed errors in ms. */
export declare function errorStats(errors_ms: readonly number[]): ErrorStats;
/**
 * One-to-one matching of event times: candidate pairs with |detected − reference| ≤ tolerance are taken in order of
 * increasing distance (ties: lower reference index, then lower detected index), each event used at most once. For
 * event trains whose spacing exceeds twice the tolerance this is simply "nearest within tolerance".
 * @param reference_s reference event times, s (any order)
 * @param detected_s detected event times, s (any order)
 */
export declare function matchEvents(reference_s: readonly number[], detected_s: readonly number[], options: MatchOptions): EventMatch;
/**
 * Matches detected contacts to reference contacts on their initial contact (see {@link matchEvents}) and reports
 * IC, toe-off and contact-time errors of the matched contacts.
 */
export declare function evaluateContacts(reference: readonly ContactInterval[], detected: readonly ContactInterval[], options: MatchOptions): ContactEvaluation;
/** Pooled totals of several {@link evaluateContacts} results (e.g. one per trial). */
export interface PooledContactEvaluation {
    readonly nReference: number;
    readonly nDetected: number;
    readonly nMatched: number;
    readonly recall: number;
    readonly precision: number;
    readonly f1: number;
    readonly ic: ErrorStats;
    readonly to: ErrorStats;
    readonly contactTime: ErrorStats;
}
/** Pools counts and raw errors of several contact evaluations. */
export declare function poolContactEvaluations(list: readonly ContactEvaluation[]): PooledContactEvaluation;
/** Settings of {@link contactsFromForce}. */
export interface ForceContactSettings {
    /** Force level that separates contact from flight, body weights (interpolated crossings on both edges). */
    readonly threshold_bw: number;
    /** Flights shorter than this are bridged (time hysteresis against noise around the threshold), s. */
    readonly minFlight_s: number;
    /** Contacts shorter than this (after bridging) are dropped, s. */
    readonly minContact_s: number;
}
/**
 * Reference-contact defaults from the Alcantara dataset README (`../shared/datasets/alcantara-sacrum-running`):
 * 0.05 BW, contact ≥ 100 ms, flight ≥ 20 ms. Frozen.
 */
export declare const DEFAULT_FORCE_CONTACT_SETTINGS: Readonly<ForceContactSettings>;
/**
 * Reference contacts from a vertical ground-reaction-force trace (batch, for validation): runs of samples above
 * `threshold_bw`, with IC/TO at the interpolated threshold crossings; flights shorter than `minFlight_s` are
 * bridged, then contacts shorter than `minContact_s` dropped. Contacts cut by the start or end of the trace are
 * left out.
 * @param force_bw vertical GRF, body weights, uniformly sampled
 * @param sampleRate_hz sample rate, Hz; sample i is at time (t0_s + i / sampleRate_hz) s
 */
export declare function contactsFromForce(force_bw: ArrayLike<number>, sampleRate_hz: number, settings?: Partial<ForceContactSettings>, t0_s?: number): ContactInterval[];
