/**
 * Fresh and fatigued windows: parsing the user's specs (`--fresh 5m-15m --fatigued -10m`) and choosing them
 * automatically from the running part of a session. Rules and their reasons are in docs/fatigue.md.
 */
import { UsageError } from "../core/errors.js";
import { CYCLE_BIN_S } from "./cycle-bins.js";

/** A time measured from the start of the recording ("start") or back from the end of the running ("end"), s. */
export interface WindowTime {
  from: "start" | "end";
  s: number;
}

/** A window as the user wrote it. */
export interface WindowSpec {
  start: WindowTime;
  end: WindowTime;
  text: string;
}

/** A window on the session's own clock, s. */
export interface TimeWindow {
  start_s: number;
  end_s: number;
}

/** What the automatic choice and the resolution of specs need to know about a session's running. */
export interface RunningSpan {
  /** First sample time (origin of "5m"), s. */
  origin_s: number;
  /** First and last initial contact of running, s. */
  firstStep_s: number;
  lastStep_s: number;
}

/** Automatic windows (docs/fatigue.md): warm-up excluded, equal lengths, both inside the running. */
export const AUTO_WINDOWS = Object.freeze({
  /** Warm-up left out before the fresh window: this share of the running span, at most maxWarmup_s. */
  warmupShare: 0.15,
  maxWarmup_s: 300,
  /** Window length: this share of the running span, at most maxLength_s. */
  lengthShare: 0.25,
  maxLength_s: 600,
  /** Shorter running spans get no automatic comparison, s (each window would hold under ~90 s of running). */
  minSpan_s: 360,
});

/** A window that ends at the end of the running ends this long after the last initial contact, s (so it holds it). */
const LAST_STEP_MARGIN_S = 0.05;

const DURATION = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s?)?$/;

/** Parses a duration such as `90s`, `90`, `15m`, `1h5m`, `1h5m30s`; returns seconds, or null if malformed. */
export function parseDuration(text: string): number | null {
  if (text === "") return null;
  const m = DURATION.exec(text);
  if (!m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) return null;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

function parseTime(text: string, flag: string, whole: string): WindowTime {
  const fromEnd = text.startsWith("-");
  const s = parseDuration(fromEnd ? text.slice(1) : text);
  if (s === null) throw new UsageError(`${flag} ${whole}: "${text}" is not a time (expected e.g. 5m, 90s, 1h10m, or -10m for 10 minutes before the end of the running)`);
  return { from: fromEnd ? "end" : "start", s };
}

/**
 * Parses a window: `A-B` (from A to B after the start of the recording; either may be `-T`, T before the end of the
 * running) or `-T` alone (the last T of the running). Throws UsageError with the flag's name when malformed.
 */
export function parseWindow(text: string, flag: string): WindowSpec {
  const t = text.trim();
  if (t.startsWith("-") && !t.slice(1).includes("-")) {
    return { start: parseTime(t, flag, text), end: { from: "end", s: 0 }, text: t };
  }
  // split at the dash that separates the two times: the first '-' that is not a leading sign
  const cut = t.indexOf("-", t.startsWith("-") ? 1 : 0);
  if (cut <= 0) throw new UsageError(`${flag} ${text}: expected START-END (e.g. 5m-15m) or -DURATION (e.g. -10m)`);
  return { start: parseTime(t.slice(0, cut), flag, text), end: parseTime(t.slice(cut + 1), flag, text), text: t };
}

/** Places a spec on the session clock, snapped outwards to the curve-bin grid (start down, end up). */
export function resolveWindow(spec: WindowSpec, span: RunningSpan): TimeWindow {
  const at = (w: WindowTime): number => (w.from === "start" ? span.origin_s + w.s : span.lastStep_s - w.s);
  const w = snap(at(spec.start), at(spec.end), span.origin_s);
  // "up to the end of the running" ends just after the last step rather than on the next grid line
  if (spec.end.from === "end" && spec.end.s === 0) w.end_s = span.lastStep_s + LAST_STEP_MARGIN_S;
  return w;
}

function snap(start_s: number, end_s: number, origin_s: number): TimeWindow {
  const start = origin_s + Math.floor((start_s - origin_s) / CYCLE_BIN_S + 1e-9) * CYCLE_BIN_S;
  const end = origin_s + Math.ceil((end_s - origin_s) / CYCLE_BIN_S - 1e-9) * CYCLE_BIN_S;
  return { start_s: start, end_s: end };
}

/** The automatic fresh and fatigued windows, or null when the running is too short to split. */
export function autoWindows(span: RunningSpan): { fresh: TimeWindow; fatigued: TimeWindow } | null {
  const R = span.lastStep_s - span.firstStep_s;
  if (!(R >= AUTO_WINDOWS.minSpan_s)) return null;
  const warm = Math.min(AUTO_WINDOWS.maxWarmup_s, AUTO_WINDOWS.warmupShare * R);
  const L = Math.min(AUTO_WINDOWS.maxLength_s, AUTO_WINDOWS.lengthShare * R);
  // both windows a whole number of bins long; fresh starts on the first grid line after the warm-up
  const len = Math.max(1, Math.round(L / CYCLE_BIN_S)) * CYCLE_BIN_S;
  const onGrid = (t: number): number => span.origin_s + Math.ceil((t - span.origin_s) / CYCLE_BIN_S - 1e-9) * CYCLE_BIN_S;
  const freshStart = onGrid(span.firstStep_s + warm);
  const fresh = { start_s: freshStart, end_s: freshStart + len };
  // the fatigued window ends just after the last step (its bin still counts for the curves: bins that start before
  // the end are included) and starts `len` before the grid line after it (so it is up to one bin shorter than len)
  const fatigued = { start_s: onGrid(span.lastStep_s) - len, end_s: span.lastStep_s + LAST_STEP_MARGIN_S };
  if (fatigued.start_s < fresh.end_s) return null;
  return { fresh, fatigued };
}

/** The running after the automatic warm-up, to the last step: a whole session's share in a two-session comparison. */
export function runningWindow(span: RunningSpan): TimeWindow {
  const R = Math.max(0, span.lastStep_s - span.firstStep_s);
  const warm = Math.min(AUTO_WINDOWS.maxWarmup_s, AUTO_WINDOWS.warmupShare * R);
  const start = span.origin_s + Math.ceil((span.firstStep_s + warm - span.origin_s) / CYCLE_BIN_S - 1e-9) * CYCLE_BIN_S;
  return { start_s: Math.min(start, span.lastStep_s), end_s: span.lastStep_s + LAST_STEP_MARGIN_S };
}
