/**
 * Late-run fatigue drift: each metric's fresh and fatigued means, the difference with a 95 % interval that respects
 * the autocorrelation of step series (moving-block bootstrap), an effect size, the trend over the run (slope per
 * 10 minutes, Newey–West interval), a change point where one stands out, and a flag when the change is both
 * statistically clear and larger than a meaningful size. The metric table below is the single place that says
 * which metrics are compared and what size of change matters, with the source of each size. docs/fatigue.md.
 */
import { round } from "../core/math/round.js";
import { CYCLE_POINTS, CYCLE_SIGNALS } from "../metrics/gait-cycle.js";
import { StepTable } from "../pipeline/step-table.js";
import type { Side, SideValues, StepResult } from "../pipeline/types.js";
import { binMeans, linearTrend, meanDiffCi, sd, singleChangePoint } from "../stats/index.js";
import type { CycleCurveBins, CycleCurves } from "./cycle-bins.js";
import type { TimeWindow } from "./windows.js";

/** How large a change must be to matter, and why. */
export interface Meaningful {
  /** An absolute size in the metric's unit, or a share of the fresh mean (rel), or a standardised effect (effect). */
  kind: "absolute" | "relative" | "effect";
  value: number;
  /** For an effect size: never less than this, in the metric's unit (what sensor error alone can produce); else null. */
  floor: number | null;
  source: string;
}

/** A time series of one metric: times (s) and values. */
interface Series {
  t: Float64Array;
  v: Float64Array;
}

/**
 * A step set's per-step fields as typed arrays, read from the step objects once (stepColumns) and shared by every
 * metric's series: each series is then a tight loop over numbers, where a call per step through a different accessor
 * for each metric cost most of the time of the fatigue report's series.
 */
interface StepColumns {
  t: Float64Array;
  /** 1 for a left stance, 0 for a right one. */
  left: Uint8Array;
  /**
   * The non-overlapping consecutive left/right step pairs (see fillPairIndices), the same for every asymmetry
   * metric: the left and right step's index of each, pairs in time order; pairs.n of them.
   */
  pairs: { leftStep: Int32Array; rightStep: Int32Array; n: number };
  /**
   * Where perStep, pairDifference and pairAsymmetryPct write the series they return (one step set's length each):
   * a series is therefore only valid until the next series of the same step set is made, which is how drift and
   * summarise use them. Fresh arrays per series left tens of megabytes of typed arrays (outside the garbage-collected
   * heap) waiting for a collection at the end of a 6-hour run.
   */
  seriesT: Float64Array;
  seriesV: Float64Array;
  /** Step time, NaN where it is null (binCv's input). */
  step_time_ms: Float64Array;
  // Each metric field, NaN where the value is null or not finite (exactly the steps that perStep leaves out).
  cadence_spm: Float64Array;
  pelvic_drop_deg: Float64Array;
  contact_time_ms: Float64Array;
  vertical_oscillation_mm: Float64Array;
  pelvic_tilt_range_deg: Float64Array;
  pelvic_rotation_range_deg: Float64Array;
  anterior_tilt_deg: Float64Array;
  peak_propulsion_g: Float64Array;
}

interface MetricDef {
  key: DriftMetric;
  /** Per side (left/right stance) or over all steps. */
  sided: boolean;
  /** The series of the metric over the given steps (time-ordered), for one side when sided. */
  series: (columns: StepColumns, side: Side | null) => Series;
  meaningful: Meaningful;
}

export const DRIFT_METRICS = [
  "cadence_spm",
  "pelvic_drop_deg",
  "contact_time_ms",
  "step_time_cv_pct",
  "vertical_oscillation_mm",
  "pelvic_tilt_range_deg",
  "pelvic_rotation_range_deg",
  "anterior_tilt_deg",
  "pelvic_drop_asymmetry_deg",
  "contact_time_asymmetry_pct",
  "peak_propulsion_g",
] as const;
export type DriftMetric = (typeof DRIFT_METRICS)[number];

