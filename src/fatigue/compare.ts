/**
 * `hipgait compare`: two sessions (before and after a strength block, shoe A vs B, two runners) or two windows of one
 * session, with the same statistics and curves as the fatigue section. The comparison document is
 * `"schema": "hipgait/compare@1"` (docs/fatigue.md).
 */
import { CYCLE_POINTS } from "../metrics/gait-cycle.js";
import type { AnalysisDocument } from "../pipeline/document.js";
import type { StepResult } from "../pipeline/types.js";
import type { CycleCurveBins } from "./cycle-bins.js";
import { compareSteps, criteria, summarise, windowCurves, type DriftTable, type Meaningful, type DriftMetric, type WindowCurves, type WindowSummary } from "./drift.js";
import { autoWindows, resolveWindow, runningWindow, type RunningSpan, type TimeWindow, type WindowSpec } from "./windows.js";

export const COMPARE_SCHEMA = "hipgait/compare@1";

/** One side of a comparison: a session (file) and the window of it that was used. */
export interface CompareSide {
  file: string;
  /** The window as given, or "running" (the running after the warm-up) or "auto-fresh"/"auto-fatigued". */
  window: string;
  summary: WindowSummary;
}

export interface CompareDocument {
  schema: typeof COMPARE_SCHEMA;
  generator: { name: "hipgait"; version: string };
  a: CompareSide;
  b: CompareSide;
  /** B − A for every metric; trends only when both windows come from one session. */
  drift: DriftTable;
  criteria: Record<DriftMetric, Meaningful>;
  curves: { points: typeof CYCLE_POINTS; a: WindowCurves; b: WindowCurves };
  notes: string[];
}

/** A session as analysed, with what comparing it needs. */
export interface AnalysedSession {
  doc: AnalysisDocument;
  cycles: CycleCurveBins | null;
  /** First sample time, s: the origin of window specs. */
  origin_s: number | null;
}

function spanOf(s: AnalysedSession): RunningSpan | null {
  const steps = s.doc.steps;
  if (steps.length === 0 || s.origin_s === null) return null;
  return { origin_s: s.origin_s, firstStep_s: steps[0]!.t, lastStep_s: steps[steps.length - 1]!.t };
}

function side(s: AnalysedSession, w: TimeWindow, label: string): { side: CompareSide; steps: StepResult[] } {
  const steps = s.doc.steps.filter((x) => x.t >= w.start_s && x.t < w.end_s);
  return { side: { file: s.doc.input.file, window: label, summary: summarise(steps, w) }, steps };
}

/**
 * Compares window `wa` of session `a` with window `wb` of session `b` (the same object for one session). Without a
 * window, a whole session's running after its warm-up is used; for one session without windows, the automatic
 * fresh and fatigued windows. Returns null with a reason when a session has no running to compare.
 */
export function compareSessions(a: AnalysedSession, b: AnalysedSession, wa: WindowSpec | undefined, wb: WindowSpec | undefined, version: string): { doc: CompareDocument | null; reason: string | null } {
  const sa = spanOf(a), sb = spanOf(b);
  if (!sa) return { doc: null, reason: `${a.doc.input.file}: no running steps to compare` };
  if (!sb) return { doc: null, reason: `${b.doc.input.file}: no running steps to compare` };
  const one = a === b;
  let A: TimeWindow, B: TimeWindow, la: string, lb: string;
  if (one && !wa && !wb) {
    const auto = autoWindows(sa);
    if (!auto) return { doc: null, reason: `${a.doc.input.file}: the running is too short to split into fresh and fatigued windows; give --windows` };
    [A, B, la, lb] = [auto.fresh, auto.fatigued, "auto-fresh", "auto-fatigued"];
  } else {
    A = wa ? resolveWindow(wa, sa) : runningWindow(sa);
    B = wb ? resolveWindow(wb, sb) : runningWindow(sb);
    la = wa?.text ?? "running";
    lb = wb?.text ?? "running";
  }
  const x = side(a, A, la), y = side(b, B, lb);
  const notes: string[] = [];
  if (x.steps.length === 0) return { doc: null, reason: `${a.doc.input.file}: no running steps in the window ${la}` };
  if (y.steps.length === 0) return { doc: null, reason: `${b.doc.input.file}: no running steps in the window ${lb}` };
  // Trends only make sense along one run, over the span the two windows cover.
  let trend: StepResult[] = [];
  if (one) {
    const lo = Math.min(A.start_s, B.start_s), hi = Math.max(A.end_s, B.end_s);
    trend = a.doc.steps.filter((s) => s.t >= lo && s.t < hi);
    if (A.end_s > B.start_s && B.end_s > A.start_s) notes.push("the two windows overlap: their steps are not independent and the intervals are too narrow");
  } else {
    notes.push("two sessions: differences also include anything else that changed between them (pace, surface, shoes, sensor placement)");
    if (a.doc.input.has_gyro !== b.doc.input.has_gyro) notes.push("only one session has a gyroscope: angle comparisons are unavailable");
  }
  return {
    doc: {
      schema: COMPARE_SCHEMA,
      generator: { name: "hipgait", version },
      a: x.side,
      b: y.side,
      drift: compareSteps(x.steps, y.steps, trend),
      criteria: criteria(),
      curves: { points: CYCLE_POINTS, a: windowCurves(a.cycles, A), b: windowCurves(b.cycles, B) },
      notes,
    },
    reason: null,
  };
}
