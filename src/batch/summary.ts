/**
 * One row per session for `hipgait batch` and `hipgait trend`: the headline numbers of an analysis document, the
 * drifts flagged between its fresh and fatigued windows and its leading hip-function deficit, plus what happened to
 * the session in the batch. Written as `summary.json` (schema `hipgait/batch@1`, zod-checked) and `summary.csv`.
 */
import * as z from "zod";
import { DRIFT_METRICS } from "../fatigue/drift.js";
import { deficitSchema } from "../output/schema.js";
import type { AnalysisDocument } from "../pipeline/document.js";

export const BATCH_SCHEMA = "hipgait/batch@1";

/** The per-session numbers shared by the batch summary and the trend. */
export interface SessionMetrics {
  /** Wall-clock time of the first sample (input.started_at), ISO 8601, or null when the input does not say. */
  started_at: string | null;
  duration_s: number | null;
  steps: number | null;
  cadence_spm: number | null;
  pelvic_drop_left_deg: number | null;
  pelvic_drop_right_deg: number | null;
  contact_time_left_ms: number | null;
  contact_time_right_ms: number | null;
  /** The fatigue drifts flagged in the session (clear and larger than meaningful), as `metric` or `metric.side`. */
  drifts: string[];
  /** The most severe hip-function deficit that is not "none", or null when there is none (or no analysis). */
  leading_deficit: { function: "abduction" | "extension" | "flexion"; severity: "mild" | "moderate" | "marked" } | null;
}

export type SessionStatus = "ok" | "skipped" | "failed";

/** A session of a batch: where it came from, where its results went, and its numbers (null when it failed). */
export interface SessionRow extends SessionMetrics {
  /** The input as analysed (a session file, an export file, folder or zip), as found from the command line. */
  file: string;
  /** Base name of its results in the output folder: `<name>.analysis.json` (and `<name>.html`). */
  name: string;
  /** ok: analysed now; skipped: its results were newer than the input and were reused; failed: see error. */
  status: SessionStatus;
  /** The one-line reason when status is failed, else null. */
  error: string | null;
}

export interface BatchDocument {
  schema: typeof BATCH_SCHEMA;
  generator: { name: "hipgait"; version: string };
  counts: { sessions: number; ok: number; skipped: number; failed: number };
  sessions: SessionRow[];
}

const nullableNumber = z.number().nullable();
const count = z.number().int().nonnegative();

export const sessionMetricsSchema = z.strictObject({
  started_at: z.string().nullable(),
  duration_s: z.number().nonnegative().nullable(),
  steps: count.nullable(),
  cadence_spm: nullableNumber,
  pelvic_drop_left_deg: nullableNumber,
  pelvic_drop_right_deg: nullableNumber,
  contact_time_left_ms: nullableNumber,
  contact_time_right_ms: nullableNumber,
  drifts: z.array(z.string()),
  leading_deficit: z.strictObject({ function: deficitSchema.shape.function, severity: z.enum(["mild", "moderate", "marked"]) }).nullable(),
});

export const sessionRowSchema = z
  .strictObject({
    file: z.string(),
    name: z.string().min(1),
    status: z.enum(["ok", "skipped", "failed"]),
    error: z.string().nullable(),
    ...sessionMetricsSchema.shape,
  })
  .refine((r) => (r.status === "failed") === (r.error !== null), { message: "error is set exactly when status is failed" });

export const batchDocumentSchema = z
  .strictObject({
    schema: z.literal(BATCH_SCHEMA),
    generator: z.strictObject({ name: z.literal("hipgait"), version: z.string() }),
    counts: z.strictObject({ sessions: count, ok: count, skipped: count, failed: count }),
    sessions: z.array(sessionRowSchema),
  })
  .refine((d) => d.counts.sessions === d.sessions.length && d.counts.ok + d.counts.skipped + d.counts.failed === d.sessions.length, { message: "counts do not add up to the sessions" });

/** The drifts flagged in a document's fatigue section, in DRIFT_METRICS order (`pelvic_drop_deg.left`, ...). */
export function flaggedDrifts(doc: AnalysisDocument): string[] {
  const f = doc.fatigue;
  if (!f) return [];
  const out: string[] = [];
  for (const m of DRIFT_METRICS) {
    const d = f.drift[m];
    if ("flagged" in d) {
      if (d.flagged) out.push(m);
    } else {
      if (d.left.flagged) out.push(`${m}.left`);
      if (d.right.flagged) out.push(`${m}.right`);
    }
  }
  return out;
}