/** Step-time variability is the mean of within-bin CVs over bins of this length, s, each with enough steps. */
const CV_BIN_S = 30;
const MIN_STEPS_PER_CV_BIN = 20;
/** Two consecutive steps form a left/right pair for asymmetry when their contacts are this close, s. */
const MAX_PAIR_GAP_S = 0.8;

/**
 * Where no published smallest meaningful change exists for a sacral sensor: half the fresh step-to-step SD (a medium
 * standardised effect, Cohen 1988), but never less than `floor`, the size sensor error alone can produce (our
 * choice, from the accuracy measured in issue #3: tracked tilt within ~0.4°, so 0.5° for angles).
 */
function mediumEffect(floor: number, unit: string): Meaningful {
  return {
    kind: "effect",
    value: 0.5,
    floor,
    source: `no published smallest meaningful change for a sacral sensor: half the fresh step-to-step SD (a medium effect, Cohen 1988), at least ${floor} ${unit}`,
  };
}

const METRICS: readonly MetricDef[] = [
  {
    key: "cadence_spm",
    sided: false,
    series: (c) => perStep(c, null, c.cadence_spm),
    // Heiderscheit et al. 2011 (Med Sci Sports Exerc 43:296): a 5 % step-rate change measurably changes hip and knee
    // loading; half of it is taken as the smallest change worth a coach's attention.
    meaningful: { kind: "relative", value: 0.025, floor: null, source: "2.5 % of the fresh cadence: half the 5 % step-rate change that alters hip and knee loading (Heiderscheit 2011)" },
  },
  {
    key: "pelvic_drop_deg",
    sided: true,
    series: (c, side) => perStep(c, side, c.pelvic_drop_deg),
    meaningful: { kind: "absolute", value: 1, floor: null, source: "1° more contralateral pelvic drop ≈ 1.8× the odds of being an injured runner (Bramah 2018, Am J Sports Med 46:3023)" },
  },
  {
    key: "contact_time_ms",
    sided: true,
    series: (c, side) => perStep(c, side, c.contact_time_ms),
    meaningful: { kind: "absolute", value: 32, floor: null, source: "smallest real difference of sacral-IMU contact time, 32 ms (Patoz 2022, 100 runners)" },
  },
  {
    key: "step_time_cv_pct",
    sided: false,
    series: (c) => binCv(c),
    meaningful: { kind: "absolute", value: 0.525, floor: null, source: "between-day minimum detectable change of stride-time CV from an IMU, 0.525 percentage points (Jones et al. 2025, J Biomech 112515)" },
  },
  { key: "vertical_oscillation_mm", sided: false, series: (c) => perStep(c, null, c.vertical_oscillation_mm), meaningful: mediumEffect(5, "mm") },
  { key: "pelvic_tilt_range_deg", sided: false, series: (c) => perStep(c, null, c.pelvic_tilt_range_deg), meaningful: mediumEffect(0.5, "°") },
  { key: "pelvic_rotation_range_deg", sided: false, series: (c) => perStep(c, null, c.pelvic_rotation_range_deg), meaningful: mediumEffect(0.5, "°") },
  { key: "anterior_tilt_deg", sided: false, series: (c) => perStep(c, null, c.anterior_tilt_deg), meaningful: mediumEffect(0.5, "°") },
  {
    key: "pelvic_drop_asymmetry_deg",
    sided: false,
    series: (c) => pairDifference(c, c.pelvic_drop_deg),
    meaningful: { kind: "absolute", value: 1, floor: null, source: "the same 1° as for pelvic drop itself (Bramah 2018)" },
  },
  {
    key: "contact_time_asymmetry_pct",
    sided: false,
    series: (c) => pairAsymmetryPct(c, c.contact_time_ms),
    meaningful: mediumEffect(2, "%"),
  },
  { key: "peak_propulsion_g", sided: false, series: (c) => perStep(c, null, c.peak_propulsion_g), meaningful: mediumEffect(0.02, "g") },
];

