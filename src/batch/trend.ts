/**
 * A runner's sessions over weeks (`hipgait trend`): one row per session in date order, and how the headline
 * measurements changed from the first sessions to the last ones, with an interval that allows for day-to-day
 * variation, so that a coach can see whether weeks of hip work changed pelvic drop, and how sure that is.
 *
 * The change: with m sessions in order (those with a start time, by start time; or, when none has one, all of them
 * in file-name order), the mean of the last k against the mean of the first k, k = min(3, ⌊m/2⌋). The interval is
 * Welch's t interval for a difference of means (unequal variances, Welch–Satterthwaite degrees of freedom rounded
 * down, which widens it slightly): each session's value is one observation, so the spread between sessions is the
 * noise. With one session a side there is no interval, and the notes say that a day-to-day difference can be that
 * large. A change is flagged, as in the fatigue table, when its interval excludes zero and it is at least the
 * meaningful size of src/fatigue/drift.ts (cadence 2.5 %, pelvic drop 1°, contact time 32 ms). With four or more
 * dated sessions there is also a least-squares slope per week with its t interval (n − 2 degrees of freedom).
 */
import * as z from "zod";
import { criteria } from "../fatigue/drift.js";
import { mean, sd, studentT975 } from "../stats/index.js";
import { fileReason, fixed, layoutTable, METRIC_HEADS, metricCells, metricNumeric, sessionMetricsSchema, shortDate, type SessionMetrics } from "./summary.js";

export const TREND_SCHEMA = "hipgait/trend@1";

/** One session of a trend: what was read (a results JSON or an input), its name and its numbers. */
export interface TrendSession extends SessionMetrics {
  file: string;
  name: string;
}

export const TREND_METRICS = [
  { key: "cadence_spm", label: "cadence", unit: "spm", decimals: 1 },
  { key: "pelvic_drop_left_deg", label: "pelvic drop, left stance", unit: "deg", decimals: 1 },
  { key: "pelvic_drop_right_deg", label: "pelvic drop, right stance", unit: "deg", decimals: 1 },
  { key: "contact_time_left_ms", label: "contact time, left", unit: "ms", decimals: 0 },
  { key: "contact_time_right_ms", label: "contact time, right", unit: "ms", decimals: 0 },
] as const;
export type TrendMetric = (typeof TREND_METRICS)[number]["key"];

/** How one measurement changed from the first sessions to the last ones. */
export interface MetricChange {
  /** Means over the sessions of each group that have a value, and how many had one. */
  first_mean: number | null;
  first_n: number;
  last_mean: number | null;
  last_n: number;
  /** last_mean − first_mean, in the metric's unit; null when a group has no value. */
  delta: number | null;
  /** Welch's 95 % interval of delta; null with fewer than two values in a group. */
  ci95: [number, number] | null;
  /** The smallest change worth a coach's attention, in the metric's unit (cadence: 2.5 % of first_mean). */
  meaningful: number | null;
  /** ci95 excludes zero and |delta| ≥ meaningful. */
  flagged: boolean;
  /** Least-squares change per week over the dated sessions, with its 95 % interval; null under 4 such sessions. */
  slope_per_week: number | null;
  slope_ci95: [number, number] | null;
  /** Sessions the slope was fitted to. */
  slope_n: number;
}

export interface TrendChange {
  /** `dated`: sessions with a start time, in time order; `file order`: no session has one, file names decide. */
  basis: "dated" | "file order";
  /** Sessions in each group (k). */
  group_size: number;
  /** Names of the sessions in the first and the last group. */
  first: string[];
  last: string[];
  /** Weeks from the first group's first session to the last group's last one; null without dates. */
  weeks: number | null;
  metrics: Record<TrendMetric, MetricChange>;
}

export interface TrendDocument {
  schema: typeof TREND_SCHEMA;
  generator: { name: "hipgait"; version: string };
  /** In order: by started_at (sessions without one last), then by name. */
  sessions: TrendSession[];
  /** Null with fewer than two sessions to compare (the notes say why). */
  change: TrendChange | null;
  /** Inputs left out: results that are not valid analysis JSON, sessions that failed to analyse. */
  skipped: Array<{ file: string; reason: string }>;
  notes: string[];
}

const interval = z.tuple([z.number(), z.number()]);
const metricChangeSchema = z.strictObject({
  first_mean: z.number().nullable(),
  first_n: z.number().int().nonnegative(),
  last_mean: z.number().nullable(),
  last_n: z.number().int().nonnegative(),
  delta: z.number().nullable(),
  ci95: interval.nullable(),
  meaningful: z.number().nonnegative().nullable(),
  flagged: z.boolean(),
  slope_per_week: z.number().nullable(),
  slope_ci95: interval.nullable(),
  slope_n: z.number().int().nonnegative(),
});