/** The numbers of one analysis document, as a summary row carries them. */
export function sessionMetrics(doc: AnalysisDocument): SessionMetrics {
  const s = doc.summary;
  // deficits come most severe first (docs/recommender.md)
  const lead = doc.deficits.find((d) => d.severity !== "none");
  return {
    started_at: doc.input.started_at,
    duration_s: doc.input.duration_s,
    steps: s.steps,
    cadence_spm: s.cadence_spm,
    pelvic_drop_left_deg: s.pelvic_drop_deg.left,
    pelvic_drop_right_deg: s.pelvic_drop_deg.right,
    contact_time_left_ms: s.contact_time_ms.left,
    contact_time_right_ms: s.contact_time_ms.right,
    drifts: flaggedDrifts(doc),
    leading_deficit: lead && lead.severity !== "none" ? { function: lead.function, severity: lead.severity } : null,
  };
}

/** The metrics of a session that has none (it failed). */
export function emptyMetrics(): SessionMetrics {
  return {
    started_at: null,
    duration_s: null,
    steps: null,
    cadence_spm: null,
    pelvic_drop_left_deg: null,
    pelvic_drop_right_deg: null,
    contact_time_left_ms: null,
    contact_time_right_ms: null,
    drifts: [],
    leading_deficit: null,
  };
}

/** The summary document of a batch, rows in the order given. */
export function batchDocument(rows: readonly SessionRow[], version: string): BatchDocument {
  const n = (s: SessionStatus): number => rows.filter((r) => r.status === s).length;
  return { schema: BATCH_SCHEMA, generator: { name: "hipgait", version }, counts: { sessions: rows.length, ok: n("ok"), skipped: n("skipped"), failed: n("failed") }, sessions: [...rows] };
}

/** Columns of summary.csv, in order. */
export const SUMMARY_CSV_COLUMNS = [
  "file",
  "name",
  "started_at",
  "duration_s",
  "steps",
  "cadence_spm",
  "pelvic_drop_left_deg",
  "pelvic_drop_right_deg",
  "contact_time_left_ms",
  "contact_time_right_ms",
  "drifts",
  "leading_deficit",
  "leading_deficit_severity",
  "status",
  "error",
] as const;