/** One metric's change from the fresh to the fatigued window. */
export interface Drift {
  /** Fatigued − fresh, the metric's unit; null when either window lacks values. */
  delta: number | null;
  ci95: [number, number] | null;
  /** delta / SD of the fresh step-to-step values. */
  effect_size: number | null;
  /** Linear trend over the run (fresh start to fatigued end), per 10 minutes, with its 95 % interval. */
  slope_per_10min: number | null;
  slope_ci95: [number, number] | null;
  /** The most significant mean shift in per-minute means over the same span, when one stands out. */
  change_point: { t_s: number; before: number; after: number } | null;
  /** The meaningful size in the metric's unit (relative and effect sizes resolved); null when unknown. */
  meaningful: number | null;
  /** The interval excludes zero and |delta| ≥ meaningful. */
  flagged: boolean;
}

export interface SidedDrift {
  left: Drift;
  right: Drift;
}

/** Every metric's drift; pelvic drop and contact time per stance side. */
export interface DriftTable {
  cadence_spm: Drift;
  pelvic_drop_deg: SidedDrift;
  contact_time_ms: SidedDrift;
  step_time_cv_pct: Drift;
  vertical_oscillation_mm: Drift;
  pelvic_tilt_range_deg: Drift;
  pelvic_rotation_range_deg: Drift;
  anterior_tilt_deg: Drift;
  pelvic_drop_asymmetry_deg: Drift;
  contact_time_asymmetry_pct: Drift;
  peak_propulsion_g: Drift;
}

/** The means of one window. */
export interface WindowSummary {
  start_s: number;
  end_s: number;
  steps: number;
  cadence_spm: number | null;
  pelvic_drop_deg: SideValues;
  contact_time_ms: SideValues;
  step_time_cv_pct: number | null;
  vertical_oscillation_mm: number | null;
  pelvic_tilt_range_deg: number | null;
  pelvic_rotation_range_deg: number | null;
  anterior_tilt_deg: number | null;
  pelvic_drop_asymmetry_deg: number | null;
  contact_time_asymmetry_pct: number | null;
  peak_propulsion_g: number | null;
}

/** A window's curves of one side as reported: 101 points per signal, null where unavailable (no gyroscope). */
export interface CurveSet {
  strides: number;
  mean: Record<(typeof CYCLE_SIGNALS)[number], Array<number | null>>;
  sd: Record<(typeof CYCLE_SIGNALS)[number], Array<number | null>>;
}

/** Mean and SD curves per side (101 points each, docs/fatigue.md). */
export interface WindowCurves {
  left: CurveSet | null;
  right: CurveSet | null;
}

export interface FatigueReport {
  /** "auto": windows chosen from the running; "user": given with --fresh / --fatigued. */
  windows: "auto" | "user";
  fresh: WindowSummary;
  fatigued: WindowSummary;
  drift: DriftTable;
  /** What size of change counts for each metric, and the source. */
  criteria: Record<DriftMetric, Meaningful>;
  curves: { points: typeof CYCLE_POINTS; fresh: WindowCurves; fatigued: WindowCurves };
  notes: string[];
}

/**
 * Compares two windows of one run (or, via `compareSteps`, two runs). `trendSteps` are the steps the trend and
 * change point run over (the running between the two windows' outer ends).
 */
