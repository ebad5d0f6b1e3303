import { type Quat } from "../core/math/quat.js";
import type { SampleBlock } from "../session/index.js";
import { type AnalysisSummary, type CalibrationReport, type StepResult } from "./types.js";
export interface AnalyzerOptions {
    /** Nominal sample rate, Hz (declared or estimated by the reader). */
    sampleRate_hz: number;
    frame: "sensor" | "body";
    hasGyro: boolean;
    /** Mounting given by the user (--mount), q_sensorToBody; skips the automatic estimate. */
    mount?: Quat | null;
}
/**
 * Columnar samples in canonical units (t s, acc g, gyro deg/s; body frame: ax/ay/az = is/ml/pa); gyro arrays null
 * for accelerometer-only input. The reader's SampleBlock and the simulator's blocks both fit.
 */
export type SampleColumns = Pick<SampleBlock, "length" | "t_s" | "ax_g" | "ay_g" | "az_g" | "gx_dps" | "gy_dps" | "gz_dps">;
export interface AnalyzerResult {
    calibration: CalibrationReport;
    summary: AnalysisSummary;
    steps: StepResult[];
    notes: string[];
}
/** Settings that shape the pipeline (all with units; see docs/algorithms/pipeline.md). */
export declare const PIPELINE: Readonly<{
    /** Longest warm-up buffer before calibration is forced, s. */
    maxWarmup_s: 120;
    /** Flight phases needed before calibrating (≈ 14 s of running at 170 spm). */
    warmupSteps: 40;
    /** Quiet standing must last this long to define the vertical and the neutral posture, s (issue #3: ≥ 2 s). */
    minStanding_s: 2;
    /** A provisional flight: vertical specific force below this, g (flight ≈ 0 g, slow running up to the detector's adaptive 0.45 g; walking stays above ≈ 0.7 g). */
    provisionalFlight_g: 0.5;
    /** Sample history kept for step measurement, s (a stride plus detector latency, with margin). */
    ring_s: 4;
    /** Consecutive contacts further apart than this are not one step (bout break), s (step time ≤ 0.6 s, §1.4). */
    maxStep_s: 0.8;
    /** A gap: consecutive samples more than this many nominal periods apart (as the reader reports gaps). */
    gapPeriods: 2.5;
    /** Rolling cadence window and hop, s (research note §1.4: 10–30 s windows). */
    rollingWindow_s: 30;
    rollingHop_s: 15;
    /** Time constant of the vertical estimate for accelerometer-only input, s. */
    accOnlyVerticalTau_s: 4;
    /** Longest gap across which the stance side is carried by counting steps, s. */
    maxResumeGap_s: 2.5;
    /** Pelvic angles are withheld while their estimated SD exceeds this, degrees (issue #3 bound: per-step RMSE 1.2°). */
    maxAngleSd_deg: 1;
    /** Non-running stretches shorter than this are not reported, s. */
    minNonRunning_s: 2;
    /**
     * Mounting re-check: every recheckEvery_s of running, over the last recheckWindow_s of steps; re-calibrate when the
     * forward axis moved by more than recheckMaxAngle_deg in two checks running, with a clear principal axis
     * (eigenvalue ratio ≥ recheckMinRatio). On steady simulated and real-looking runs the axis wanders by ~0.1°, so 5°
     * is far above noise yet small enough not to leave a bias after a partly seen slip. A "kept" verdict is reported
     * once per recheckReport_s.
     */
    recheckEvery_s: 2.5;
    recheckWindow_s: 10;
    recheckReport_s: 300;
    recheckMaxAngle_deg: 5;
    recheckMinRatio: 3;
}>;
export declare class Analyzer {
    #private;
    constructor(options: AnalyzerOptions);
    /** Pushes a block of samples; returns the steps completed (with side) since the last call. */
    push(b: SampleColumns): StepResult[];
    /** End of input: calibrates if still warming up, closes the last step, and returns the full result. */
    finish(): AnalyzerResult;
}
