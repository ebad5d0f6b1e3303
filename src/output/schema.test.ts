/** The analysis document schema: its inferred type equals AnalysisDocument; valid documents parse, broken ones fail at a path. */
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { AnalysisDocument } from "../pipeline/document.js";
import type { AnalysisSummary, CalibrationReport, StepResult } from "../pipeline/types.js";
import { accOnlyDocument, exampleDocument } from "../../test/output/example-document.js";
import { analysisDocumentSchema, analysisSummarySchema, calibrationReportSchema, stepResultSchema } from "./schema.js";

/** Issues of a failed parse as `path: message` strings. */
function issues(doc: unknown): string[] {
  const r = analysisDocumentSchema.safeParse(doc);
  if (r.success) return [];
  return r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

/** Sets `obj[key] = value` ignoring the declared types, to break a document on purpose. */
function put(obj: object | undefined, key: string | number, value: unknown): void {
  if (obj === undefined) throw new Error("fixture is missing a part this test breaks");
  (obj as Record<string | number, unknown>)[key] = value;
}

describe("analysisDocumentSchema types", () => {
  it("infers exactly the TypeScript document types", () => {
    expectTypeOf<z.infer<typeof analysisDocumentSchema>>().toEqualTypeOf<AnalysisDocument>();
    expectTypeOf<z.infer<typeof stepResultSchema>>().toEqualTypeOf<StepResult>();
    expectTypeOf<z.infer<typeof calibrationReportSchema>>().toEqualTypeOf<CalibrationReport>();
    expectTypeOf<z.infer<typeof analysisSummarySchema>>().toEqualTypeOf<AnalysisSummary>();
    // Input and output types agree too (no transforms or defaults hiding in the schema).
    expectTypeOf<z.input<typeof analysisDocumentSchema>>().toEqualTypeOf<AnalysisDocument>();
  });
});

describe("analysisDocumentSchema at run time", () => {
  it("parses hand-made documents and returns them unchanged", () => {
    for (const doc of [exampleDocument(), accOnlyDocument()]) {
      expect(issues(doc)).toEqual([]);
      expect(analysisDocumentSchema.parse(doc)).toEqual(doc);
    }
  });

  it("survives a JSON round trip", () => {
    const text = JSON.stringify(exampleDocument());
    expect(analysisDocumentSchema.parse(JSON.parse(text))).toEqual(exampleDocument());
  });

  it("rejects a wrong schema tag or generator", () => {
    const d = exampleDocument();
    put(d, "schema", "hipgait/analysis@2");
    put(d.generator, "name", "gaitlab");
    expect(issues(d)).toEqual([expect.stringMatching(/^schema: /), expect.stringMatching(/^generator\.name: /)]);
  });

  it("rejects NaN and Infinity where JSON would silently write null", () => {
    const d = exampleDocument();
    d.summary.cadence_spm = Number.NaN;
    const s = d.steps[1];
    if (!s) throw new Error("fixture has steps");
    s.contact_time_ms = Number.POSITIVE_INFINITY;
    expect(issues(d)).toEqual([expect.stringMatching(/^summary\.cadence_spm: .*NaN/), expect.stringMatching(/^steps\.1\.contact_time_ms: /)]);
  });

  it("names the path of a missing, mistyped or unknown field", () => {
    const d = exampleDocument();
    delete (d.steps[2] as Partial<StepResult> | undefined)?.toe_off_s;
    put(d.summary.contact_time_ms, "left", "246");
    put(d.calibration.mounting, "q_sensor_to_body", [1, 0, 0]);
    put(d.input, "sample_rate", 200);
    put(d.steps[0], "side", "both");
    expect(issues(d).sort()).toEqual(
      [
        expect.stringMatching(/^calibration\.mounting\.q_sensor_to_body: /),
        expect.stringMatching(/^input: Unrecognized key: "sample_rate"/),
        expect.stringMatching(/^steps\.0\.side: /),
        expect.stringMatching(/^steps\.2\.toe_off_s: /),
        expect.stringMatching(/^summary\.contact_time_ms\.left: .*string/),
      ].sort(),
    );
  });

  it("rejects out-of-range values: confidence, counts, reversed intervals", () => {
    const d = exampleDocument();
    d.calibration.confidence = 1.2;
    d.summary.steps = 3.5;
    d.input.gaps[0] = [601, 600];
    d.summary.non_running[1] = [1180, 1080, "walking"];
    expect(issues(d).sort()).toEqual(
      [
        expect.stringMatching(/^calibration\.confidence: /),
        expect.stringMatching(/^input\.gaps\.0: interval ends before it starts/),
        expect.stringMatching(/^summary\.non_running\.1: period ends before it starts/),
        expect.stringMatching(/^summary\.steps: /),
      ].sort(),
    );
  });

  it("requires every angle to be null without a gyroscope", () => {
    const d = accOnlyDocument();
    d.summary.pelvic_drop_deg.right = 4;
    d.summary.anterior_tilt_deg = 3;
    const s = d.steps[3];
    if (!s) throw new Error("fixture has steps");
    s.pelvic_tilt_range_deg = 5;
    expect(issues(d)).toEqual([
      "summary.pelvic_drop_deg.right: must be null: the input has no gyroscope (input.has_gyro is false)",
      "summary.anterior_tilt_deg: must be null: the input has no gyroscope (input.has_gyro is false)",
      "steps.3.pelvic_tilt_range_deg: must be null: the input has no gyroscope (input.has_gyro is false)",
    ]);
  });

  it("accepts nulls wherever the types allow them", () => {
    const d = exampleDocument();
    d.summary = {
      ...d.summary,
      cadence_spm: null,
      contact_time_ms: { left: null, right: null },
      vertical_oscillation_mm: null,
      peak_braking_g: null,
    };
    d.calibration.detail = { vertical_source_s: null, heading_eigen_ratio: null, forward_sign_z: null, gyro_bias_dps: null };
    expect(issues(d)).toEqual([]);
  });
});
