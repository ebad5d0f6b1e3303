import type { SampleRing } from "../pipeline/ring.js";
/** Pelvis axes in the sensor frame (unit vectors from the mounting calibration). */
export interface PelvisAxes {
    right: Float64Array;
    forward: Float64Array;
}
export interface StepWindow {
    ic_s: number;
    to_s: number;
    /** Next initial contact, or null for the last step of a bout. */
    nextIc_s: number | null;
    /** Previous IC (with nextIc_s it bounds the stride used to estimate the heading rate), or null. */
    prevIc_s: number | null;
}
/** Raw per-step measurements before the stance side is known. Angles in degrees relative to the neutral posture. */
export interface RawStep {
    ic_s: number;
    to_s: number;
    nextIc_s: number | null;
    contact_ms: number;
    step_ms: number | null;
    flight_ms: number | null;
    /** Obliquity extremes over stance (+ = right side up), degrees; NaN without orientation. */
    maxObliquity_deg: number;
    minObliquity_deg: number;
    meanObliquityStance_deg: number;
    /** Mean specific force along the pelvis' right axis (sensor-fixed) over stance, g. */
    meanMlStance_g: number;
    verticalOscillation_mm: number | null;
    rotationRange_deg: number | null;
    tiltRange_deg: number | null;
    meanAnteriorTilt_deg: number | null;
    peakBraking_g: number;
    peakPropulsion_g: number;
    peakVertical_g: number;
    /**
     * For the mounting re-check: sums over the step of the horizontal specific force along the pelvis' right (x) and
     * forward (y) axes [Σx, Σy, Σx², Σy², Σxy, n], and (late − early) mean forward force in stance (braking first).
     */
    horizontalSums: [number, number, number, number, number, number];
    forwardLateMinusEarly_g: number;
}
export interface NeutralPosture {
    obliquity_deg: number;
    anteriorTilt_deg: number;
}
/**
 * Measures one step. `withAngles` false (accelerometer-only input) leaves every angle NaN/null; `up` in the ring is
 * then the slowly varying vertical estimate.
 */
export declare function measureStep(ring: SampleRing, w: StepWindow, axes: PelvisAxes, neutral: NeutralPosture, withAngles: boolean, scratch: StepScratch): RawStep;
/** Reusable per-step work space (one per analyzer), so measuring a step allocates nothing. */
export declare class StepScratch {
    #private;
    ensure(n: number): Float64Array;
}
