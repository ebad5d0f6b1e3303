/** Result types of the streaming analysis: per-step results and the run summary (JSON schema hipgait/analysis@1). */
export type Side = "left" | "right";
/** One running step, from its initial contact (IC) to the next IC. Angles relative to the standing posture. */
export interface StepResult {
    /** Initial contact, s on the input's own clock. */
    t: number;
    /** Stance leg. */
    side: Side;
    /** Toe-off of this stance, s. */
    toe_off_s: number;
    /** Ground contact time IC → toe-off, ms. */
    contact_time_ms: number;
    /** IC → next IC, ms (null for the last step of a bout). */
    step_time_ms: number | null;
    /** Toe-off → next IC, ms (null for the last step of a bout). */
    flight_time_ms: number | null;
    /** 60 000 / step_time_ms, steps/min (null for the last step of a bout). */
    cadence_spm: number | null;
    /** Peak contralateral pelvic drop during this stance, degrees (+ = swing-side hip lower than in standing); null without a gyroscope. */
    pelvic_drop_deg: number | null;
    /** Vertical excursion of the pelvis over the step, mm (null for the last step of a bout). */
    vertical_oscillation_mm: number | null;
    /** Range of transverse pelvic rotation over the step, degrees; null without a gyroscope. */
    pelvic_rotation_range_deg: number | null;
    /** Range of sagittal pelvic tilt over the step, degrees; null without a gyroscope. */
    pelvic_tilt_range_deg: number | null;
    /** Mean anterior pelvic tilt over the step relative to standing, degrees (+ = anterior); null without a gyroscope. */
    anterior_tilt_deg: number | null;
    /** Peak braking (most negative forward) specific force in stance, g, reported positive. */
    peak_braking_g: number;
    /** Peak propulsive forward specific force in stance, g. */
    peak_propulsion_g: number;
    /** Peak vertical specific force in stance, g. */
    peak_vertical_g: number;
}
/**
 * Decimal places of each numeric per-step field as reported; its key order is the order of the fields in the JSON.
 * The analyzer rounds with it and the JSON writer formats with it.
 */
export declare const STEP_DECIMALS: {
    readonly t: 4;
    readonly toe_off_s: 4;
    readonly contact_time_ms: 1;
    readonly step_time_ms: 1;
    readonly flight_time_ms: 1;
    readonly cadence_spm: 2;
    readonly pelvic_drop_deg: 2;
    readonly vertical_oscillation_mm: 1;
    readonly pelvic_rotation_range_deg: 2;
    readonly pelvic_tilt_range_deg: 2;
    readonly anterior_tilt_deg: 2;
    readonly peak_braking_g: 3;
    readonly peak_propulsion_g: 3;
    readonly peak_vertical_g: 3;
};
export interface SideValues {
    left: number | null;
    right: number | null;
}
export interface CalibrationReport {
    /** How the vertical was found: "standing" (quiet standing ≥ 2 s), "running-mean", "body-frame" (input already aligned), "override" (--mount). */
    method: "standing" | "running-mean" | "body-frame" | "override";
    /** Which signed sensor axis is closest to up / forward / right, and how far the mount is from axis-aligned. */
    mounting: {
        up: string;
        forward: string;
        right: string;
        off_axis_deg: number;
        q_sensor_to_body: [number, number, number, number];
    };
    /** 0..1: combined confidence of the vertical, heading and forward-sign estimates. */
    confidence: number;
    /** Detail of each part of the estimate. */
    detail: {
        vertical_source_s: [number, number] | null;
        heading_eigen_ratio: number | null;
        forward_sign_z: number | null;
        gyro_bias_dps: [number, number, number] | null;
    };
    /** Neutral pelvis posture: "standing" or "running-estimate" (no standing period found; drop relative to running mean). */
    neutral: "standing" | "running-estimate" | "unavailable";
    /** Later re-checks of the mounting during the run (belt slip, clip turned). */
    rechecks: Array<{
        t: number;
        heading_change_deg: number;
        action: "kept" | "recalibrated";
    }>;
}
export interface AnalysisSummary {
    steps: number;
    running_s: number;
    cadence_spm: number | null;
    contact_time_ms: SideValues;
    pelvic_drop_deg: SideValues;
    flight_time_ms: SideValues;
    step_time_ms: SideValues;
    vertical_oscillation_mm: number | null;
    pelvic_rotation_range_deg: number | null;
    pelvic_tilt_range_deg: number | null;
    anterior_tilt_deg: number | null;
    peak_braking_g: number | null;
    /** Rolling cadence: one value per window, [t_center_s, cadence_spm]. */
    cadence_rolling_spm: Array<[number, number]>;
    /** Periods recognised as not running (standing, walking, other), [start_s, end_s, kind]. */
    non_running: Array<[number, number, string]>;
}