/** A CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break; empty for null. */
function csvCell(v: string | number | null): string {
  if (v === null) return "";
  const t = String(v);
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/**
 * summary.csv: a header line, then one line per row. Empty cells are unavailable values; `drifts` lists the flagged
 * drifts separated by `;`; `leading_deficit` is the hip function or `none` (empty for a failed session).
 */
export function summaryCsv(rows: readonly SessionRow[]): string {
  const lines = [SUMMARY_CSV_COLUMNS.join(",")];
  for (const r of rows) {
    const failed = r.status === "failed";
    const cells: Record<(typeof SUMMARY_CSV_COLUMNS)[number], string | number | null> = {
      file: r.file,
      name: r.name,
      started_at: r.started_at,
      duration_s: r.duration_s,
      steps: r.steps,
      cadence_spm: r.cadence_spm,
      pelvic_drop_left_deg: r.pelvic_drop_left_deg,
      pelvic_drop_right_deg: r.pelvic_drop_right_deg,
      contact_time_left_ms: r.contact_time_left_ms,
      contact_time_right_ms: r.contact_time_right_ms,
      drifts: r.drifts.join(";"),
      leading_deficit: failed ? null : (r.leading_deficit?.function ?? "none"),
      leading_deficit_severity: r.leading_deficit?.severity ?? null,
      status: r.status,
      error: r.error,
    };
    lines.push(SUMMARY_CSV_COLUMNS.map((c) => csvCell(cells[c])).join(","));
  }
  return `${lines.join("\n")}\n`;
}

/** Short names of the flagged drifts for the terminal tables. */
const DRIFT_LABELS: Readonly<Record<string, string>> = {
  cadence_spm: "cadence",
  "pelvic_drop_deg.left": "drop L",
  "pelvic_drop_deg.right": "drop R",
  "contact_time_ms.left": "contact L",
  "contact_time_ms.right": "contact R",
  step_time_cv_pct: "step CV",
  vertical_oscillation_mm: "vert osc",
  pelvic_tilt_range_deg: "tilt range",
  pelvic_rotation_range_deg: "rotation",
  anterior_tilt_deg: "ant tilt",
  pelvic_drop_asymmetry_deg: "drop asym",
  contact_time_asymmetry_pct: "contact asym",
  peak_propulsion_g: "propulsion",
};

export function driftLabel(name: string): string {
  return DRIFT_LABELS[name] ?? name;
}

/** The date and time of a started_at as written (the recording's own clock offset kept): `2026-03-14 07:30`. */
export function shortDate(startedAt: string | null): string {
  if (startedAt === null) return "no date";
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(startedAt);
  return m ? `${m[1]} ${m[2]}` : startedAt.slice(0, 16);
}

/** A number with fixed decimals, or "n/a". */
export function fixed(v: number | null, d: number): string {
  if (v === null || !Number.isFinite(v)) return "n/a";
  const t = v.toFixed(d);
  return Number(t) === 0 ? (0).toFixed(d) : t; // never "-0.0"
}

/** "file: reason", without the file twice when the reason already starts with it. */
export function fileReason(file: string, reason: string): string {
  return reason.startsWith(file) ? reason : `${file}: ${reason}`;
}

/** Minutes and seconds of a duration: `12:05`. */
export function minutesSeconds(s: number | null): string {
  if (s === null) return "n/a";
  const t = Math.round(s);
  return `${Math.floor(t / 60)}:${String(t % 60).padStart(2, "0")}`;
}

/** The columns of a session table (batch summary, trend), left-aligned text or right-aligned numbers. */
export function metricCells(m: SessionMetrics): string[] {
  const lead = m.leading_deficit ? `${m.leading_deficit.function} ${m.leading_deficit.severity}` : "none";
  return [
    shortDate(m.started_at),
    minutesSeconds(m.duration_s),
    fixed(m.cadence_spm, 1),
    fixed(m.pelvic_drop_left_deg, 1),
    fixed(m.pelvic_drop_right_deg, 1),
    fixed(m.contact_time_left_ms, 0),
    fixed(m.contact_time_right_ms, 0),
    m.drifts.length === 0 ? "-" : m.drifts.map(driftLabel).join(", "),
    lead,
  ];
}

export const METRIC_HEADS = ["date", "min:s", "cadence", "drop L", "drop R", "CT L", "CT R", "drifts", "leading deficit"] as const;
/** Which METRIC_HEADS columns are numbers (right-aligned). */
const NUMERIC = [false, true, true, true, true, true, true, false, false];

/** Lays out a table: each column as wide as its widest cell, numbers right-aligned, two spaces between columns. */
export function layoutTable(heads: readonly string[], rows: readonly string[][], numeric: readonly boolean[]): string[] {
  const widths = heads.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(heads), ...rows.map(line)];
}

/** The numeric flags of a table that starts with `lead` text columns and continues with METRIC_HEADS. */
export function metricNumeric(leadTextColumns: number, trailing: readonly boolean[] = []): boolean[] {
  return [...Array.from({ length: leadTextColumns }, () => false), ...NUMERIC, ...trailing];
}

/** Shortens text in the middle to at most `max` characters. */
function elide(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.ceil((max - 1) / 2))}…${text.slice(text.length - Math.floor((max - 1) / 2))}`;
}

/**
 * The batch summary for the terminal: one line per session (input, date, duration, cadence, pelvic drop and contact
 * time per side, flagged drifts, leading deficit, status), the counts, and every failure with its message.
 */
export function formatBatchSummary(rows: readonly SessionRow[]): string {
  const table = layoutTable(
    ["session", ...METRIC_HEADS, "status"],
    rows.map((r) => [elide(r.file, 40), ...(r.status === "failed" ? METRIC_HEADS.map(() => "") : metricCells(r)), r.status]),
    metricNumeric(1, [false]),
  );
  const n = (s: SessionStatus): number => rows.filter((r) => r.status === s).length;
  const lines = [
    ...table,
    "",
    `${rows.length} session${rows.length === 1 ? "" : "s"}: ${n("ok")} analysed, ${n("skipped")} skipped (results newer than the input), ${n("failed")} failed`,
    ...rows.filter((r) => r.status === "failed").map((r) => `failed: ${fileReason(r.file, r.error ?? "")}`),
  ];
  return `${lines.join("\n")}\n`;
}
