/**
 * The analysis as a FIT activity file (`hipgait analyze --fit FILE`), encoded with Garmin's FIT JavaScript SDK, so
 * that Garmin Connect, Runalyze, GoldenCheetah and the like show cadence, ground contact time and pelvic drop next
 * to a watch's data. Layout and the reasons for it: docs/exports.md.
 *
 * - One record message per second of the recording (FIT timestamps are whole seconds; apps drop or merge records
 *   that share a second), carrying the latest stride: the latest left- and the latest right-stance step whose
 *   initial contact is at most MAX_STEP_AGE_S before the record. Native fields where FIT has them (cadence with
 *   fractional_cadence, stance_time, stance_time_percent, stance_time_balance, vertical_oscillation), developer
 *   fields for the pelvic drop of each stance side. Seconds without a current step carry only the timestamp.
 * - One lap and one session over the whole recording with the run's averages (developer fields for the mean
 *   pelvic drop per side in the session), and the activity message.
 */
import { stat } from "node:fs/promises";
import {
  Encoder,
  Profile,
  Utils,
  type ActivityMesg,
  type DeveloperDataIdMesg,
  type DeviceInfoMesg,
  type EventMesg,
  type FieldDescriptionMesg,
  type FileIdMesg,
  type LapMesg,
  type RecordMesg,
  type SessionMesg,
  type SportMesg,
} from "@garmin/fitsdk";
import { UserError } from "../core/errors.js";
import type { AnalysisDocument } from "../pipeline/document.js";
import type { StepResult } from "../pipeline/types.js";
import type { WriteJsonOptions } from "./json.js";
import { streamNewFile } from "./new-file.js";

/** A record carries a step while its initial contact is at most this long before the record, s (a stride is < 1 s). */
export const MAX_STEP_AGE_S = 1.5;
/** Seconds between the Unix epoch and the FIT epoch (1989-12-31T00:00:00Z). */
export const FIT_EPOCH_S = Utils.FIT_EPOCH_MS / 1000;
/** FIT date_time values below this are not UTC but seconds since a device's power-up (FIT spec); 1998-07-05. */
const FIT_MIN_UTC = 0x10000000;

/** The developer fields hipgait writes (developer data index 0), by field definition number. */
export const FIT_DEVELOPER_FIELDS = {
  /** Record: pelvic drop of the latest left-stance step (the right hip falling while standing on the left leg). */
  pelvic_drop_left: { num: 0, mesg: "record", units: "deg" },
  /** Record: pelvic drop of the latest right-stance step. */
  pelvic_drop_right: { num: 1, mesg: "record", units: "deg" },
  /** Session: mean pelvic drop of the run's left-stance steps (summary.pelvic_drop_deg.left). */
  avg_pelvic_drop_left: { num: 2, mesg: "session", units: "deg" },
  /** Session: mean pelvic drop of the run's right-stance steps. */
  avg_pelvic_drop_right: { num: 3, mesg: "session", units: "deg" },
} as const;
type DevFieldName = keyof typeof FIT_DEVELOPER_FIELDS;

/**
 * hipgait's developer application id (a random UUID fixed for good): readers recognise hipgait's fields by it.
 * application_version 1 is this layout of developer fields; a change of their meaning gets a new version.
 */
export const HIPGAIT_FIT_APPLICATION_ID = [0xd5, 0x33, 0x10, 0xb4, 0xf3, 0x27, 0x00, 0x39, 0x6f, 0xa5, 0x30, 0x3e, 0xf1, 0x1f, 0xcd, 0x5e] as const;
export const HIPGAIT_FIT_APPLICATION_VERSION = 1;
/** file_id / device_info: manufacturer "development" (255) with this product number and serial number. */
export const HIPGAIT_FIT_PRODUCT = 1;
export const HIPGAIT_FIT_SERIAL = 1;

