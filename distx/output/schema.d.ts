/** zod schema of the analysis JSON document (`"schema": "hipgait/analysis@1"`); field meanings in docs/analysis-json.md. */
import { z } from "zod";
/** Stance leg of a step. */
export declare const sideSchema: z.ZodEnum<{
    left: "left";
    right: "right";
}>;
/** One running step (initial contact to the next initial contact); see `StepResult`. */
export declare const stepResultSchema: z.ZodObject<{
    t: z.ZodNumber;
    side: z.ZodEnum<{
        left: "left";
        right: "right";
    }>;
    toe_off_s: z.ZodNumber;
    contact_time_ms: z.ZodNumber;
    step_time_ms: z.ZodNullable<z.ZodNumber>;
    flight_time_ms: z.ZodNullable<z.ZodNumber>;
    cadence_spm: z.ZodNullable<z.ZodNumber>;
    pelvic_drop_deg: z.ZodNullable<z.ZodNumber>;
    vertical_oscillation_mm: z.ZodNullable<z.ZodNumber>;
    pelvic_rotation_range_deg: z.ZodNullable<z.ZodNumber>;
    pelvic_tilt_range_deg: z.ZodNullable<z.ZodNumber>;
    anterior_tilt_deg: z.ZodNullable<z.ZodNumber>;
    peak_braking_g: z.ZodNumber;
    peak_propulsion_g: z.ZodNumber;
    peak_vertical_g: z.ZodNumber;
}, z.core.$strict>;
/** A left / right pair; either side is null when unavailable. */
export declare const sideValuesSchema: z.ZodObject<{
    left: z.ZodNullable<z.ZodNumber>;
    right: z.ZodNullable<z.ZodNumber>;
}, z.core.$strict>;
/** How the sensor mounting and the neutral posture were found; see `CalibrationReport`. */
export declare const calibrationReportSchema: z.ZodObject<{
    method: z.ZodEnum<{
        standing: "standing";
        "running-mean": "running-mean";
        "body-frame": "body-frame";
        override: "override";
    }>;
    mounting: z.ZodObject<{
        up: z.ZodString;
        forward: z.ZodString;
        right: z.ZodString;
        off_axis_deg: z.ZodNumber;
        q_sensor_to_body: z.ZodTuple<[z.ZodNumber, z.ZodNumber, z.ZodNumber, z.ZodNumber], null>;
    }, z.core.$strict>;
    confidence: z.ZodNumber;
    detail: z.ZodObject<{
        vertical_source_s: z.ZodNullable<z.ZodTuple<[z.ZodNumber, z.ZodNumber], null>>;
        heading_eigen_ratio: z.ZodNullable<z.ZodNumber>;
        forward_sign_z: z.ZodNullable<z.ZodNumber>;
        gyro_bias_dps: z.ZodNullable<z.ZodTuple<[z.ZodNumber, z.ZodNumber, z.ZodNumber], null>>;
    }, z.core.$strict>;
    neutral: z.ZodEnum<{
        standing: "standing";
        "running-estimate": "running-estimate";
        unavailable: "unavailable";
    }>;
    rechecks: z.ZodArray<z.ZodObject<{
        t: z.ZodNumber;
        heading_change_deg: z.ZodNumber;
        action: z.ZodEnum<{
            kept: "kept";
            recalibrated: "recalibrated";
        }>;
    }, z.core.$strict>>;
}, z.core.$strict>;
/** Whole-run summary; see `AnalysisSummary`. */
export declare const analysisSummarySchema: z.ZodObject<{
    steps: z.ZodNumber;
    running_s: z.ZodNumber;
    cadence_spm: z.ZodNullable<z.ZodNumber>;
    contact_time_ms: z.ZodObject<{
        left: z.ZodNullable<z.ZodNumber>;
        right: z.ZodNullable<z.ZodNumber>;
    }, z.core.$strict>;
    pelvic_drop_deg: z.ZodObject<{
        left: z.ZodNullable<z.ZodNumber>;
        right: z.ZodNullable<z.ZodNumber>;
    }, z.core.$strict>;
    flight_time_ms: z.ZodObject<{
        left: z.ZodNullable<z.ZodNumber>;
        right: z.ZodNullable<z.ZodNumber>;
    }, z.core.$strict>;
    step_time_ms: z.ZodObject<{
        left: z.ZodNullable<z.ZodNumber>;
        right: z.ZodNullable<z.ZodNumber>;
    }, z.core.$strict>;
    vertical_oscillation_mm: z.ZodNullable<z.ZodNumber>;
    pelvic_rotation_range_deg: z.ZodNullable<z.ZodNumber>;
    pelvic_tilt_range_deg: z.ZodNullable<z.ZodNumber>;
    anterior_tilt_deg: z.ZodNullable<z.ZodNumber>;
    peak_braking_g: z.ZodNullable<z.ZodNumber>;
    cadence_rolling_spm: z.ZodArray<z.ZodTuple<[z.ZodNumber, z.ZodNumber], null>>;
    non_running: z.ZodArray<z.ZodTuple<[z.ZodNumber, z.ZodNumber, z.ZodString], null>>;
}, z.core.$strict>;
/** What was read, and how; see `AnalysisInput`. */
export declare const analysisInputSchema: z.ZodObject<{
    file: z.ZodString;
    samples: z.ZodNumber;
    sample_rate_hz: z.ZodNumber;
    duration_s: z.ZodNumber;
    gaps: z.ZodArray<z.ZodTuple<[z.ZodNumber, z.ZodNumber], null>>;
    unit_notes: z.ZodArray<z.ZodString>;
    warnings: z.ZodArray<z.ZodString>;
    frame: z.ZodEnum<{
        sensor: "sensor";
        body: "body";
    }>;
    has_gyro: z.ZodBoolean;
}, z.core.$strict>;
/**
 * The analysis JSON document, `"schema": "hipgait/analysis@1"`. Besides the shape, it checks one rule of meaning:
 * without a gyroscope (`input.has_gyro: false`) every pelvic angle, per step and in the summary, must be null.
 * `z.infer<typeof analysisDocumentSchema>` equals `AnalysisDocument` (pinned by a type test).
 */