export function fatigueReport(
  steps: readonly StepResult[] | StepTable,
  cycles: CycleCurveBins | null,
  fresh: TimeWindow,
  fatigued: TimeWindow,
  windows: "auto" | "user",
): FatigueReport {
  // The columns of all steps once; each window's are a slice of them when the steps are in time order (they are,
  // from an analysis), else those of the window's steps picked out.
  const all = steps instanceof StepTable ? tableColumns(steps) : stepColumns(steps);
  const ordered = isNonDecreasing(all.t);
  const inWindow = (w: TimeWindow): StepColumns =>
    ordered ? sliceColumns(all, lowerBound(all.t, w.start_s), lowerBound(all.t, w.end_s)) : pickColumns(all, (t) => t >= w.start_s && t < w.end_s);
  const a = inWindow(fresh), b = inWindow(fatigued);
  const span = { start_s: Math.min(fresh.start_s, fatigued.start_s), end_s: Math.max(fresh.end_s, fatigued.end_s) };
  const trend = inWindow(span);
  const notes: string[] = [];
  if (a.t.length < 100 || b.t.length < 100) notes.push(`few steps to compare (fresh ${a.t.length}, fatigued ${b.t.length}): intervals are wide`);
  notes.push("running speed is not measured: a change of pace also changes these metrics (Zandbergen 2023); compare runs at a steady pace");
  const report = compareColumns(a, b, trend);
  return {
    windows,
    fresh: summariseColumns(a, fresh),
    fatigued: summariseColumns(b, fatigued),
    drift: report,
    criteria: criteria(),
    curves: {
      points: CYCLE_POINTS,
      fresh: windowCurves(cycles, fresh),
      fatigued: windowCurves(cycles, fatigued),
    },
    notes,
  };
}

/** The drift of every metric between step sets a (reference) and b, with trends over `trendSteps` (may be empty). */
export function compareSteps(a: readonly StepResult[], b: readonly StepResult[], trendSteps: readonly StepResult[]): DriftTable {
  return compareColumns(stepColumns(a), stepColumns(b), stepColumns(trendSteps));
}

function compareColumns(ca: StepColumns, cb: StepColumns, ct: StepColumns): DriftTable {
  const one = (m: MetricDef, side: Side | null): Drift => drift(m.series(ca, side), m.series(cb, side), m.series(ct, side), m.meaningful);
  const out: Partial<Record<DriftMetric, Drift | SidedDrift>> = {};
  for (const m of METRICS) out[m.key] = m.sided ? { left: one(m, "left"), right: one(m, "right") } : one(m, null);
  return out as DriftTable;
}

/** The means of a window's steps. */
export function summarise(steps: readonly StepResult[], w: TimeWindow): WindowSummary {
  return summariseColumns(stepColumns(steps), w);
}

function summariseColumns(c: StepColumns, w: TimeWindow): WindowSummary {
  const m = (key: DriftMetric, side: Side | null): number | null => {
    const def = METRICS.find((d) => d.key === key)!;
    return meanOrNull(def.series(c, side).v);
  };
  return {
    start_s: round(w.start_s, 2),
    end_s: round(w.end_s, 2),
    steps: c.t.length,
    cadence_spm: r(m("cadence_spm", null), 2),
    pelvic_drop_deg: { left: r(m("pelvic_drop_deg", "left"), 2), right: r(m("pelvic_drop_deg", "right"), 2) },
    contact_time_ms: { left: r(m("contact_time_ms", "left"), 1), right: r(m("contact_time_ms", "right"), 1) },
    step_time_cv_pct: r(m("step_time_cv_pct", null), 2),
    vertical_oscillation_mm: r(m("vertical_oscillation_mm", null), 1),
    pelvic_tilt_range_deg: r(m("pelvic_tilt_range_deg", null), 2),
    pelvic_rotation_range_deg: r(m("pelvic_rotation_range_deg", null), 2),
    anterior_tilt_deg: r(m("anterior_tilt_deg", null), 2),
    pelvic_drop_asymmetry_deg: r(m("pelvic_drop_asymmetry_deg", null), 2),
    contact_time_asymmetry_pct: r(m("contact_time_asymmetry_pct", null), 2),
    peak_propulsion_g: r(m("peak_propulsion_g", null), 3),
  };
}

export function criteria(): Record<DriftMetric, Meaningful> {
  return Object.fromEntries(METRICS.map((m) => [m.key, m.meaningful])) as Record<DriftMetric, Meaningful>;
}