export interface FitExportOptions {
  /** Wall-clock time of t = 0 on the input's clock (see recordingStart). */
  startedAt: Date;
  /**
   * Time of the input's first sample on its own clock, s, when known (recordingStart reads it): the activity then
   * starts there. Without it the activity starts at t = 0, or at the first step when the steps show that the clock
   * does not start near 0.
   */
  origin_s?: number | undefined;
}

/** What was written, for the CLI's message and the tests. */
export interface FitExportInfo {
  /** Record messages, one per second from start to end. */
  records: number;
  /** Records that carry running values (a current step). */
  runningRecords: number;
  /** Session start (whole seconds) and total elapsed time, s. */
  start: Date;
  elapsed_s: number;
  /** File size, bytes. */
  bytes: number;
}

/** The values a record carries at one second, from the latest left- and right-stance steps (null: left out). */
export interface FitRecordValues {
  /** FIT timestamp, s since the FIT epoch. */
  timestamp: number;
  /** Stride cadence, steps/min (both feet): 60 000 / mean step time of the latest left and right steps. */
  cadence_spm: number | null;
  /** Mean contact time of the latest left and right steps, ms. */
  stance_time_ms: number | null;
  /** Contact time over step time of those steps, %. */
  stance_time_percent: number | null;
  /** Left contact time / (left + right), %. */
  stance_time_balance_pct: number | null;
  /** Mean vertical oscillation of those steps, mm. */
  vertical_oscillation_mm: number | null;
  pelvic_drop_left_deg: number | null;
  pelvic_drop_right_deg: number | null;
}

/** The span of the activity on the input's clock and in FIT seconds. */
interface Span {
  /** FIT timestamps of the first and last record (whole seconds). */
  startFit: number;
  endFit: number;
  /** FIT seconds (fractional) of t = 0 on the input's clock. */
  base: number;
}

/** FIT seconds (fractional) of a date. */
export function fitSeconds(d: Date): number {
  return d.getTime() / 1000 - FIT_EPOCH_S;
}

/**
 * The activity spans the recording: from its first sample (`origin_s`; t = 0 of the input's clock when that is not
 * given) to the end of the recording or of the last step, whichever is later. Without `origin_s`, when the steps
 * show that the clock does not start near 0 (the first step lies beyond the recording's duration), it spans the
 * steps instead.
 */
function activitySpan(doc: AnalysisDocument, startedAt: Date, origin_s: number | undefined): Span {
  const steps = doc.steps;
  const first = steps[0];
  const last = steps[steps.length - 1];
  const lastEnd = last ? last.t + (last.step_time_ms ?? last.contact_time_ms) / 1000 : Number.NEGATIVE_INFINITY;
  const known = origin_s !== undefined && Number.isFinite(origin_s);
  const start_s = known ? origin_s : first && first.t > doc.input.duration_s ? first.t : 0;
  const end_s = Math.max(known || start_s === 0 ? start_s + doc.input.duration_s : start_s, lastEnd);
  const base = fitSeconds(startedAt);
  if (!Number.isFinite(base)) throw new UserError("FIT export: the start time is not a valid date");
  const startFit = Math.floor(base + start_s);
  if (startFit < FIT_MIN_UTC) {
    const when = new Date((base + start_s) * 1000 + Utils.FIT_EPOCH_MS);
    throw new UserError(`FIT export: the start time ${Number.isFinite(when.getTime()) ? when.toISOString() : "(out of range)"} is before 1998, which FIT cannot store as a date`);
  }
  const endFit = Math.max(startFit, Math.ceil(base + end_s));
  return { startFit, endFit, base };
}

/** The global message number of a FIT profile message, by the SDK's name for it (FILE_ID, RECORD, ...). */
function mesgNum(name: string): number {
  const n = Profile.MesgNum[name];
  if (n === undefined) throw new Error(`the FIT profile has no message ${name}`);
  return n;
}

const mean = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

