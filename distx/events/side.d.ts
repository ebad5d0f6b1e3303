/**
 * Stance side (left/right) for a sacral sensor, from several cues with enforced alternation.
 * Cues per stance (each signed so that positive means "right stance"):
 *  - roll: mean pelvic obliquity over the stance relative to neutral. In right stance the left (swing-side) hip drops,
 *    i.e. the right side is up (research note §1.5 cue 3; the physics that contralateral pelvic drop measures).
 *  - medio-lateral specific force along the pelvis' right axis, mean over stance: the dominant ML peak is positive
 *    in right stance (Lee et al. 2010, 81.9 % on its own in Kiernan 2023); works without a gyroscope.
 * Steps within a bout (no gap, no missed step) must alternate, so the decision is the phase of the alternation:
 * S = Σ (−1)^j · score_j over the bout's steps. Steps are held until a bout has enough steps to decide, then released;
 * a later run of steps that clearly contradicts the phase (a step was missed or added) re-synchronises it.
 */
import type { Side } from "../pipeline/types.js";
export interface SideCues {
    /** Mean obliquity over stance minus neutral, degrees (NaN without gyroscope). */
    roll_deg: number;
    /** Mean ML specific force over stance along the pelvis' right axis, g. */
    ml_g: number;
}
export interface SideSettings {
    /** Steps to collect at the start of a bout before releasing them with a decided phase. */
    decideAfterSteps: number;
    /** Window of recent steps checked for contradiction, and the fraction of agreement below which phase flips. */
    recheckSteps: number;
    flipBelowAgreement: number;
    /** Relative weight of the ML cue against the roll cue (both normalised by their typical size). */
    mlWeight: number;
}
export declare const DEFAULT_SIDE: Readonly<SideSettings>;
export declare class SideAssigner<T> {
    #private;
    /** Number of phase flips (re-synchronisations) after the initial decision. */
    resyncs: number;
    constructor(settings?: Partial<SideSettings>);
    /** Adds the next step of the current bout; returns the steps released with their sides. */
    push(item: T, cues: SideCues): Array<{
        item: T;
        side: Side;
    }>;
    /**
     * Starts the next bout with a known phase: the first step pushed gets `side` (used to carry the alternation across
     * a short data gap whose number of missed steps is clear from the cadence). Later contradiction still re-syncs.
     */
    resumeWith(side: Side): void;
    /** The bout ended (gap, missed steps, stop): decide what is held and start afresh. */
    endBout(): Array<{
        item: T;
        side: Side;
    }>;
}
