/** Text summary of an analysis document for a runner or coach: input, calibration, a metrics table, steps and notes. */
import type { CompareDocument, Drift, FatigueReport, WindowSummary } from "../fatigue/index.js";
import type { AnalysisDocument } from "../pipeline/document.js";
import type { CalibrationReport, SideValues } from "../pipeline/types.js";

/** Longest line formatSummary writes, in characters (a long file name is shortened in the middle to fit). */
export const SUMMARY_WIDTH = 100;

/** Options of formatSummary. */
export interface SummaryOptions {
  /** Use ANSI colours (bold headings, dim n/a, yellow notes). Default false; the CLI turns it on for a terminal. */
  color?: boolean;
}

/** Width of the labels at the left of the text lines ("input", "calibration", ...). */
const LABEL_WIDTH = 13;
/** Width of the metric-name column and of each value column of the table. */
const NAME_WIDTH = 30;
const CELL_WIDTH = 9;
/** How many non-running periods are listed before "... and N more". */
const PERIODS_LISTED = 6;
const NA = "n/a";

type Style = (s: string) => string;
export interface Styles {
  bold: Style;
  dim: Style;
  warn: Style;
}
const plain: Style = (s) => s;
const sgr =
  (on: string): Style =>
  (s) =>
    s === "" ? s : `\x1b[${on}m${s}\x1b[0m`;

/** Bold headings, dim n/a and yellow warnings on a colour terminal; plain text otherwise. */
function styles(opts: SummaryOptions): Styles {
  return opts.color === true ? { bold: sgr("1"), dim: sgr("2"), warn: sgr("33") } : { bold: plain, dim: plain, warn: plain };
}

/** A number with fixed decimals, or n/a when missing (or not finite: never print NaN). `signed` adds "+" to positives. */
function num(v: number | null, decimals: number, signed = false): string {
  if (v === null || !Number.isFinite(v)) return NA;
  let text = v.toFixed(decimals);
  if (Number(text) === 0) text = (0).toFixed(decimals); // no "-0.0"
  else if (signed && v > 0) text = `+${text}`;
  return text;
}