/** The record values of the steps current at one second (see FitRecordValues). */
function recordValues(timestamp: number, left: StepResult | null, right: StepResult | null): FitRecordValues {
  const cur = [left, right].filter((s): s is StepResult => s !== null);
  const timed = cur.filter((s) => s.step_time_ms !== null);
  const stepTime = mean(timed.map((s) => s.step_time_ms!));
  const contactTimed = timed.reduce((a, s) => a + s.contact_time_ms, 0);
  const vo = cur.filter((s) => s.vertical_oscillation_mm !== null).map((s) => s.vertical_oscillation_mm!);
  return {
    timestamp,
    cadence_spm: stepTime !== null && stepTime > 0 ? 60_000 / stepTime : null,
    stance_time_ms: mean(cur.map((s) => s.contact_time_ms)),
    stance_time_percent: stepTime !== null && stepTime > 0 ? (100 * contactTimed) / (stepTime * timed.length) : null,
    stance_time_balance_pct: left && right && left.contact_time_ms + right.contact_time_ms > 0 ? (100 * left.contact_time_ms) / (left.contact_time_ms + right.contact_time_ms) : null,
    vertical_oscillation_mm: mean(vo),
    pelvic_drop_left_deg: left?.pelvic_drop_deg ?? null,
    pelvic_drop_right_deg: right?.pelvic_drop_deg ?? null,
  };
}

/**
 * One FitRecordValues per second of the activity, from `startFit` to `endFit` inclusive. The record at FIT second T
 * is at τ = T − base on the input's clock and carries, per side, the latest step of that side with IC ≤ τ and
 * τ − IC ≤ MAX_STEP_AGE_S. Steps must be in time order (as in the document).
 */
export function* fitRecordValues(steps: readonly StepResult[], span: { startFit: number; endFit: number; base: number }): Generator<FitRecordValues> {
  let i = 0;
  let left: StepResult | null = null;
  let right: StepResult | null = null;
  for (let T = span.startFit; T <= span.endFit; T++) {
    const tau = T - span.base;
    while (i < steps.length && steps[i]!.t <= tau) {
      const s = steps[i++]!;
      if (s.side === "left") left = s;
      else right = s;
    }
    const fresh = (s: StepResult | null): StepResult | null => (s !== null && tau - s.t <= MAX_STEP_AGE_S ? s : null);
    yield recordValues(T, fresh(left), fresh(right));
  }
}

/** A value for a scaled unsigned FIT field, or undefined when it is missing or would not fit (FIT has no room for it). */
function fits(v: number | null, scale: number, max: number): number | undefined {
  if (v === null || !Number.isFinite(v) || v < 0) return undefined;
  return Math.round(v * scale) <= max ? v : undefined;
}

/** Cadence in steps/min as FIT running cadence: whole strides/min (uint8) and the fraction in 1/128 (uint8). */
function fitCadence(spm: number | null): { cadence: number; fractional: number } | null {
  if (spm === null || !Number.isFinite(spm) || spm <= 0) return null;
  const q = Math.round((spm / 2) * 128);
  const cadence = Math.floor(q / 128);
  if (cadence > 254) return null;
  return { cadence, fractional: (q - cadence * 128) / 128 };
}

/** The record message of one second; fields are always set in the same order (the SDK matches definitions by set). */
function recordMesg(v: FitRecordValues): RecordMesg {
  const m: RecordMesg = { timestamp: v.timestamp };
  const cad = fitCadence(v.cadence_spm);
  if (cad) {
    m.cadence = cad.cadence;
    m.fractionalCadence = cad.fractional;
  }
  const st = fits(v.stance_time_ms, 10, 65534);
  if (st !== undefined) m.stanceTime = st;
  const stp = fits(v.stance_time_percent, 100, 65534);
  if (stp !== undefined) m.stanceTimePercent = stp;
  const bal = fits(v.stance_time_balance_pct, 100, 65534);
  if (bal !== undefined) m.stanceTimeBalance = bal;
  const vo = fits(v.vertical_oscillation_mm, 10, 65534);
  if (vo !== undefined) m.verticalOscillation = vo;
  const dev: Record<string, number> = {};
  if (v.pelvic_drop_left_deg !== null) dev[String(FIT_DEVELOPER_FIELDS.pelvic_drop_left.num)] = v.pelvic_drop_left_deg;
  if (v.pelvic_drop_right_deg !== null) dev[String(FIT_DEVELOPER_FIELDS.pelvic_drop_right.num)] = v.pelvic_drop_right_deg;
  if (Object.keys(dev).length > 0) m.developerFields = dev;
  return m;
}