/** The mean and SD curves of both sides over a window, as reported. */
export function windowCurves(cycles: CycleCurveBins | null, w: TimeWindow): WindowCurves {
  if (!cycles) return { left: null, right: null };
  return { left: roundCurves(cycles.combine(w.start_s, w.end_s, "left")), right: roundCurves(cycles.combine(w.start_s, w.end_s, "right")) };
}

function roundCurves(c: CycleCurves | null): CurveSet | null {
  if (!c) return null;
  const digits = (k: (typeof CYCLE_SIGNALS)[number]): number => (k === "vertical_acc_g" ? 3 : 2);
  const map = (rec: CycleCurves["mean"]): CurveSet["mean"] =>
    Object.fromEntries(CYCLE_SIGNALS.map((k) => [k, rec[k].map((x) => (Number.isFinite(x) ? round(x, digits(k)) : null))])) as CurveSet["mean"];
  return { strides: c.strides, mean: map(c.mean), sd: map(c.sd) };
}

function drift(a: Series, b: Series, trend: Series, meaningful: Meaningful): Drift {
  const d = meanDiffCi(a.v, b.v);
  const tr = trend.v.length >= 2 ? linearTrend(trend.t, trend.v) : null;
  let cp: Drift["change_point"] = null;
  if (trend.v.length >= 2) {
    const minutes = binMeans(trend.t, trend.v, 60);
    const keep = [...minutes.mean.keys()].filter((i) => Number.isFinite(minutes.mean[i]!));
    const c = singleChangePoint(keep.map((i) => minutes.mean[i]!), { t_s: keep.map((i) => minutes.t_s[i]!) });
    if (c?.significant && c.t_s !== null) cp = { t_s: round(c.t_s, 1), before: round(c.before, 3), after: round(c.after, 3) };
  }
  let size: number | null = null;
  if (meaningful.kind === "absolute") size = meaningful.value;
  else if (meaningful.kind === "relative") size = d.meanFresh === null ? null : Math.abs(d.meanFresh) * meaningful.value;
  else {
    const s = a.v.length > 1 ? sd(a.v) : Number.NaN;
    size = Number.isFinite(s) ? Math.max(meaningful.value * s, meaningful.floor ?? 0) : meaningful.floor;
  }
  const flagged = d.delta !== null && d.ci95 !== null && size !== null && (d.ci95[0] > 0 || d.ci95[1] < 0) && Math.abs(d.delta) >= size;
  return {
    delta: r(d.delta, 3),
    ci95: d.ci95 ? [round(d.ci95[0], 3), round(d.ci95[1], 3)] : null,
    effect_size: r(d.effectSize, 2),
    slope_per_10min: tr ? round(tr.slope_per_10min, 3) : null,
    slope_ci95: tr?.ci95 ? [round(tr.ci95[0], 3), round(tr.ci95[1], 3)] : null,
    change_point: cp,
    meaningful: r(size, 3),
    flagged,
  };
}

/** The columns of a step set (see StepColumns). */
function stepColumns(steps: readonly StepResult[]): StepColumns {
  const c = fieldColumns(steps.length);
  fillColumns(steps, c);
  return withPairs(c);
}

/** The columns of an analysis' StepTable: the same values as stepColumns of its steps as objects. */
function tableColumns(table: StepTable): StepColumns {
  const n = table.length;
  const c = fieldColumns(n);
  table.column("t", c.t);
  table.leftColumn(c.left);
  // null is NaN in the table's columns, as here; the metric columns also turn ±∞ into NaN (finiteOrNaN)
  table.column("step_time_ms", c.step_time_ms);
  for (const k of METRIC_COLUMNS) {
    const col = c[k];
    table.column(k, col);
    finiteOnly(col);
  }
  return withPairs(c);
}

