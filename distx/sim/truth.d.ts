import { type Kinematics } from "./kinematics.js";
import type { SimParams } from "./params.js";
import type { Schedule, Segment } from "./schedule.js";
export declare const TRUTH_SCHEMA = "hipgait/sim-truth@1";
export interface TruthStep {
    /** Initial contact, s on the session clock. */
    t: number;
    side: "left" | "right";
    gait: "run" | "walk";
    toe_off_s: number;
    contact_time_ms: number;
    step_time_ms: number;
    /** Peak contralateral pelvic drop during this stance, degrees relative to the standing posture (+ = swing hip lower). */
    pelvic_drop_deg: number;
    /** Pelvic obliquity at initial contact, degrees (+ = right side up). */
    obliquity_at_ic_deg: number;
    /** Vertical excursion of the sensor over this step (max - min height), mm. */
    vertical_oscillation_mm: number;
    /** Range (max - min) of transverse pelvic rotation over this step (one extreme to the other), degrees. */
    pelvic_rotation_range_deg: number;
    /** Range of sagittal pelvic tilt over this step, degrees. */
    pelvic_tilt_range_deg: number;
    /** True when part of the step's stance falls in a recording gap. */
    in_gap: boolean;
}
export interface SimTruth {
    schema: typeof TRUTH_SCHEMA;
    params: SimParams;
    preset: string;
    sample_rate_hz: number;
    mount: {
        spec: string;
        q_sensor_to_body: [number, number, number, number];
        up: string;
        forward: string;
        right: string;
    };
    sensor: {
        acc_bias_g: [number, number, number];
        gyro_bias_start_dps: [number, number, number];
        gyro_bias_end_dps: [number, number, number];
        saturated_samples: number;
    };
    segments: Segment[];
    gaps: Array<[number, number]>;
    samples: number;
    duration_s: number;
    summary: {
        running_steps: number;
        walking_steps: number;
        running_s: number;
        cadence_spm: number;
        contact_time_ms: {
            left: number;
            right: number;
        };
        pelvic_drop_deg: {
            left: number;
            right: number;
        };
        vertical_oscillation_mm: number;
    };
    steps: TruthStep[];
}
export declare function computeTruthSteps(sch: Schedule, kin: Kinematics, gaps: ReadonlyArray<readonly [number, number]>): TruthStep[];
export declare function summarise(steps: TruthStep[], sch: Schedule): SimTruth["summary"];