/** The run's averages as lap / session fields (both messages name them alike). */
function summaryFields(doc: AnalysisDocument): Partial<LapMesg & SessionMesg> {
  const s = doc.summary;
  const out: Partial<LapMesg & SessionMesg> = {};
  const cad = fitCadence(s.cadence_spm);
  if (cad) {
    out.avgCadence = cad.cadence;
    out.avgFractionalCadence = cad.fractional;
  }
  const rolling = s.cadence_rolling_spm.map(([, c]) => c);
  const maxCad = fitCadence(rolling.length > 0 ? Math.max(...rolling) : null);
  if (maxCad) {
    out.maxCadence = maxCad.cadence;
    out.maxFractionalCadence = maxCad.fractional;
  }
  const steps = doc.steps.length;
  out.totalCycles = Math.floor(steps / 2);
  const ct = mean(doc.steps.map((x) => x.contact_time_ms));
  const avgSt = fits(ct, 10, 65534);
  if (avgSt !== undefined) out.avgStanceTime = avgSt;
  const { left: ctl, right: ctr } = s.contact_time_ms;
  const { left: stl, right: str } = s.step_time_ms;
  if (ctl !== null && ctr !== null && stl !== null && str !== null) {
    const pct = fits((100 * (ctl + ctr)) / (stl + str), 100, 65534);
    if (pct !== undefined) out.avgStanceTimePercent = pct;
  }
  if (ctl !== null && ctr !== null && ctl + ctr > 0) {
    const bal = fits((100 * ctl) / (ctl + ctr), 100, 65534);
    if (bal !== undefined) out.avgStanceTimeBalance = bal;
  }
  const vo = fits(s.vertical_oscillation_mm, 10, 65534);
  if (vo !== undefined) out.avgVerticalOscillation = vo;
  return out;
}

/** The developer_data_id and field_description messages, keyed by field definition number for the Encoder. */
function developerFields(): { id: DeveloperDataIdMesg; descriptions: Array<[number, FieldDescriptionMesg]> } {
  const id: DeveloperDataIdMesg = {
    applicationId: [...HIPGAIT_FIT_APPLICATION_ID],
    applicationVersion: HIPGAIT_FIT_APPLICATION_VERSION,
    manufacturerId: "development",
    developerDataIndex: 0,
  };
  const descriptions = (Object.entries(FIT_DEVELOPER_FIELDS) as Array<[DevFieldName, (typeof FIT_DEVELOPER_FIELDS)[DevFieldName]]>).map(
    ([name, f]): [number, FieldDescriptionMesg] => [
      f.num,
      {
        developerDataIndex: 0,
        fieldDefinitionNumber: f.num,
        fitBaseTypeId: Utils.FitBaseType.FLOAT32,
        fieldName: name,
        units: f.units,
        nativeMesgNum: mesgNum(f.mesg === "record" ? "RECORD" : "SESSION"),
      },
    ],
  );
  return { id, descriptions };
}

/**
 * FIT software_version (scale 100, shown as major.minor with two minor digits) of a semver string: 2.13.4 → 2.13,
 * 0.1.0 → 0.01 (so that 2.1 and 2.10 stay apart); a minor above 99 is written as 99.
 */
function softwareVersion(version: string): number | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return undefined;
  const v = Number(m[1]) + Math.min(99, Number(m[2])) / 100;
  return v * 100 <= 65534 ? v : undefined;
}