/** The columns of the steps whose time passes `keep`, in order (steps not in time order; an analysis' always are). */
function pickColumns(c: StepColumns, keep: (t: number) => boolean): StepColumns {
  const index: number[] = [];
  for (let i = 0; i < c.t.length; i++) if (keep(c.t[i]!)) index.push(i);
  const out = fieldColumns(index.length);
  index.forEach((i, j) => {
    out.t[j] = c.t[i]!;
    out.left[j] = c.left[i]!;
    out.step_time_ms[j] = c.step_time_ms[i]!;
    for (const k of METRIC_COLUMNS) out[k][j] = c[k][i]!;
  });
  return withPairs(out);
}

/** The metric columns of StepColumns (those of fillColumns after t, left and step time). */
const METRIC_COLUMNS = [
  "cadence_spm",
  "pelvic_drop_deg",
  "contact_time_ms",
  "vertical_oscillation_mm",
  "pelvic_tilt_range_deg",
  "pelvic_rotation_range_deg",
  "anterior_tilt_deg",
  "peak_propulsion_g",
] as const;

/** Empty columns for n steps. */
function fieldColumns(n: number): FieldColumns {
  return {
    t: new Float64Array(n),
    left: new Uint8Array(n),
    step_time_ms: new Float64Array(n),
    cadence_spm: new Float64Array(n),
    pelvic_drop_deg: new Float64Array(n),
    contact_time_ms: new Float64Array(n),
    vertical_oscillation_mm: new Float64Array(n),
    pelvic_tilt_range_deg: new Float64Array(n),
    pelvic_rotation_range_deg: new Float64Array(n),
    anterior_tilt_deg: new Float64Array(n),
    peak_propulsion_g: new Float64Array(n),
  };
}

/** Non-finite entries (±∞) to NaN, in place (NaN stays NaN). */
function finiteOnly(x: Float64Array): void {
  for (let i = 0; i < x.length; i++) x[i] = Number.isFinite(x[i]) ? x[i]! : NAN;
}

/** The per-step columns of StepColumns, without the pairs and series buffers that depend on the step set's extent. */
type FieldColumns = Omit<StepColumns, "pairs" | "seriesT" | "seriesV">;

/** The columns of steps from … to − 1 of a step set: views of its columns, with the pairs of those steps alone. */
function sliceColumns(c: StepColumns, from: number, to: number): StepColumns {
  return withPairs({
    t: c.t.subarray(from, to),
    left: c.left.subarray(from, to),
    step_time_ms: c.step_time_ms.subarray(from, to),
    cadence_spm: c.cadence_spm.subarray(from, to),
    pelvic_drop_deg: c.pelvic_drop_deg.subarray(from, to),
    contact_time_ms: c.contact_time_ms.subarray(from, to),
    vertical_oscillation_mm: c.vertical_oscillation_mm.subarray(from, to),
    pelvic_tilt_range_deg: c.pelvic_tilt_range_deg.subarray(from, to),
    pelvic_rotation_range_deg: c.pelvic_rotation_range_deg.subarray(from, to),
    anterior_tilt_deg: c.anterior_tilt_deg.subarray(from, to),
    peak_propulsion_g: c.peak_propulsion_g.subarray(from, to),
  });
}

/** Adds a step set's left/right pairs and series buffers to its columns. */
function withPairs(f: FieldColumns): StepColumns {
  const n = f.t.length;
  // Every pair takes two steps, so there are at most ⌊n / 2⌋.
  const pairs = { leftStep: new Int32Array(n >> 1), rightStep: new Int32Array(n >> 1), n: 0 };
  pairs.n = fillPairIndices(f.t, f.left, pairs.leftStep, pairs.rightStep);
  return { ...f, pairs, seriesT: new Float64Array(n), seriesV: new Float64Array(n) };
}

/** Whether the times are in non-decreasing order. */
function isNonDecreasing(t: Float64Array): boolean {
  for (let i = 1; i < t.length; i++) if (!(t[i]! >= t[i - 1]!)) return false;
  return true;
}