export const trendDocumentSchema = z.strictObject({
  schema: z.literal(TREND_SCHEMA),
  generator: z.strictObject({ name: z.literal("hipgait"), version: z.string() }),
  sessions: z.array(z.strictObject({ file: z.string(), name: z.string(), ...sessionMetricsSchema.shape })),
  change: z
    .strictObject({
      basis: z.enum(["dated", "file order"]),
      group_size: z.number().int().positive(),
      first: z.array(z.string()),
      last: z.array(z.string()),
      weeks: z.number().nonnegative().nullable(),
      metrics: z.strictObject(Object.fromEntries(TREND_METRICS.map((m) => [m.key, metricChangeSchema])) as Record<TrendMetric, typeof metricChangeSchema>),
    })
    .nullable(),
  skipped: z.array(z.strictObject({ file: z.string(), reason: z.string() })),
  notes: z.array(z.string()),
});

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Milliseconds of a started_at, or null when it is missing or not a date. */
function timeOf(s: TrendSession): number | null {
  if (s.started_at === null) return null;
  const t = Date.parse(s.started_at);
  return Number.isFinite(t) ? t : null;
}

/** Sessions by start time (sessions without one last), then by name. */
export function sortSessions<T extends TrendSession>(sessions: readonly T[]): T[] {
  return [...sessions].sort((a, b) => {
    const ta = timeOf(a), tb = timeOf(b);
    if (ta !== tb) {
      if (ta === null) return 1;
      if (tb === null) return -1;
      return ta - tb;
    }
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

function round(x: number, d = 3): number {
  const p = 10 ** d;
  return Math.round(x * p) / p + 0;
}

/**
 * Welch's difference of means b − a with its 95 % interval (null under two values a side). The degrees of freedom
 * are rounded down, so the t quantile is exact for 1 and 2 and never too small.
 */
export function welchChange(a: readonly number[], b: readonly number[]): { delta: number | null; ci95: [number, number] | null } {
  if (a.length === 0 || b.length === 0) return { delta: null, ci95: null };
  const delta = mean(b) - mean(a);
  if (a.length < 2 || b.length < 2) return { delta, ci95: null };
  const va = sd(a) ** 2 / a.length, vb = sd(b) ** 2 / b.length;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { delta, ci95: [delta, delta] };
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const t = studentT975(Math.max(1, Math.floor(df)));
  return { delta, ci95: [delta - t * se, delta + t * se] };
}

/** Ordinary least-squares slope of y on x with its t interval (n − 2 degrees of freedom); null under 4 points. */
export function olsSlope(x: readonly number[], y: readonly number[]): { slope: number; ci95: [number, number] } | null {
  const n = x.length;
  if (n < 4) return null;
  const mx = mean(x), my = mean(y);
  let sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i]! - mx) ** 2;
    sxy += (x[i]! - mx) * (y[i]! - my);
  }
  if (!(sxx > 0)) return null;
  const slope = sxy / sxx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (y[i]! - my - slope * (x[i]! - mx)) ** 2;
  const se = Math.sqrt(sse / (n - 2) / sxx);
  const t = studentT975(n - 2);
  return { slope, ci95: [slope - t * se, slope + t * se] };
}

/** The meaningful size of a change of `key` from `firstMean` (see the module comment), in the metric's unit. */
function meaningfulSize(key: TrendMetric, firstMean: number | null): number | null {
  const c = criteria();
  const m = key === "cadence_spm" ? c.cadence_spm : key.startsWith("pelvic_drop") ? c.pelvic_drop_deg : c.contact_time_ms;
  if (m.kind === "absolute") return m.value;
  if (m.kind === "relative") return firstMean === null ? null : Math.abs(firstMean) * m.value;
  return null;
}