/** Encodes the document as a FIT activity file (see the module comment and docs/exports.md). */
export function encodeFitActivity(doc: AnalysisDocument, opts: FitExportOptions): { bytes: Uint8Array; info: FitExportInfo } {
  const span = activitySpan(doc, opts.startedAt, opts.origin_s);
  const dev = developerFields();
  const enc = new Encoder();
  for (const [key, d] of dev.descriptions) enc.addDeveloperField(key, dev.id, d);
  const elapsed = span.endFit - span.startFit;
  const fileId: FileIdMesg = { type: "activity", manufacturer: "development", product: HIPGAIT_FIT_PRODUCT, serialNumber: HIPGAIT_FIT_SERIAL, timeCreated: span.startFit, productName: "hipgait" };
  enc.onMesg(mesgNum("FILE_ID"), fileId);
  enc.onMesg(mesgNum("DEVELOPER_DATA_ID"), dev.id);
  for (const [, d] of dev.descriptions) enc.onMesg(mesgNum("FIELD_DESCRIPTION"), d);
  const sw = softwareVersion(doc.generator.version);
  const device: DeviceInfoMesg = { timestamp: span.startFit, deviceIndex: "creator", manufacturer: "development", product: HIPGAIT_FIT_PRODUCT, productName: "hipgait", serialNumber: HIPGAIT_FIT_SERIAL, ...(sw !== undefined ? { softwareVersion: sw } : {}) };
  enc.onMesg(mesgNum("DEVICE_INFO"), device);
  const sport: SportMesg = { sport: "running", subSport: "generic", name: "Running" };
  enc.onMesg(mesgNum("SPORT"), sport);
  const start: EventMesg = { timestamp: span.startFit, event: "timer", eventType: "start", timerTrigger: "manual" };
  enc.onMesg(mesgNum("EVENT"), start);
  let records = 0;
  let runningRecords = 0;
  for (const v of fitRecordValues(doc.steps, span)) {
    const m = recordMesg(v);
    enc.onMesg(mesgNum("RECORD"), m);
    records++;
    if (m.stanceTime !== undefined) runningRecords++;
  }
  const stop: EventMesg = { timestamp: span.endFit, event: "timer", eventType: "stopAll", timerTrigger: "manual" };
  enc.onMesg(mesgNum("EVENT"), stop);
  const sums = summaryFields(doc);
  const common = { timestamp: span.endFit, startTime: span.startFit, totalElapsedTime: elapsed, totalTimerTime: elapsed, sport: "running", subSport: "generic" } as const;
  const lap: LapMesg = { messageIndex: 0, event: "lap", eventType: "stop", ...common, ...sums, lapTrigger: "sessionEnd" };
  enc.onMesg(mesgNum("LAP"), lap);
  const sessionDev: Record<string, number> = {};
  const drop = doc.summary.pelvic_drop_deg;
  if (drop.left !== null) sessionDev[String(FIT_DEVELOPER_FIELDS.avg_pelvic_drop_left.num)] = drop.left;
  if (drop.right !== null) sessionDev[String(FIT_DEVELOPER_FIELDS.avg_pelvic_drop_right.num)] = drop.right;
  const session: SessionMesg = {
    messageIndex: 0,
    event: "session",
    eventType: "stop",
    ...common,
    ...sums,
    firstLapIndex: 0,
    numLaps: 1,
    trigger: "activityEnd",
    ...(Object.keys(sessionDev).length > 0 ? { developerFields: sessionDev } : {}),
  };
  enc.onMesg(mesgNum("SESSION"), session);
  const activity: ActivityMesg = { timestamp: span.endFit, totalTimerTime: elapsed, numSessions: 1, type: "manual", event: "activity", eventType: "stop" };
  enc.onMesg(mesgNum("ACTIVITY"), activity);
  const bytes = enc.close();
  return { bytes, info: { records, runningRecords, start: new Date((span.startFit + FIT_EPOCH_S) * 1000), elapsed_s: elapsed, bytes: bytes.length } };
}