/** Seconds as m:ss.s, or h:mm:ss.s from one hour. */
function clock(s: number): string {
  if (!Number.isFinite(s)) return NA;
  const tenths = Math.round(Math.abs(s) * 10);
  const h = Math.floor(tenths / 36000);
  const m = Math.floor((tenths % 36000) / 600);
  const sec = ((tenths % 600) / 10).toFixed(1).padStart(4, "0");
  const sign = s < 0 ? "-" : "";
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, "0")}:${sec}` : `${sign}${m}:${sec}`;
}

/** A number without trailing zeros after rounding to `decimals` (200 → "200", 104.166 → "104.17"). */
function short(v: number, decimals = 2): string {
  return Number.isFinite(v) ? String(Number(v.toFixed(decimals))) : NA;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Shortens text longer than `max` by replacing its middle with "…" (keeps the end: the file name). */
function elide(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = Math.ceil((max - 1) * 0.6);
  return `${text.slice(0, max - 1 - tail)}…${text.slice(text.length - tail)}`;
}

/**
 * Lays out `label` followed by `parts` joined with `sep`, wrapping between parts (and inside a part only when it is
 * too long by itself) so that no line exceeds SUMMARY_WIDTH; continuation lines are indented under the text, plus
 * `hang` more characters (under the text of a "- " bullet).
 */
function field(label: string, parts: readonly string[], s: Styles, sep = ", ", style: Style = plain, hang = 0): string[] {
  const room = SUMMARY_WIDTH - LABEL_WIDTH - hang;
  const rows: string[] = [];
  let cur = "";
  const pieces = parts.flatMap((p, i) => (i < parts.length - 1 ? [p + sep.trimEnd()] : [p]));
  for (const piece of pieces) {
    for (const word of piece.length > room ? wrapWords(piece, room) : [piece]) {
      const candidate = cur === "" ? word : `${cur} ${word}`;
      if (candidate.length <= room) cur = candidate;
      else {
        rows.push(cur);
        cur = word;
      }
    }
  }
  if (cur !== "" || rows.length === 0) rows.push(cur);
  const first = s.bold(label) + "".padEnd(LABEL_WIDTH - label.length);
  return rows.map((r, i) => (i === 0 ? first : "".padEnd(LABEL_WIDTH + hang)) + style(r));
}

/** Splits text into words and hard-cuts any word longer than `room`. */
function wrapWords(text: string, room: number): string[] {
  const out: string[] = [];
  for (const w of text.split(/\s+/).filter((x) => x !== "")) {
    for (let i = 0; i < w.length; i += room) out.push(w.slice(i, i + room));
  }
  return out;
}

const METHOD: Readonly<Record<CalibrationReport["method"], string>> = {
  standing: "from quiet standing",
  "running-mean": "from the running mean (no quiet standing found)",
  "body-frame": "none needed (input already in the body frame)",
  override: "set by --mount",
};

const NEUTRAL: Readonly<Record<CalibrationReport["neutral"], string>> = {
  standing: "neutral = standing posture",
  "running-estimate": "neutral estimated from running (no standing period)",
  unavailable: "neutral unavailable",
};

function inputLines(doc: AnalysisDocument, s: Styles): string[] {
  const i = doc.input;
  const lost = i.gaps.reduce((sum, [a, b]) => sum + (b - a), 0);
  const file = elide(i.file, SUMMARY_WIDTH - LABEL_WIDTH);
  return [
    ...field("file", [file], s),
    ...field("input", [
      `${clock(i.duration_s)} (${short(i.duration_s, 1)} s)`,
      `${plural(i.samples, "sample")} at ${short(i.sample_rate_hz)} Hz`,
      `${i.frame} frame`,
      i.has_gyro ? "with gyroscope" : "no gyroscope",
      i.gaps.length === 0 ? "no gaps" : `${plural(i.gaps.length, "gap")} (${short(lost)} s lost)`,
    ], s),
  ];
}

function calibrationLines(doc: AnalysisDocument, s: Styles): string[] {
  const c = doc.calibration;
  const m = c.mounting;
  const src = c.detail.vertical_source_s;
  const method = c.method === "standing" && src !== null ? `${METHOD.standing} at ${short(src[0], 1)}–${short(src[1], 1)} s` : METHOD[c.method];
  const parts = [
    method,
    `mounted up=${m.up} forward=${m.forward} right=${m.right} (${num(m.off_axis_deg, 1)} deg off axis)`,
    `confidence ${num(c.confidence, 2)}`,
    NEUTRAL[c.neutral],
  ];
  if (c.rechecks.length > 0) {
    const recal = c.rechecks.filter((r) => r.action === "recalibrated");
    parts.push(
      `${plural(c.rechecks.length, "re-check")} during the run` +
        (recal.length === 0 ? " (mount kept)" : `, recalibrated at ${recal.map((r) => clock(r.t)).join(", ")}`),
    );
  }
  return field("calibration", parts, s);
}

/** One table row: a metric with its unit and the cells it has. Absent cells are blank; null ones print n/a. */
interface Row {
  name: string;
  unit: string;
  decimals: number;
  /** Print a sign on positive values of the overall column (signed quantities such as anterior tilt). */
  signed?: boolean;
  sides?: SideValues;
  overall?: number | null;
  /** Needs a gyroscope (an angle). */
  angle?: boolean;
}

function metricRows(doc: AnalysisDocument): Row[] {
  const m = doc.summary;
  return [
    { name: "cadence", unit: "spm", decimals: 1, overall: m.cadence_spm },
    { name: "contact time", unit: "ms", decimals: 0, sides: m.contact_time_ms },
    { name: "flight time", unit: "ms", decimals: 0, sides: m.flight_time_ms },
    { name: "step time", unit: "ms", decimals: 0, sides: m.step_time_ms },
    { name: "pelvic drop", unit: "deg", decimals: 1, sides: m.pelvic_drop_deg, angle: true },
    { name: "vertical oscillation", unit: "mm", decimals: 0, overall: m.vertical_oscillation_mm },
    { name: "pelvic rotation range", unit: "deg", decimals: 1, overall: m.pelvic_rotation_range_deg, angle: true },
    { name: "pelvic tilt range", unit: "deg", decimals: 1, overall: m.pelvic_tilt_range_deg, angle: true },
    { name: "anterior tilt", unit: "deg", decimals: 1, overall: m.anterior_tilt_deg, signed: true, angle: true },
    { name: "peak braking", unit: "g", decimals: 2, overall: m.peak_braking_g },
  ];
}

function isMissing(v: number | null | undefined): boolean {
  return v === null || (v !== undefined && !Number.isFinite(v));
}

function tableLines(rows: readonly Row[], s: Styles): string[] {
  const cell = (text: string | undefined): string => {
    if (text === undefined) return "".padStart(CELL_WIDTH);
    const padded = text.padStart(CELL_WIDTH);
    return text === NA ? s.dim(padded) : padded;
  };
  const head = "metric".padEnd(NAME_WIDTH) + ["left", "right", "overall", "L−R"].map((h) => h.padStart(CELL_WIDTH)).join("");
  const out = [s.bold(head)];
  for (const r of rows) {
    const left = r.sides ? num(r.sides.left, r.decimals) : undefined;
    const right = r.sides ? num(r.sides.right, r.decimals) : undefined;
    const overall = r.overall !== undefined ? num(r.overall, r.decimals, r.signed === true) : undefined;
    // L−R from the values as printed, so that the row adds up (the difference of unrounded values can differ by one
    // in the last digit: 3.96 and 3.84 print as 4.0 and 3.8, whose difference is 0.2, not 0.1).
    const diff = r.sides ? (left === NA || right === NA ? null : Number(left) - Number(right)) : undefined;
    const asym = diff !== undefined ? num(diff, r.decimals, true) : undefined;
    out.push(`${r.name} (${r.unit})`.padEnd(NAME_WIDTH) + [left, right, overall, asym].map(cell).join(""));
  }
  out.push(s.dim("n/a = unavailable (reason in the notes); blank = not reported for this column"));
  return out;
}

/**
 * Reasons for the n/a cells of the table that the document itself shows (no gyroscope, no running steps), plus a
 * plain list of any n/a the document does not explain. A reason already among the document's notes is not repeated.
 */
function missingNotes(doc: AnalysisDocument, rows: readonly Row[]): string[] {
  const missing = (r: Row): string[] => {
    const names: string[] = [];
    if (r.sides && isMissing(r.sides.left)) names.push(`${r.name} (left)`);
    if (r.sides && isMissing(r.sides.right)) names.push(`${r.name} (right)`);
    if (isMissing(r.overall)) names.push(r.name);
    return names;
  };
  const notes: string[] = [];
  let rest = rows;
  if (!doc.input.has_gyro) {
    const angles = rest.filter((r) => r.angle === true && missing(r).length > 0);
    if (angles.length > 0 && !doc.notes.some((n) => /gyro/i.test(n))) {
      notes.push(`${angles.map((r) => r.name).join(", ")}: n/a because the input has no gyroscope (angles need one)`);
    }
    rest = rest.filter((r) => r.angle !== true);
  }
  if (doc.summary.steps === 0) {
    if (rest.some((r) => missing(r).length > 0)) notes.push("no running steps were found, so the step metrics are n/a");
    rest = [];
  }
  const unexplained = rest.flatMap(missing);
  if (unexplained.length > 0) {
    const why = doc.notes.length > 0 ? "see the notes above for the reason" : "the analysis gave no reason";
    notes.push(`n/a values: ${unexplained.join(", ")} (${why})`);
  }
  return notes;
}

function notesLines(doc: AnalysisDocument, rows: readonly Row[], s: Styles): string[] {
  const notes = [...doc.notes];
  const angled = doc.input.has_gyro && (doc.summary.pelvic_drop_deg.left !== null || doc.summary.pelvic_drop_deg.right !== null);
  if (doc.calibration.neutral === "running-estimate" && angled && !doc.notes.some((n) => /standing/i.test(n))) {
    notes.push("no standing period: pelvic drop is relative to the mean running posture, not to standing");
  }
  notes.push(...missingNotes(doc, rows));
  notes.push(...(doc.fatigue?.notes ?? []).map((n) => `fatigue: ${n}`));
  notes.push(...doc.input.warnings.map((w) => `input: ${w}`));
  notes.push(...doc.input.unit_notes.map((u) => `units: ${u}`));
  if (notes.length === 0) return field("notes", ["none"], s);
  return notes.flatMap((n, i) => field(i === 0 ? "notes" : "", [`- ${n}`], s, ", ", s.warn, 2));
}

function runLines(doc: AnalysisDocument, s: Styles): string[] {
  const m = doc.summary;
  const out = field("steps", [`${m.steps} counted in ${clock(m.running_s)} of running (of ${clock(doc.input.duration_s)} recorded)`], s);
  const periods = m.non_running.slice(0, PERIODS_LISTED).map(([a, b, kind]) => `${clock(a)}–${clock(b)} ${kind} (${clock(b - a)})`);
  if (m.non_running.length > PERIODS_LISTED) periods.push(`... and ${m.non_running.length - PERIODS_LISTED} more`);
  out.push(...field("not running", periods.length > 0 ? periods : ["none recognised"], s, "; "));
  return out;
}

/** One row of a comparison table: a metric in two windows (or sessions) and its drift. */
interface DriftRow {
  name: string;
  unit: string;
  decimals: number;
  a: number | null;
  b: number | null;
  drift: Drift;
}

/** The rows of a fatigue (or comparison) table, in the order a coach reads them. */
export function driftRows(f: Pick<FatigueReport, "drift">, a: WindowSummary, b: WindowSummary): DriftRow[] {
  const d = f.drift;
  return [
    { name: "cadence", unit: "spm", decimals: 1, a: a.cadence_spm, b: b.cadence_spm, drift: d.cadence_spm },
    { name: "pelvic drop left", unit: "deg", decimals: 1, a: a.pelvic_drop_deg.left, b: b.pelvic_drop_deg.left, drift: d.pelvic_drop_deg.left },
    { name: "pelvic drop right", unit: "deg", decimals: 1, a: a.pelvic_drop_deg.right, b: b.pelvic_drop_deg.right, drift: d.pelvic_drop_deg.right },
    { name: "drop asymmetry R−L", unit: "deg", decimals: 1, a: a.pelvic_drop_asymmetry_deg, b: b.pelvic_drop_asymmetry_deg, drift: d.pelvic_drop_asymmetry_deg },
    { name: "contact time left", unit: "ms", decimals: 0, a: a.contact_time_ms.left, b: b.contact_time_ms.left, drift: d.contact_time_ms.left },
    { name: "contact time right", unit: "ms", decimals: 0, a: a.contact_time_ms.right, b: b.contact_time_ms.right, drift: d.contact_time_ms.right },
    { name: "contact time asymmetry L−R", unit: "%", decimals: 1, a: a.contact_time_asymmetry_pct, b: b.contact_time_asymmetry_pct, drift: d.contact_time_asymmetry_pct },
    { name: "step-time variability", unit: "%", decimals: 2, a: a.step_time_cv_pct, b: b.step_time_cv_pct, drift: d.step_time_cv_pct },
    { name: "vertical oscillation", unit: "mm", decimals: 0, a: a.vertical_oscillation_mm, b: b.vertical_oscillation_mm, drift: d.vertical_oscillation_mm },
    { name: "pelvic tilt range", unit: "deg", decimals: 1, a: a.pelvic_tilt_range_deg, b: b.pelvic_tilt_range_deg, drift: d.pelvic_tilt_range_deg },
    { name: "pelvic rotation range", unit: "deg", decimals: 1, a: a.pelvic_rotation_range_deg, b: b.pelvic_rotation_range_deg, drift: d.pelvic_rotation_range_deg },
    { name: "anterior tilt", unit: "deg", decimals: 1, a: a.anterior_tilt_deg, b: b.anterior_tilt_deg, drift: d.anterior_tilt_deg },
    { name: "peak propulsion", unit: "g", decimals: 2, a: a.peak_propulsion_g, b: b.peak_propulsion_g, drift: d.peak_propulsion_g },
  ];
}

/**
 * A comparison table: the metric in A and B, the change B − A with its 95 % interval, "!" where the change is
 * flagged (clear and larger than meaningful), and the trend per 10 minutes when there is one.
 */
export function driftTableLines(rows: readonly DriftRow[], heads: [string, string], s: Styles, withTrend: boolean): string[] {
  const w = 9;
  const head = "metric".padEnd(NAME_WIDTH) + [heads[0], heads[1], "change"].map((h) => h.padStart(w)).join("") + "   95% interval".padEnd(19) + (withTrend ? "per 10 min".padStart(11) : "");
  const out = [s.bold(head)];
  for (const r of rows) {
    const cells = [num(r.a, r.decimals), num(r.b, r.decimals), num(r.drift.delta, r.decimals, true)].map((t) => (t === NA ? s.dim(t.padStart(w)) : t.padStart(w)));
    const ci = r.drift.ci95 ? `[${num(r.drift.ci95[0], r.decimals, true)}, ${num(r.drift.ci95[1], r.decimals, true)}]` : NA;
    const flag = r.drift.flagged ? s.warn(" !") : "  ";
    const trend = withTrend ? num(r.drift.slope_per_10min, r.decimals, true).padStart(11) : "";
    out.push(`${r.name} (${r.unit})`.padEnd(NAME_WIDTH) + cells.join("") + `   ${ci}`.padEnd(17) + flag + trend);
  }
  out.push(s.dim("! = a change beyond its meaningful size, with a 95% interval excluding zero (sizes: JSON criteria)"));
  return out;
}

function fatigueLines(doc: AnalysisDocument, s: Styles): string[] {
  const f = doc.fatigue;
  if (!f) return [];
  const win = (w: WindowSummary): string => `${clock(w.start_s)}–${clock(w.end_s)} (${w.steps} steps)`;
  const flagged = driftRows(f, f.fresh, f.fatigued).filter((r) => r.drift.flagged).map((r) => r.name);
  return [
    "",
    ...field("fatigue", [`fresh ${win(f.fresh)}`, `fatigued ${win(f.fatigued)}`, f.windows === "auto" ? "windows chosen automatically" : "windows as given"], s),
    ...field("", [flagged.length === 0 ? "no metric drifted by a meaningful amount" : `drifted: ${flagged.join("; ")}`], s),
    ...driftTableLines(driftRows(f, f.fresh, f.fatigued), ["fresh", "fatigued"], s, true),
  ];
}

const DAY_NAME = { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" } as const;

/** The deficits (each with its strongest evidence) and the plan, in plain words. */
function strengthLines(doc: AnalysisDocument, s: Styles): string[] {
  const r = doc.recommendations;
  const lines = [""];
  const found = doc.deficits.filter((d) => d.severity !== "none");
  if (found.length === 0) {
    lines.push(...field("hip strength", ["no deficit found in this run: keep the two weekly sessions below as maintenance"], s));
  } else {
    lines.push(...field("hip strength", [doc.deficits.map((d) => `${d.function} ${d.severity}`).join(", ")], s));
    for (const d of found) {
      const e = d.evidence[0];
      const more = d.evidence.slice(1).filter((x) => x.score >= 1).map((x) => x.measurement);
      const text = `${d.function} (${d.severity}${e?.side ? `, ${e.side} hip` : ""}): ${e?.measurement ?? ""}${more.length > 0 ? `; also ${more.join("; ")}` : ""}${d.worsens_with_fatigue ? " — worse when tired" : ""}`;
      lines.push(...field("", [`- ${text}`], s, ", ", plain, 2));
    }
  }
  const days = r.weekly_plan.days.map((d) => `${DAY_NAME[d.day]}: ${d.session} (${d.minutes} min)`);
  lines.push(...field("plan", [days.length > 0 ? days.join(", ") : "no suitable day in your week (see the notes)", "on easy or rest days, never the day before a long run or quality session"], s, "; "));
  const top = r.exercises.slice(0, 4).map((e) => `${e.name} ${e.dose_text}`);
  lines.push(...field("", [`${r.maintenance ? "highest priority" : "most important for you"}: ${top.join(", ")}`], s));
  lines.push(...field("", [`before runs (${r.activation.minutes} min): ${r.activation.exercises.join(", ")}, ${r.activation.dose_text}`], s));
  if (r.cadence_advice) lines.push(...field("", [`cadence: ${r.cadence_advice}`], s));
  lines.push(...field("", [`re-test: ${r.retest.how}`], s));
  lines.push(...r.notes.flatMap((n) => field("", [`- ${n}`], s, ", ", s.warn, 2)));
  lines.push(...field("", [r.disclaimer], s, ", ", s.dim));
  return lines;
}

/**
 * Renders an analysis document as a text summary for the terminal: file and input, calibration, a table of the run's
 * metrics (left / right / overall / L−R, units in the metric names), steps and running time, periods not running,
 * and notes. Unavailable values print as "n/a" and the notes give the reason; nothing is estimated here. Lines are at
 * most SUMMARY_WIDTH characters (not counting colour codes). Ends with a newline.
 */
export function formatSummary(doc: AnalysisDocument, opts: SummaryOptions = {}): string {
  const s = styles(opts);
  const rows = metricRows(doc);
  const lines = [
    s.bold(`hipgait running-gait analysis (hipgait ${doc.generator.version})`),
    ...inputLines(doc, s),
    ...calibrationLines(doc, s),
    "",
    ...tableLines(rows, s),
    ...fatigueLines(doc, s),
    ...strengthLines(doc, s),
    "",
    ...runLines(doc, s),
    ...notesLines(doc, rows, s),
  ];
  return `${lines.map((l) => l.trimEnd()).join("\n")}\n`;
}

/**
 * Renders a comparison (hipgait compare): what A and B are, the metric table B − A with intervals and flags (and the
 * trend per 10 minutes when both come from one session), and the notes.
 */
export function formatComparison(doc: CompareDocument, oneSession: boolean, opts: SummaryOptions = {}): string {
  const s = styles(opts);
  const describe = (x: CompareDocument["a"]): string[] => [elide(x.file, SUMMARY_WIDTH - LABEL_WIDTH - 20), `window ${x.window}: ${clock(x.summary.start_s)}–${clock(x.summary.end_s)}`, `${x.summary.steps} steps`];
  const flagged = driftRows(doc, doc.a.summary, doc.b.summary).filter((r) => r.drift.flagged).map((r) => r.name);
  const lines = [
    s.bold(`hipgait comparison (hipgait ${doc.generator.version})`),
    ...field("A", describe(doc.a), s),
    ...field("B", describe(doc.b), s),
    ...field("changed", [flagged.length === 0 ? "no metric changed by a meaningful amount" : flagged.join("; ")], s),
    "",
    ...driftTableLines(driftRows(doc, doc.a.summary, doc.b.summary), ["A", "B"], s, oneSession),
    "",
    ...(doc.notes.length === 0 ? field("notes", ["none"], s) : doc.notes.flatMap((n, i) => field(i === 0 ? "notes" : "", [`- ${n}`], s, ", ", s.warn, 2))),
  ];
  return `${lines.map((l) => l.trimEnd()).join("\n")}\n`;
}