/** The trend document of some sessions (any order); `skipped` and `notes` are passed through and added to. */
export function buildTrend(input: readonly TrendSession[], version: string, skipped: Array<{ file: string; reason: string }> = [], extraNotes: readonly string[] = []): TrendDocument {
  const sessions = sortSessions(input);
  const notes = [...extraNotes];
  const dated = sessions.filter((s) => timeOf(s) !== null);
  const undated = sessions.length - dated.length;
  let basis: TrendChange["basis"] | null = null;
  let series: TrendSession[] = [];
  if (dated.length >= 2) {
    basis = "dated";
    series = dated;
    if (undated > 0) notes.push(`${undated} session${undated === 1 ? " has" : "s have"} no start time (started_at): listed last and left out of the change`);
  } else if (dated.length === 0 && sessions.length >= 2) {
    basis = "file order";
    series = sessions;
    notes.push("no session has a start time (started_at): the change compares the first and last sessions in file-name order, and there is no slope per week");
  } else if (sessions.length < 2) {
    notes.push(`too few sessions to show a change: ${sessions.length} (at least 2 are needed, and 4 for an interval)`);
  } else {
    notes.push("only one session has a start time (started_at): the sessions cannot be put in order, so no change is shown");
  }
  let change: TrendChange | null = null;
  if (basis !== null) {
    const k = Math.min(3, Math.floor(series.length / 2));
    const first = series.slice(0, k), last = series.slice(series.length - k);
    const t0 = basis === "dated" ? timeOf(series[0]!)! : null;
    const weeks = t0 !== null ? round((timeOf(series[series.length - 1]!)! - t0) / WEEK_MS, 2) : null;
    const metrics = {} as Record<TrendMetric, MetricChange>;
    for (const { key } of TREND_METRICS) {
      const values = (group: readonly TrendSession[]): number[] => group.map((s) => s[key]).filter((v): v is number => v !== null);
      const a = values(first), b = values(last);
      const { delta, ci95 } = welchChange(a, b);
      const firstMean = a.length > 0 ? mean(a) : null;
      const meaningful = meaningfulSize(key, firstMean);
      let slope: ReturnType<typeof olsSlope> = null, slopeN = 0;
      if (t0 !== null) {
        const pts = series.filter((s) => s[key] !== null);
        slopeN = pts.length;
        slope = olsSlope(pts.map((s) => (timeOf(s)! - t0) / WEEK_MS), pts.map((s) => s[key]!));
        if (!slope) slopeN = 0;
      }
      metrics[key] = {
        first_mean: firstMean === null ? null : round(firstMean),
        first_n: a.length,
        last_mean: b.length > 0 ? round(mean(b)) : null,
        last_n: b.length,
        delta: delta === null ? null : round(delta),
        ci95: ci95 ? [round(ci95[0]), round(ci95[1])] : null,
        meaningful: meaningful === null ? null : round(meaningful),
        flagged: ci95 !== null && delta !== null && meaningful !== null && (ci95[0] > 0 || ci95[1] < 0) && Math.abs(delta) >= meaningful,
        slope_per_week: slope ? round(slope.slope) : null,
        slope_ci95: slope ? [round(slope.ci95[0]), round(slope.ci95[1])] : null,
        slope_n: slopeN,
      };
    }
    change = { basis, group_size: k, first: first.map((s) => s.name), last: last.map((s) => s.name), weeks, metrics };
    if (k === 1) notes.push("one session on each side: the change has no interval, and a difference between two days can be this large without any real change (4 or more sessions give an interval)");
    else notes.push(`the interval compares ${k} sessions with ${k} and allows for the variation between sessions; with so few it is wide, and it is only as good as the sessions are comparable`);
    if (basis === "dated" && series.length < 4) notes.push("a slope per week needs at least 4 sessions with a start time");
    notes.push("running speed is not measured: compare runs of the same kind, pace, shoes and surface, or a change may be the run's and not the runner's");
  }
  return { schema: TREND_SCHEMA, generator: { name: "hipgait", version }, sessions, change, skipped, notes };
}

function signed(v: number | null, d: number): string {
  const t = fixed(v, d);
  return t !== "n/a" && Number(t) > 0 ? `+${t}` : t;
}

/** The trend for the terminal: the sessions table, the change table and the notes. */
export function formatTrend(doc: TrendDocument): string {
  const lines = layoutTable(["session", ...METRIC_HEADS], doc.sessions.map((s) => [s.name, ...metricCells(s)]), metricNumeric(1));
  lines.push("");
  const c = doc.change;
  if (c) {
    const span = (names: readonly string[]): string => {
      const ss = names.map((n) => doc.sessions.find((s) => s.name === n)!);
      const a = shortDate(ss[0]?.started_at ?? null).slice(0, 10), b = shortDate(ss[ss.length - 1]?.started_at ?? null).slice(0, 10);
      return c.basis === "dated" ? (a === b ? a : `${a} to ${b}`) : names.join(", ");
    };
    const what = c.group_size === 1 ? "first session vs last" : `mean of the first ${c.group_size} sessions vs the last ${c.group_size}`;
    lines.push(`change, ${what}${c.weeks !== null ? `, ${c.weeks.toFixed(1)} weeks apart` : ""}:`);
    lines.push(`  first: ${span(c.first)}`, `  last:  ${span(c.last)}`);
    const rows = TREND_METRICS.map((m) => {
      const x = c.metrics[m.key];
      const d = m.decimals;
      const ci = (v: [number, number] | null, dd: number): string => (v ? `[${signed(v[0], dd)}, ${signed(v[1], dd)}]` : "n/a");
      return [`${m.label} (${m.unit})`, fixed(x.first_mean, d), fixed(x.last_mean, d), signed(x.delta, d), ci(x.ci95, d), x.flagged ? "!" : "", signed(x.slope_per_week, d + 1), ci(x.slope_ci95, d + 1)];
    });
    lines.push(...layoutTable(["metric", "first", "last", "change", "95% interval", "", "per week", "95% interval"], rows, [false, true, true, true, false, false, true, false]).map((l) => `  ${l}`));
    lines.push("  ! = the interval excludes zero and the change is at least its meaningful size (cadence 2.5 %, drop 1 deg, contact 32 ms)");
    lines.push("");
  }
  for (const n of doc.notes) lines.push(`note: ${n}`);
  for (const s of doc.skipped) lines.push(`skipped: ${fileReason(s.file, s.reason)}`);
  return `${lines.join("\n")}\n`;
}
