import { type GaitParams, type SimParams } from "./params.js";
import { SmoothSteps } from "./smooth.js";
export type SegmentKind = "stand" | "run" | "walk";
export interface Segment {
    kind: SegmentKind;
    start_s: number;
    end_s: number;
}
/** One step: from its initial contact to the next initial contact (of the other foot). */
export interface Step {
    ic_s: number;
    /** Step duration (to the next IC), s. */
    step_s: number;
    /** Ground contact of this foot, s (walking: longer than the step, double support). */
    contact_s: number;
    /** +1 = right foot stance, -1 = left. */
    side: 1 | -1;
    kind: "run" | "walk";
    /** Prescribed peak contralateral drop of this stance before envelopes and lean, degrees. */
    drop_deg: number;
    /** Amplitude of the main vertical stance pulse, g (set so the mean over the step is exactly 1 g). */
    vertical_g: number;
    propulsion_g: number;
    braking_g: number;
    /** Lateral stance force scale (half on the first step of a bout so lateral velocity stays zero-mean). */
    lateral_g: number;
    /** Gait parameter values at this step's IC (fatigue drift applied). */
    gait: GaitParams;
}
export interface Schedule {
    segments: Segment[];
    steps: Step[];
    end_s: number;
    /** Speed along the course, m/s, and its integral (distance). */
    speed: SmoothSteps;
    /** 1 while running, 0 standing or walking (smooth): blends running and walking amplitudes. */
    runMix: SmoothSteps;
    /** 1 during gait (running or walking), 0 standing (smooth): scales the gait oscillations. */
    gaitEnvelope: SmoothSteps;
    /** Start of the activity (end of the first standing period), s: fatigue drift is timed from here. */
    activityStart_s: number;
}
/** Breaking fraction of stance: braking occupies the first 45 % of contact (sacral AP acceleration, Lee 2010 fig.). */
export declare const BRAKING_FRACTION = 0.45;
/** Impact transient: raised-cosine bump lasting 50 ms from IC (peak at 25 ms). */
export declare const IMPACT_WIDTH_S = 0.05;
/** Walking: stance of one foot lasts 62 % of the stride (Perry & Burnfield, Gait Analysis, 2nd ed.). */
export declare const WALK_STANCE_OF_STRIDE = 0.62;
/** ∫_0^Tc exp(-t/d)·sin(2πf t) dt (closed form). */
export declare function ringingIntegral(contact_s: number, freq_hz: number, decay_s: number): number;
export declare function buildSchedule(p: SimParams): Schedule;