export declare const analysisDocumentSchema: z.ZodObject<{
    schema: z.ZodLiteral<"hipgait/analysis@1">;
    generator: z.ZodObject<{
        name: z.ZodLiteral<"hipgait">;
        version: z.ZodString;
    }, z.core.$strict>;
    input: z.ZodObject<{
        file: z.ZodString;
        samples: z.ZodNumber;
        sample_rate_hz: z.ZodNumber;
        duration_s: z.ZodNumber;
        gaps: z.ZodArray<z.ZodTuple<[z.ZodNumber, z.ZodNumber], null>>;
        unit_notes: z.ZodArray<z.ZodString>;
        warnings: z.ZodArray<z.ZodString>;
        frame: z.ZodEnum<{
            sensor: "sensor";
            body: "body";
        }>;
        has_gyro: z.ZodBoolean;
    }, z.core.$strict>;
    calibration: z.ZodObject<{
        method: z.ZodEnum<{
            standing: "standing";
            "running-mean": "running-mean";
            "body-frame": "body-frame";
            override: "override";
        }>;
        mounting: z.ZodObject<{
            up: z.ZodString;
            forward: z.ZodString;
            right: z.ZodString;
            off_axis_deg: z.ZodNumber;
            q_sensor_to_body: z.ZodTuple<[z.ZodNumber, z.ZodNumber, z.ZodNumber, z.ZodNumber], null>;
        }, z.core.$strict>;
        confidence: z.ZodNumber;
        detail: z.ZodObject<{
            vertical_source_s: z.ZodNullable<z.ZodTuple<[z.ZodNumber, z.ZodNumber], null>>;
            heading_eigen_ratio: z.ZodNullable<z.ZodNumber>;
            forward_sign_z: z.ZodNullable<z.ZodNumber>;
            gyro_bias_dps: z.ZodNullable<z.ZodTuple<[z.ZodNumber, z.ZodNumber, z.ZodNumber], null>>;
        }, z.core.$strict>;
        neutral: z.ZodEnum<{
            standing: "standing";
            "running-estimate": "running-estimate";
            unavailable: "unavailable";
        }>;
        rechecks: z.ZodArray<z.ZodObject<{
            t: z.ZodNumber;
            heading_change_deg: z.ZodNumber;
            action: z.ZodEnum<{
                kept: "kept";
                recalibrated: "recalibrated";
            }>;
        }, z.core.$strict>>;
    }, z.core.$strict>;
    summary: z.ZodObject<{
        steps: z.ZodNumber;
        running_s: z.ZodNumber;
        cadence_spm: z.ZodNullable<z.ZodNumber>;
        contact_time_ms: z.ZodObject<{
            left: z.ZodNullable<z.ZodNumber>;
            right: z.ZodNullable<z.ZodNumber>;
        }, z.core.$strict>;
        pelvic_drop_deg: z.ZodObject<{
            left: z.ZodNullable<z.ZodNumber>;
            right: z.ZodNullable<z.ZodNumber>;
        }, z.core.$strict>;
        flight_time_ms: z.ZodObject<{
            left: z.ZodNullable<z.ZodNumber>;
            right: z.ZodNullable<z.ZodNumber>;
        }, z.core.$strict>;
        step_time_ms: z.ZodObject<{
            left: z.ZodNullable<z.ZodNumber>;
            right: z.ZodNullable<z.ZodNumber>;
        }, z.core.$strict>;
        vertical_oscillation_mm: z.ZodNullable<z.ZodNumber>;
        pelvic_rotation_range_deg: z.ZodNullable<z.ZodNumber>;
        pelvic_tilt_range_deg: z.ZodNullable<z.ZodNumber>;
        anterior_tilt_deg: z.ZodNullable<z.ZodNumber>;
        peak_braking_g: z.ZodNullable<z.ZodNumber>;
        cadence_rolling_spm: z.ZodArray<z.ZodTuple<[z.ZodNumber, z.ZodNumber], null>>;
        non_running: z.ZodArray<z.ZodTuple<[z.ZodNumber, z.ZodNumber, z.ZodString], null>>;
    }, z.core.$strict>;
    steps: z.ZodArray<z.ZodObject<{
        t: z.ZodNumber;
        side: z.ZodEnum<{
            left: "left";
            right: "right";
        }>;
        toe_off_s: z.ZodNumber;
        contact_time_ms: z.ZodNumber;
        step_time_ms: z.ZodNullable<z.ZodNumber>;
        flight_time_ms: z.ZodNullable<z.ZodNumber>;
        cadence_spm: z.ZodNullable<z.ZodNumber>;
        pelvic_drop_deg: z.ZodNullable<z.ZodNumber>;
        vertical_oscillation_mm: z.ZodNullable<z.ZodNumber>;
        pelvic_rotation_range_deg: z.ZodNullable<z.ZodNumber>;
        pelvic_tilt_range_deg: z.ZodNullable<z.ZodNumber>;
        anterior_tilt_deg: z.ZodNullable<z.ZodNumber>;
        peak_braking_g: z.ZodNumber;
        peak_propulsion_g: z.ZodNumber;
        peak_vertical_g: z.ZodNumber;
    }, z.core.$strict>>;
    notes: z.ZodArray<z.ZodString>;
}, z.core.$strict>;