/** The first index whose time is ≥ x in non-decreasing times (t.length when there is none). */
function lowerBound(t: Float64Array, x: number): number {
  let lo = 0, hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * stepColumns' loop, a function of its own so that the loop V8 compiles while it runs does not run into code without
 * type feedback (see the performance note in stats/descriptive.ts).
 */
function fillColumns(steps: readonly StepResult[], c: FieldColumns): void {
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    c.t[i] = s.t;
    c.left[i] = s.side === "left" ? 1 : 0;
    c.step_time_ms[i] = s.step_time_ms ?? NAN;
    c.cadence_spm[i] = finiteOrNaN(s.cadence_spm);
    c.pelvic_drop_deg[i] = finiteOrNaN(s.pelvic_drop_deg);
    c.contact_time_ms[i] = finiteOrNaN(s.contact_time_ms);
    c.vertical_oscillation_mm[i] = finiteOrNaN(s.vertical_oscillation_mm);
    c.pelvic_tilt_range_deg[i] = finiteOrNaN(s.pelvic_tilt_range_deg);
    c.pelvic_rotation_range_deg[i] = finiteOrNaN(s.pelvic_rotation_range_deg);
    c.anterior_tilt_deg[i] = finiteOrNaN(s.anterior_tilt_deg);
    c.peak_propulsion_g[i] = finiteOrNaN(s.peak_propulsion_g);
  }
}

/** A module constant: reading Number.NaN only when a first null value turns up late in a loop would deoptimise. */
const NAN = Number.NaN;

function finiteOrNaN(x: number | null): number {
  return x !== null && Number.isFinite(x) ? x : NAN;
}

/** The steps (of one side, or all) with a finite value in `column`: their times and values. */
function perStep(c: StepColumns, side: Side | null, column: Float64Array): Series {
  const t = c.seriesT, v = c.seriesV;
  const kept = fillPerStep(c.t, c.left, side === null ? -1 : side === "left" ? 1 : 0, column, t, v);
  return { t: t.subarray(0, kept), v: v.subarray(0, kept) };
}

/**
 * perStep's loop, a function of its own (as fillColumns): writes the times and values of the steps with a finite
 * value, of side `left` (1 left, 0 right, −1 both), to t and v; returns their count.
 */
function fillPerStep(
  time: Float64Array,
  leftSide: Uint8Array,
  left: number,
  column: Float64Array,
  t: Float64Array,
  v: Float64Array,
): number {
  let n = 0;
  for (let i = 0; i < column.length; i++) {
    const x = column[i]!;
    // Both comparisons run in every call whatever `left` is, and the step is written always and kept by advancing n:
    // no operation in the loop first runs late, or only for some arguments (stats/descriptive.ts).
    const keep = (leftSide[i] === left || left < 0) && Number.isFinite(x);
    t[n] = time[i]!;
    v[n] = x;
    n += keep ? 1 : 0;
  }
  return n;
}

/** Step-time CV (%) of each CV_BIN_S bin with enough steps; a within-bin CV is not inflated by slow pace drift. */
function binCv(c: StepColumns): Series {
  // A kept bin holds at least MIN_STEPS_PER_CV_BIN steps and bins do not overlap.
  const most = Math.floor(c.t.length / MIN_STEPS_PER_CV_BIN);
  const t = new Float64Array(most), v = new Float64Array(most);
  const n = fillBinCv(c.t, c.step_time_ms, t, v);
  return { t: t.subarray(0, n), v: v.subarray(0, n) };
}

/** binCv's loops, a function of its own (as fillPerStep): writes bin centres and CVs to t and v; returns their count. */
function fillBinCv(time: Float64Array, stepTime: Float64Array, t: Float64Array, v: Float64Array): number {
  let kept = 0;
  let i = 0;
  while (i < time.length) {
    const start = time[i]!;
    let j = i, s = 0, s2 = 0, n = 0;
    while (j < time.length && time[j]! < start + CV_BIN_S) {
      const x = stepTime[j]!;
      if (!Number.isNaN(x)) {
        s += x;
        s2 += x * x;
        n++;
      }
      j++;
    }
    if (n >= MIN_STEPS_PER_CV_BIN) {
      const mu = s / n;
      t[kept] = start + CV_BIN_S / 2;
      v[kept] = (100 * Math.sqrt(Math.max(0, (s2 - n * mu * mu) / (n - 1)))) / mu;
      kept++;
    }
    i = j;
  }
  return kept;
}