/** Encodes the document as FIT and writes it to `path`, never replacing an existing file unless `opts.force`. */
export async function writeFitActivity(doc: AnalysisDocument, path: string, opts: FitExportOptions & WriteJsonOptions): Promise<FitExportInfo> {
  const { bytes, info } = encodeFitActivity(doc, opts);
  await streamNewFile(path, [bytes], opts.force !== undefined ? { force: opts.force } : {});
  return info;
}

/** When the recording started, and where that came from (for the CLI's message). */
export interface RecordingStart {
  /** Wall-clock time of t = 0 on the input's clock: what FitExportOptions.startedAt takes. */
  startedAt: Date;
  /** Time of the input's first sample on its own clock, s (0 when it could not be read): FitExportOptions.origin_s. */
  origin_s: number;
  /** "started_at": the input's own started_at; "file time": its modification time minus the duration; "now": the current time minus the duration. */
  source: "started_at" | "file time" | "now";
}

/** How to open an input, as `hipgait analyze` does: a FORMAT_IDS entry, or a column mapping (`--columns`, `--units`). */
export interface RecordingInput {
  format?: string | undefined;
  columns?: string | undefined;
  units?: string | undefined;
}

/** A clock whose first sample lies in [0, CLOCK_AT_ZERO_S) is taken to start at t = 0, s. */
const CLOCK_AT_ZERO_S = 1;

/**
 * The wall-clock time of t = 0 of an input. The time of its start comes from its `started_at` (session metadata, or
 * an app's recording start) when present and after 1998; else from the input's modification time minus the
 * recording's duration (a recording is usually last written when it ends); else, if even that cannot be read, from
 * now minus the duration. The input's clock may start anywhere (the session format allows a Unix time or a device's
 * uptime): when its first sample lies within the first second, the start is t = 0 itself (as in hipgait's own
 * recordings and the imported exports, whose times count from their first sample); otherwise the start is the
 * first sample, and t = 0 lies that much earlier.
 * `input` is a format name or the options `hipgait analyze` opened the input with.
 */
export async function recordingStart(path: string, input: string | RecordingInput | undefined, duration_s: number): Promise<RecordingStart> {
  const ok = (d: Date): boolean => Number.isFinite(d.getTime()) && fitSeconds(d) >= FIT_MIN_UTC;
  const choice: RecordingInput = typeof input === "string" ? { format: input } : (input ?? {});
  const opts = Object.fromEntries(Object.entries(choice).filter(([, v]) => v !== undefined)) as { format?: string; columns?: string; units?: string };
  let startedAt: Date | null = null;
  let origin_s = 0;
  try {
    const { openInput } = await import("../importers/index.js");
    const reader = await openInput(path, opts);
    try {
      const value = reader.header.metadata.started_at;
      if (value !== undefined) {
        const d = new Date(value);
        if (ok(d)) startedAt = d;
      }
      for await (const block of reader) {
        const t0 = block.length > 0 ? block.t_s[0] : undefined;
        if (t0 !== undefined && Number.isFinite(t0)) origin_s = t0 + 0; // (+ 0: no -0)
        break;
      }
    } finally {
      reader.close();
    }
  } catch {
    // The analysis has just read this input, so this is unexpected; the file time below is the documented fallback.
  }
  const offset_s = origin_s >= 0 && origin_s < CLOCK_AT_ZERO_S ? 0 : origin_s;
  const atZero = (first: Date): Date => new Date(first.getTime() - offset_s * 1000);
  if (startedAt !== null) return { startedAt: atZero(startedAt), origin_s, source: "started_at" };
  try {
    const d = new Date((await stat(path)).mtimeMs - duration_s * 1000);
    if (ok(d)) return { startedAt: atZero(d), origin_s, source: "file time" };
  } catch {
    // unreadable: fall through to now
  }
  return { startedAt: atZero(new Date(Date.now() - duration_s * 1000)), origin_s, source: "now" };
}
