/** formatSummary on hand-made documents: concrete lines, n/a for nulls with a reason, no NaN/undefined, width ≤ 100. */
import { describe, expect, it } from "vitest";
import type { AnalysisDocument } from "../pipeline/document.js";
import { accOnlyDocument, exampleDocument } from "../../test/output/example-document.js";
import { formatSummary, SUMMARY_WIDTH } from "./terminal.js";

const ANSI = /\x1b\[[0-9;]*m/g;

/** Checks that hold for every summary: no NaN/undefined/null leaks, no line wider than SUMMARY_WIDTH. */
function checkText(text: string): void {
  expect(text).not.toMatch(/NaN|undefined|null|Infinity|\[object/);
  for (const line of text.replace(ANSI, "").split("\n")) expect(line.length, line).toBeLessThanOrEqual(SUMMARY_WIDTH);
  expect(text.endsWith("\n")).toBe(true);
}

/** The table row of a metric, with its cells split on runs of spaces. */
function row(text: string, metric: string): string[] {
  const line = text.split("\n").find((l) => l.startsWith(`${metric} (`));
  if (line === undefined) throw new Error(`no row for ${metric}`);
  return line.split(/\s{2,}/);
}

describe("formatSummary", () => {
  it("prints input, calibration, the metrics table, steps, periods and notes", () => {
    const text = formatSummary(exampleDocument());
    checkText(text);
    expect(text).not.toContain("\x1b");
    expect(text).toContain("file         runs/tempo-2026-03-14.csv.gz\n");
    expect(text).toContain("input        32:00.0 (1920 s), 384000 samples at 200 Hz, sensor frame, with gyroscope,");
    expect(text).toContain("2 gaps (0.42 s lost)");
    expect(text).toContain("calibration  from quiet standing at 1.5–9.5 s, mounted up=+x forward=+z right=+y (4.2 deg off axis),");
    expect(text).toContain("confidence 0.93, neutral = standing posture, 1 re-check during the run (mount kept)");
    expect(text).toContain("metric                             left    right  overall      L−R\n");
    expect(row(text, "cadence")).toEqual(["cadence (spm)", "171.9"]);
    expect(row(text, "contact time")).toEqual(["contact time (ms)", "246", "252", "-6"]);
    expect(row(text, "flight time")).toEqual(["flight time (ms)", "103", "97", "+6"]);
    expect(row(text, "step time")).toEqual(["step time (ms)", "349", "349", "0"]);
    expect(row(text, "pelvic drop")).toEqual(["pelvic drop (deg)", "6.4", "4.1", "+2.3"]);
    expect(row(text, "vertical oscillation")).toEqual(["vertical oscillation (mm)", "81"]);
    expect(row(text, "pelvic rotation range")).toEqual(["pelvic rotation range (deg)", "12.5"]);
    expect(row(text, "pelvic tilt range")).toEqual(["pelvic tilt range (deg)", "5.8"]);
    expect(row(text, "anterior tilt")).toEqual(["anterior tilt (deg)", "+3.2"]);
    expect(row(text, "peak braking")).toEqual(["peak braking (g)", "0.61"]);
    expect(text).toContain("steps        4 counted in 29:55.5 of running (of 32:00.0 recorded)\n");
    expect(text).toContain("not running  0:00.0–0:10.2 standing (0:10.2); 18:00.0–19:40.0 walking (1:40.0)\n");
    expect(text).toContain("notes        - left-stance pelvic drop is 2.3 deg larger than right-stance drop\n");
    expect(text).toContain("- input: runs/tempo-2026-03-14.csv.gz:384003: last line is truncated");
  });

  it("keeps the right-hand columns aligned", () => {
    const text = formatSummary(exampleDocument());
    const header = text.split("\n").find((l) => l.startsWith("metric"));
    const drop = text.split("\n").find((l) => l.startsWith("pelvic drop"));
    expect(drop?.endsWith("+2.3")).toBe(true);
    expect(drop?.length).toBe(header?.length);
  });

  it("prints n/a for unavailable angles and says why, without a gyroscope", () => {
    const text = formatSummary(accOnlyDocument());
    checkText(text);
    expect(text).toContain("no gyroscope, no gaps");
    expect(row(text, "pelvic drop")).toEqual(["pelvic drop (deg)", "n/a", "n/a", "n/a"]);
    expect(row(text, "pelvic rotation range")).toEqual(["pelvic rotation range (deg)", "n/a"]);
    expect(row(text, "pelvic tilt range")).toEqual(["pelvic tilt range (deg)", "n/a"]);
    expect(row(text, "anterior tilt")).toEqual(["anterior tilt (deg)", "n/a"]);
    expect(row(text, "cadence")).toEqual(["cadence (spm)", "171.9"]);
    expect(text).toContain("from the running mean (no quiet standing found)");
    expect(text).toContain("neutral unavailable");
    expect(text).toContain("not running  none recognised\n");
    expect(text.replace(/\n\s+/g, " ")).toContain(
      "- pelvic drop, pelvic rotation range, pelvic tilt range, anterior tilt: n/a because the input has no gyroscope",
    );
  });

  it("does not repeat a reason the document already gives", () => {
    const doc = accOnlyDocument();
    doc.notes = ["angles unavailable: the file has no gyroscope columns"];
    const text = formatSummary(doc);
    expect(text.match(/gyroscope/g)?.length).toBe(2); // the input line and the document's own note
  });

  it("prints n/a for every null, never a number made up, and lists unexplained ones", () => {
    const doc: AnalysisDocument = exampleDocument();
    doc.summary = {
      ...doc.summary,
      cadence_spm: null,
      contact_time_ms: { left: 240, right: null },
      flight_time_ms: { left: null, right: null },
      vertical_oscillation_mm: null,
      peak_braking_g: null,
    };
    const text = formatSummary(doc);
    checkText(text);
    expect(row(text, "cadence")).toEqual(["cadence (spm)", "n/a"]);
    expect(row(text, "contact time")).toEqual(["contact time (ms)", "240", "n/a", "n/a"]);
    expect(row(text, "flight time")).toEqual(["flight time (ms)", "n/a", "n/a", "n/a"]);
    expect(row(text, "vertical oscillation")).toEqual(["vertical oscillation (mm)", "n/a"]);
    expect(row(text, "peak braking")).toEqual(["peak braking (g)", "n/a"]);
    expect(text.replace(/\n\s+/g, " ")).toContain(
      "- n/a values: cadence, contact time (right), flight time (left), flight time (right), vertical oscillation, peak braking (see the notes above for the reason)",
    );
    doc.notes = [];
    expect(formatSummary(doc).replace(/\n\s+/g, " ")).toContain("peak braking (the analysis gave no reason)");
  });

  it("computes L−R from the printed values, so that the row adds up", () => {
    const doc = exampleDocument();
    doc.summary.pelvic_drop_deg = { left: 3.96, right: 3.84 };
    doc.summary.flight_time_ms = { left: 112.324, right: 112.6 };
    const text = formatSummary(doc);
    expect(row(text, "pelvic drop")).toEqual(["pelvic drop (deg)", "4.0", "3.8", "+0.2"]);
    expect(row(text, "flight time")).toEqual(["flight time (ms)", "112", "113", "-1"]);
  });

  it("treats a non-finite number that slipped through as n/a", () => {
    const doc = exampleDocument();
    doc.summary.cadence_spm = Number.NaN;
    doc.summary.pelvic_drop_deg.left = Number.POSITIVE_INFINITY;
    const text = formatSummary(doc);
    checkText(text);
    expect(row(text, "cadence")).toEqual(["cadence (spm)", "n/a"]);
    expect(row(text, "pelvic drop")).toEqual(["pelvic drop (deg)", "n/a", "4.1", "n/a"]);
  });

  it("explains a neutral estimated from running and an empty run", () => {
    const doc = exampleDocument();
    doc.calibration.neutral = "running-estimate";
    doc.notes = [];
    const text = formatSummary(doc);
    expect(text).toContain("neutral estimated from running (no standing period)");
    expect(text.replace(/\n\s+/g, " ")).toContain("- no standing period: pelvic drop is relative to the mean running posture, not to standing");

    const empty = accOnlyDocument();
    empty.summary = {
      ...empty.summary,
      steps: 0,
      running_s: 0,
      cadence_spm: null,
      contact_time_ms: { left: null, right: null },
      flight_time_ms: { left: null, right: null },
      step_time_ms: { left: null, right: null },
      vertical_oscillation_mm: null,
      peak_braking_g: null,
    };
    empty.steps = [];
    const t2 = formatSummary(empty);
    checkText(t2);
    expect(t2).toContain("steps        0 counted in 0:00.0 of running");
    expect(t2).toContain("- no running steps were found, so the step metrics are n/a");
    expect(t2).not.toContain("n/a values");
  });

  it("keeps long file names, notes and period lists within the width", () => {
    const doc = exampleDocument();
    doc.input.file = `/data/${"club-training-sessions/".repeat(8)}2026-03-14-long-run.csv`;
    doc.notes = ["x".repeat(250), `a long note ${"with many words ".repeat(20)}`];
    doc.summary.non_running = Array.from({ length: 9 }, (_, i): [number, number, string] => [i * 600, i * 600 + 60, "walking"]);
    doc.calibration.rechecks.push({ t: 3725.3, heading_change_deg: 31, action: "recalibrated" });
    const text = formatSummary(doc);
    checkText(text);
    expect(text).toMatch(/^file {9}\/data\/club-.*….*2026-03-14-long-run\.csv$/m);
    expect(text).toContain("... and 3 more");
    expect(text).toContain("2 re-checks during the run, recalibrated at 1:02:05.3");
  });

  it("colours only when asked, with the same visible text", () => {
    const doc = accOnlyDocument();
    const coloured = formatSummary(doc, { color: true });
    expect(coloured).toContain("\x1b[");
    expect(coloured.replace(ANSI, "")).toBe(formatSummary(doc, { color: false }));
    checkText(coloured);
  });
});
