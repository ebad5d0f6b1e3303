/** Late-run fatigue drift: windows, gait-cycle curve bins and the fresh-vs-fatigued report. docs/fatigue.md. */
import { UsageError } from "../core/errors.js";
import { StepTable } from "../pipeline/step-table.js";
import type { StepResult } from "../pipeline/types.js";
import type { CycleCurveBins } from "./cycle-bins.js";
import { fatigueReport, type FatigueReport } from "./drift.js";
import { AUTO_WINDOWS, autoWindows, resolveWindow, type RunningSpan, type TimeWindow, type WindowSpec } from "./windows.js";

export { CYCLE_BIN_S, CycleCurveBins } from "./cycle-bins.js";
export { compareSteps, criteria, DRIFT_METRICS, fatigueReport, summarise, windowCurves } from "./drift.js";
export { COMPARE_SCHEMA, compareSessions } from "./compare.js";
export type { AnalysedSession, CompareDocument, CompareSide } from "./compare.js";
export type { CurveSet, Drift, DriftMetric, DriftTable, FatigueReport, Meaningful, SidedDrift, WindowCurves, WindowSummary } from "./drift.js";
export { AUTO_WINDOWS, autoWindows, parseDuration, parseWindow, resolveWindow, runningWindow } from "./windows.js";
export type { RunningSpan, TimeWindow, WindowSpec } from "./windows.js";

export interface FatigueOptions {
  fresh?: WindowSpec | undefined;
  fatigued?: WindowSpec | undefined;
}

/**
 * The fatigue section of an analysis: user windows where given, automatic ones otherwise; `origin_s` is the first
 * sample's time and `cycles` the curve bins (null: the report's curves are null). Returns the report (null when the
 * running is too short to split) and a note for the reader when there is none. A user window that does not
 * fit the recording is a UsageError naming the flag. The steps as objects or, from an analysis, as its StepTable.
 */
export function fatigueSection(
  steps: readonly StepResult[] | StepTable,
  origin_s: number | null,
  cycles: CycleCurveBins | null,
  opts: FatigueOptions = {},
): { report: FatigueReport | null; note: string | null } {
  if (steps.length === 0 || origin_s === null) return { report: null, note: null };
  const time = (i: number): number => (steps instanceof StepTable ? steps.value(i, "t")! : steps[i]!.t);
  const span: RunningSpan = { origin_s, firstStep_s: time(0), lastStep_s: time(steps.length - 1) };
  const auto = autoWindows(span);
  if (!opts.fresh && !opts.fatigued) {
    if (!auto) {
      const min = (span.lastStep_s - span.firstStep_s) / 60;
      return { report: null, note: `the running spans ${min.toFixed(1)} min: too short to compare a fresh and a fatigued part automatically (needs ${AUTO_WINDOWS.minSpan_s / 60} min; --fresh and --fatigued choose windows by hand)` };
    }
    return { report: fatigueReport(steps, cycles, auto.fresh, auto.fatigued, "auto"), note: null };
  }
  const pick = (spec: WindowSpec | undefined, flag: string, fallback: TimeWindow | undefined): TimeWindow => {
    if (!spec) {
      if (!fallback) throw new UsageError(`the running is too short to choose the other window automatically: give both --fresh and --fatigued`);
      return fallback;
    }
    const w = resolveWindow(spec, span);
    if (!(w.end_s > w.start_s)) throw new UsageError(`${flag} ${spec.text}: the window ends before it starts`);
    let inside = 0;
    for (let i = 0; i < steps.length; i++) if (time(i) >= w.start_s && time(i) < w.end_s) inside++;
    if (inside === 0) {
      throw new UsageError(`${flag} ${spec.text}: no running steps between ${fmt(w.start_s - span.origin_s)} and ${fmt(w.end_s - span.origin_s)} of the recording (running from ${fmt(span.firstStep_s - span.origin_s)} to ${fmt(span.lastStep_s - span.origin_s)})`);
    }
    return w;
  };
  const fresh = pick(opts.fresh, "--fresh", auto?.fresh);
  const fatigued = pick(opts.fatigued, "--fatigued", auto?.fatigued);
  const report = fatigueReport(steps, cycles, fresh, fatigued, "user");
  if (fresh.end_s > fatigued.start_s && fatigued.end_s > fresh.start_s) report.notes.push("the fresh and fatigued windows overlap: their steps are not independent and the intervals are too narrow");
  return { report, note: null };
}

/** m:ss or h:mm:ss of a duration in seconds. */
function fmt(s: number): string {
  const t = Math.max(0, Math.round(s));
  const h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), sec = t % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}` : `${m}:${String(sec).padStart(2, "0")}`;
}