/**
 * Non-overlapping consecutive left/right step pairs: scanning in time order, a step and the next form a pair when
 * their sides differ and their contacts are at most MAX_PAIR_GAP_S apart; the scan then moves past both, else by one
 * step. Writes each pair's left and right step index; returns the number of pairs. A function of its own (as
 * fillColumns).
 */
function fillPairIndices(time: Float64Array, left: Uint8Array, leftStep: Int32Array, rightStep: Int32Array): number {
  let n = 0;
  for (let i = 0; i + 1 < time.length; ) {
    const paired = left[i] !== left[i + 1] && time[i + 1]! - time[i]! <= MAX_PAIR_GAP_S;
    if (paired) {
      const l = left[i] === 1 ? i : i + 1;
      leftStep[n] = l;
      rightStep[n] = 2 * i + 1 - l;
      n++;
    }
    // One addition for paired and unpaired steps: an unpaired step may first occur late (stats/descriptive.ts).
    i += paired ? 2 : 1;
  }
  return n;
}

/** Per pair, right − left of `column` (NaN when either is missing, and then left out), at the pair's mean time. */
function pairDifference(c: StepColumns, column: Float64Array): Series {
  const t = c.seriesT, v = c.seriesV;
  const n = fillPairDifference(c.t, c.pairs.leftStep, c.pairs.rightStep, c.pairs.n, column, t, v);
  return { t: t.subarray(0, n), v: v.subarray(0, n) };
}

/** Per pair, 200·(left − right)/(left + right) of `column`, % (finite values only), at the pair's mean time. */
function pairAsymmetryPct(c: StepColumns, column: Float64Array): Series {
  const t = c.seriesT, v = c.seriesV;
  const n = fillPairAsymmetryPct(c.t, c.pairs.leftStep, c.pairs.rightStep, c.pairs.n, column, t, v);
  return { t: t.subarray(0, n), v: v.subarray(0, n) };
}

// The loops of pairDifference and pairAsymmetryPct, each a function of its own (as fillPerStep, whose way of keeping
// finite values they share). (t_l + t_r)/2 is the pair's mean time whichever step came first: addition commutes.

function fillPairDifference(
  time: Float64Array,
  leftStep: Int32Array,
  rightStep: Int32Array,
  pairs: number,
  column: Float64Array,
  t: Float64Array,
  v: Float64Array,
): number {
  let n = 0;
  for (let k = 0; k < pairs; k++) {
    const l = leftStep[k]!, r = rightStep[k]!;
    const d = column[r]! - column[l]!;
    t[n] = (time[l]! + time[r]!) / 2;
    v[n] = d;
    n += Number.isFinite(d) ? 1 : 0;
  }
  return n;
}

function fillPairAsymmetryPct(
  time: Float64Array,
  leftStep: Int32Array,
  rightStep: Int32Array,
  pairs: number,
  column: Float64Array,
  t: Float64Array,
  v: Float64Array,
): number {
  let n = 0;
  for (let k = 0; k < pairs; k++) {
    const l = leftStep[k]!, r = rightStep[k]!;
    const d = (200 * (column[l]! - column[r]!)) / (column[l]! + column[r]!);
    t[n] = (time[l]! + time[r]!) / 2;
    v[n] = d;
    n += Number.isFinite(d) ? 1 : 0;
  }
  return n;
}

function meanOrNull(v: Float64Array): number | null {
  if (v.length === 0) return null;
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

function r(x: number | null, digits: number): number | null {
  return x === null || !Number.isFinite(x) ? null : round(x, digits);
}
