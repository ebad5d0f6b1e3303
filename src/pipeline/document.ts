/** The analysis JSON document (`"schema": "hipgait/analysis@1"`) as a TypeScript type. The zod schema lives in src/output/schema.ts. */
import type { FatigueReport } from "../fatigue/drift.js";
import type { Deficit, Recommendations } from "../recommend/index.js";
import type { AnalysisSummary, CalibrationReport, StepResult } from "./types.js";

export const ANALYSIS_SCHEMA = "hipgait/analysis@1";

/**
 * A document made by an analysis may carry, under this key (not enumerable, so not part of the document), the
 * analysis' steps as a table that gives one step object at a time: the JSON writer then makes each step's object
 * only while it writes that step, instead of all ~30 000 of a 3-hour run at once (kept, they outlive V8's young
 * generation and cost a major garbage collection).
 */
export const STEP_SOURCE = Symbol("hipgait.stepSource");

/** What STEP_SOURCE holds: the steps by index (pipeline/step-table.ts StepTable). */
export interface StepSource {
  readonly length: number;
  get(i: number): StepResult;
}

export interface AnalysisInput {
  file: string;
  samples: number;
  sample_rate_hz: number;
  duration_s: number;
  /** Lost-data gaps, [start_s, end_s]. */
  gaps: Array<[number, number]>;
  /** How units were read or inferred, and other notes about the input. */
  unit_notes: string[];
  /** Non-fatal reader warnings (e.g. a truncated last line dropped). */
  warnings: string[];
  frame: "sensor" | "body";
  has_gyro: boolean;
  /** When the recording started (the input's started_at metadata, ISO 8601), or null when the input does not say. */
  started_at: string | null;
}

export interface AnalysisDocument {
  schema: typeof ANALYSIS_SCHEMA;
  generator: { name: "hipgait"; version: string };
  input: AnalysisInput;
  calibration: CalibrationReport;
  summary: AnalysisSummary;
  /** Fresh vs fatigued windows of the run (docs/fatigue.md); null when the running is too short to split. */
  fatigue: FatigueReport | null;
  /** Hip-function deficits, most severe first (docs/recommender.md). */
  deficits: Deficit[];
  /** The strength plan that follows from them. */
  recommendations: Recommendations;
  steps: StepResult[];
  /** Things the reader of the report should know: no standing period, angles unavailable, low calibration confidence... */
  notes: string[];
}
