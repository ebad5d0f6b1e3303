/**
 * The FIT activity export, decoded again with Garmin's own SDK: file structure, one record per second, the native
 * running fields in FIT's units (running cadence in strides/min), the pelvic-drop developer fields, and the start time.
 */
import { readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Decoder, Profile, Stream, type FieldDescriptionMesg, type FitMessages } from "@garmin/fitsdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import {
  encodeFitActivity,
  FIT_DEVELOPER_FIELDS,
  FIT_EPOCH_S,
  fitRecordValues,
  fitSeconds,
  HIPGAIT_FIT_APPLICATION_ID,
  MAX_STEP_AGE_S,
  recordingStart,
  writeFitActivity,
  type FitRecordValues,
} from "../../src/output/fit.js";
import type { AnalysisDocument } from "../../src/pipeline/document.js";
import type { StepResult } from "../../src/pipeline/types.js";
import { SIM_STARTED_AT, simulatedDocument } from "./simulated-document.js";

let doc: AnalysisDocument;
let dir: string;
let session: string;

beforeAll(async () => {
  ({ doc, dir, session } = await simulatedDocument());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface DevField {
  name: string;
  units: string;
  fieldDefinitionNumber: number;
  nativeMesgNum: unknown;
  applicationId: unknown;
  applicationVersion: unknown;
}

/** Decodes FIT bytes with the SDK after checking the header and CRCs; dates stay FIT seconds. Fails on any decode error. */
function decode(bytes: Uint8Array): { messages: FitMessages; dev: Map<number, DevField> } {
  const stream = Stream.fromBuffer(Buffer.from(bytes));
  expect(Decoder.isFIT(stream)).toBe(true);
  const decoder = new Decoder(stream);
  expect(decoder.checkIntegrity()).toBe(true);
  const dev = new Map<number, DevField>();
  const { messages, errors } = decoder.read({
    convertDateTimesToDates: false,
    fieldDescriptionListener: (key, id, d: FieldDescriptionMesg) => {
      dev.set(key, { name: String(d.fieldName), units: String(d.units), fieldDefinitionNumber: Number(d.fieldDefinitionNumber), nativeMesgNum: d.nativeMesgNum, applicationId: id.applicationId, applicationVersion: id.applicationVersion });
    },
  });
  expect(errors).toEqual([]);
  return { messages, dev };
}

/** A decoded message's developer fields by field name. */
function devByName(dev: Map<number, DevField>, fields: Record<string, unknown> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(fields ?? {})) out[dev.get(Number(k))?.name ?? `unknown ${k}`] = Number(v);
  return out;
}

/** A FIT date-time decoded without conversion: seconds since the FIT epoch. */
function fitTime(v: unknown): number {
  expect(typeof v).toBe("number");
  return v as number;
}

/** The record values at input time tau, worked out here from the steps alone (what docs/exports.md promises). */
function expectedAt(steps: readonly StepResult[], tau: number): Omit<FitRecordValues, "timestamp"> {
  const latest = (side: "left" | "right"): StepResult | null => {
    const s = steps.filter((x) => x.side === side && x.t <= tau).at(-1);
    return s !== undefined && tau - s.t <= MAX_STEP_AGE_S ? s : null;
  };
  const left = latest("left");
  const right = latest("right");
  const cur = [left, right].filter((s): s is StepResult => s !== null);
  const timed = cur.filter((s) => s.step_time_ms !== null);
  const avg = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
  const stepTime = avg(timed.map((s) => s.step_time_ms!));
  const vo = cur.map((s) => s.vertical_oscillation_mm).filter((v): v is number => v !== null);
  return {
    cadence_spm: stepTime === null ? null : 60_000 / stepTime,
    stance_time_ms: avg(cur.map((s) => s.contact_time_ms)),
    stance_time_percent: stepTime === null ? null : (100 * avg(timed.map((s) => s.contact_time_ms))!) / stepTime,
    stance_time_balance_pct: left && right ? (100 * left.contact_time_ms) / (left.contact_time_ms + right.contact_time_ms) : null,
    vertical_oscillation_mm: avg(vo),
    pelvic_drop_left_deg: left?.pelvic_drop_deg ?? null,
    pelvic_drop_right_deg: right?.pelvic_drop_deg ?? null,
  };
}

/** |a − b| ≤ tol, with the values in the failure message. */
function near(a: number | undefined, b: number, tol: number, what: string): void {
  expect(a, what).toBeTypeOf("number");
  expect(Math.abs(a! - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(tol);
}

describe("FIT activity from an analysed session", () => {
  // a start 0.7 s past a whole second: FIT stores whole seconds, so the activity starts at the second before
  const startedAt = new Date("2026-01-01T08:00:00.700Z");
  let bytes: Uint8Array;
  let info: ReturnType<typeof encodeFitActivity>["info"];
  let messages: FitMessages;
  let dev: Map<number, DevField>;
  const startFit = Math.floor(fitSeconds(startedAt));

  beforeAll(() => {
    ({ bytes, info } = encodeFitActivity(doc, { startedAt }));
    ({ messages, dev } = decode(bytes));
  });

  it("is an activity file with one running session, one lap and the activity message", () => {
    expect(info.bytes).toBe(bytes.length);
    expect(messages.fileIdMesgs).toHaveLength(1);
    expect(messages.fileIdMesgs![0]).toMatchObject({ type: "activity", manufacturer: "development", productName: "hipgait" });
    expect(messages.sessionMesgs).toHaveLength(1);
    expect(messages.sessionMesgs![0]).toMatchObject({ sport: "running", subSport: "generic", numLaps: 1, firstLapIndex: 0 });
    expect(messages.lapMesgs).toHaveLength(1);
    expect(messages.lapMesgs![0]).toMatchObject({ sport: "running" });
    expect(messages.activityMesgs).toHaveLength(1);
    expect(messages.activityMesgs![0]).toMatchObject({ numSessions: 1 });
    expect(messages.eventMesgs!.map((e) => [e.event, e.eventType])).toEqual([
      ["timer", "start"],
      ["timer", "stopAll"],
    ]);
  });

  it("starts at started_at floored to the second, and has one record per second of the recording", () => {
    expect(info.start.toISOString()).toBe("2026-01-01T08:00:00.000Z");
    expect(startFit + FIT_EPOCH_S).toBe(Math.floor(startedAt.getTime() / 1000));
    const s = messages.sessionMesgs![0]!;
    expect(fitTime(messages.fileIdMesgs![0]!.timeCreated)).toBe(startFit);
    expect(fitTime(s.startTime)).toBe(startFit);
    expect(fitTime(messages.lapMesgs![0]!.startTime)).toBe(startFit);
    expect(s.totalElapsedTime).toBe(info.elapsed_s);
    expect(s.totalTimerTime).toBe(info.elapsed_s);
    // the recording is 0 … duration_s on the input's clock (its clock starts at 0), and the last step ends inside it
    expect(info.elapsed_s).toBe(Math.ceil(fitSeconds(startedAt) + doc.input.duration_s) - startFit);
    const recs = messages.recordMesgs!;
    expect(recs).toHaveLength(info.elapsed_s + 1);
    expect(info.records).toBe(recs.length);
    recs.forEach((r, k) => expect(fitTime(r.timestamp), `record ${k}`).toBe(startFit + k));
    expect(fitTime(s.timestamp)).toBe(startFit + info.elapsed_s);
  });

  it("computes each second's values from the latest left and right step at most 1.5 s old", () => {
    expect(MAX_STEP_AGE_S).toBe(1.5);
    const base = fitSeconds(startedAt);
    const values = [...fitRecordValues(doc.steps, { startFit, endFit: startFit + info.elapsed_s, base })];
    expect(values).toHaveLength(info.records);
    let both = 0;
    for (const v of values) {
      const want = expectedAt(doc.steps, v.timestamp - base);
      for (const [k, x] of Object.entries(want) as Array<[keyof typeof want, number | null]>) {
        if (x === null) expect(v[k], `${v.timestamp} ${k}`).toBeNull();
        else near(v[k] ?? undefined, x, 1e-9, `${v.timestamp} ${k}`);
      }
      if (want.stance_time_balance_pct !== null) both++;
    }
    expect(both).toBeGreaterThan(30);
  });

  it("writes cadence as strides/min with its fraction, and ground contact, its balance and vertical oscillation in FIT's units", () => {
    const base = fitSeconds(startedAt);
    let running = 0;
    let empty = 0;
    for (const r of messages.recordMesgs!) {
      const t = fitTime(r.timestamp);
      const want = expectedAt(doc.steps, t - base);
      if (want.stance_time_ms === null) {
        expect(Object.keys(r), `record ${t}`).toEqual(["timestamp"]);
        empty++;
        continue;
      }
      running++;
      if (want.cadence_spm === null) expect(r.cadence).toBeUndefined();
      else {
        // FIT running cadence: whole strides/min plus a fraction in 1/128; one stride is two steps
        expect(Number.isInteger(r.cadence)).toBe(true);
        expect(r.fractionalCadence! * 128).toBe(Math.round(r.fractionalCadence! * 128));
        near(2 * (r.cadence! + r.fractionalCadence!), want.cadence_spm, 0.01, `cadence at ${t}`);
      }
      near(r.stanceTime, want.stance_time_ms, 0.05 + 1e-9, `stance time at ${t}`);
      if (want.stance_time_percent !== null) near(r.stanceTimePercent, want.stance_time_percent, 0.005 + 1e-9, `stance time percent at ${t}`);
      if (want.stance_time_balance_pct === null) expect(r.stanceTimeBalance).toBeUndefined();
      else near(r.stanceTimeBalance, want.stance_time_balance_pct, 0.005 + 1e-9, `stance time balance at ${t}`);
      if (want.vertical_oscillation_mm === null) expect(r.verticalOscillation).toBeUndefined();
      else near(r.verticalOscillation, want.vertical_oscillation_mm, 0.05 + 1e-9, `vertical oscillation at ${t}`);
      const d = devByName(dev, r.developerFields);
      expect(Object.keys(d).sort()).toEqual(
        [want.pelvic_drop_left_deg !== null ? "pelvic_drop_left" : "", want.pelvic_drop_right_deg !== null ? "pelvic_drop_right" : ""].filter((x) => x !== "").sort(),
      );
      if (want.pelvic_drop_left_deg !== null) near(d.pelvic_drop_left, want.pelvic_drop_left_deg, 1e-4, `drop left at ${t}`);
      if (want.pelvic_drop_right_deg !== null) near(d.pelvic_drop_right, want.pelvic_drop_right_deg, 1e-4, `drop right at ${t}`);
    }
    expect(running).toBe(info.runningRecords);
    expect(running).toBeGreaterThan(35); // 40 s of running
    expect(empty).toBeGreaterThan(15); // 10 s of standing at each end
  });

  it("describes the developer fields under hipgait's application id, with names and units", () => {
    const byName = new Map([...dev.values()].map((d) => [d.name, d]));
    expect([...byName.keys()].sort()).toEqual(Object.keys(FIT_DEVELOPER_FIELDS).sort());
    for (const [name, f] of Object.entries(FIT_DEVELOPER_FIELDS)) {
      const d = byName.get(name)!;
      expect(d.units).toBe("deg");
      expect(d.fieldDefinitionNumber).toBe(f.num);
      expect(d.nativeMesgNum).toBe(f.mesg === "record" ? Profile.MesgNum.RECORD : Profile.MesgNum.SESSION);
      expect(d.applicationId).toEqual([...HIPGAIT_FIT_APPLICATION_ID]);
      expect(d.applicationVersion).toBe(1);
    }
    expect(messages.developerDataIdMesgs).toHaveLength(1);
    expect(messages.fieldDescriptionMesgs).toHaveLength(4);
  });

  it("puts the run's averages in the lap and the session, and the mean pelvic drop per side in the session", () => {
    const sum = doc.summary;
    for (const m of [messages.lapMesgs![0]!, messages.sessionMesgs![0]!]) {
      near(2 * (m.avgCadence! + m.avgFractionalCadence!), sum.cadence_spm!, 0.01, "average cadence");
      expect(m.avgRunningCadence).toBe(m.avgCadence); // the running sub-field: strides/min
      expect(m.totalStrides).toBe(Math.floor(doc.steps.length / 2));
      near(m.avgStanceTime, doc.steps.reduce((a, s) => a + s.contact_time_ms, 0) / doc.steps.length, 0.05 + 1e-9, "average stance time");
      const { left, right } = sum.contact_time_ms;
      near(m.avgStanceTimeBalance, (100 * left!) / (left! + right!), 0.005 + 1e-9, "average balance");
      near(m.avgStanceTimePercent, (100 * (left! + right!)) / (sum.step_time_ms.left! + sum.step_time_ms.right!), 0.005 + 1e-9, "average stance time percent");
      near(m.avgVerticalOscillation, sum.vertical_oscillation_mm!, 0.05 + 1e-9, "average vertical oscillation");
    }
    const d = devByName(dev, messages.sessionMesgs![0]!.developerFields);
    expect(Object.keys(d).sort()).toEqual(["avg_pelvic_drop_left", "avg_pelvic_drop_right"]);
    near(d.avg_pelvic_drop_left, sum.pelvic_drop_deg.left!, 1e-4, "session drop left");
    near(d.avg_pelvic_drop_right, sum.pelvic_drop_deg.right!, 1e-4, "session drop right");
    expect(messages.lapMesgs![0]!.developerFields).toBeUndefined();
  });
});

describe("FIT activity edge cases", () => {
  const startedAt = new Date(SIM_STARTED_AT);

  it("writes a valid file with only timestamps for a document without steps", () => {
    const none: AnalysisDocument = {
      ...doc,
      steps: [],
      summary: {
        ...doc.summary,
        steps: 0,
        running_s: 0,
        cadence_spm: null,
        contact_time_ms: { left: null, right: null },
        pelvic_drop_deg: { left: null, right: null },
        flight_time_ms: { left: null, right: null },
        step_time_ms: { left: null, right: null },
        vertical_oscillation_mm: null,
        cadence_rolling_spm: [],
      },
    };
    const { bytes, info } = encodeFitActivity(none, { startedAt });
    const { messages } = decode(bytes);
    expect(info.runningRecords).toBe(0);
    expect(messages.recordMesgs).toHaveLength(Math.ceil(doc.input.duration_s) + 1);
    for (const r of messages.recordMesgs!) expect(Object.keys(r)).toEqual(["timestamp"]);
    const s = messages.sessionMesgs![0]!;
    expect(s).toMatchObject({ sport: "running", totalStrides: 0 });
    for (const k of ["avgCadence", "avgStanceTime", "avgStanceTimeBalance", "avgVerticalOscillation", "developerFields"] as const) expect(s[k], k).toBeUndefined();
  });

  it("refuses a start before 1998 (FIT stores earlier values as device uptime) and an invalid date, in one line", () => {
    const early = (): unknown => encodeFitActivity(doc, { startedAt: new Date("1997-12-31T23:59:59Z") });
    expect(early).toThrow(UserError);
    expect(early).toThrow(/^FIT export: the start time 1997-12-31T23:59:59\.000Z is before 1998, which FIT cannot store as a date$/);
    expect(() => encodeFitActivity(doc, { startedAt: new Date(Number.NaN) })).toThrow(new UserError("FIT export: the start time is not a valid date"));
  });

  it("starts at the input's first sample when it is given, and keeps records apart from the clock's origin", () => {
    // the same steps on a clock that started 1000.4 s before the recording (a device's uptime)
    const shift = 1000.4;
    const shifted: AnalysisDocument = { ...doc, steps: doc.steps.map((s) => ({ ...s, t: s.t + shift, toe_off_s: s.toe_off_s + shift })) };
    const atZero = new Date(startedAt.getTime() - shift * 1000);
    const withOrigin = encodeFitActivity(shifted, { startedAt: atZero, origin_s: shift });
    expect(withOrigin.info.start.toISOString()).toBe("2026-01-01T08:00:00.000Z");
    const plain = encodeFitActivity(doc, { startedAt });
    expect(withOrigin.info.records).toBe(plain.info.records);
    expect(withOrigin.info.runningRecords).toBe(plain.info.runningRecords);
    // without the origin the steps show the clock does not start at 0: the activity starts at the first step
    const guessed = encodeFitActivity(shifted, { startedAt: atZero });
    expect(guessed.info.start.getTime()).toBe(Math.floor((startedAt.getTime() + doc.steps[0]!.t * 1000) / 1000) * 1000);
  });

  it("writes the file, refusing to replace one without force", async () => {
    const path = join(dir, "run.fit");
    const info = await writeFitActivity(doc, path, { startedAt });
    const bytes = readFileSync(path);
    expect(bytes.length).toBe(info.bytes);
    expect(Buffer.compare(bytes, Buffer.from(encodeFitActivity(doc, { startedAt }).bytes))).toBe(0);
    writeFileSync(path, "keep me");
    await expect(writeFitActivity(doc, path, { startedAt })).rejects.toThrow(new UserError(`${path} exists; pass --force to overwrite it`));
    expect(readFileSync(path, "utf8")).toBe("keep me");
    await writeFitActivity(doc, path, { startedAt, force: true });
    expect(readFileSync(path).length).toBe(info.bytes);
  });
});

describe("recordingStart", () => {
  it("takes the session's started_at as t = 0 when its clock starts at 0", async () => {
    const start = await recordingStart(session, undefined, doc.input.duration_s);
    expect(start.source).toBe("started_at");
    expect(start.startedAt.toISOString()).toBe("2026-01-01T08:00:00.000Z");
    expect(start.origin_s).toBeGreaterThanOrEqual(0);
    expect(start.origin_s).toBeLessThan(0.01);
  });

  it("takes started_at as the first sample when the clock is a Unix time, so that t = 0 is the Unix epoch", async () => {
    const path = join(dir, "unix-clock.csv");
    const t0 = Date.parse("2026-01-01T08:00:00.25Z") / 1000;
    const rows = Array.from({ length: 400 }, (_, i) => `${(t0 + i / 100).toFixed(3)},0.01,0.02,1.00`);
    writeFileSync(path, ["# started_at: 2026-01-01T08:00:00.25Z", "t,ax,ay,az", ...rows, ""].join("\n"));
    const start = await recordingStart(path, "session", 3.99);
    expect(start.source).toBe("started_at");
    expect(start.origin_s).toBeCloseTo(t0, 3);
    expect(Math.abs(start.startedAt.getTime())).toBeLessThanOrEqual(1); // ms, from float rounding of t0
    // a step 2.5 s after the first sample lands at 08:00:02.75: the records of 08:00:03 and 08:00:04 carry it
    const step = { ...doc.steps[0]!, t: t0 + 2.5, toe_off_s: t0 + 2.75 };
    const shifted: AnalysisDocument = { ...doc, input: { ...doc.input, duration_s: 3.99 }, steps: [step] };
    const fit = encodeFitActivity(shifted, { startedAt: start.startedAt, origin_s: start.origin_s });
    expect(fit.info.start.toISOString()).toBe("2026-01-01T08:00:00.000Z");
    const recs = decode(fit.bytes).messages.recordMesgs!;
    const carrying = recs.filter((r) => r.stanceTime !== undefined).map((r) => new Date((fitTime(r.timestamp) + FIT_EPOCH_S) * 1000).toISOString());
    expect(carrying).toEqual(["2026-01-01T08:00:03.000Z", "2026-01-01T08:00:04.000Z"]);
    expect(recs).toHaveLength(6); // 08:00:00 … 08:00:05 (the last sample at 08:00:04.24, rounded up)
  });

  it("falls back to the file time minus the duration when there is no started_at", async () => {
    const path = join(dir, "no-start.csv");
    writeFileSync(path, ["t,ax,ay,az", ...Array.from({ length: 100 }, (_, i) => `${(i / 100).toFixed(2)},0,0,1`), ""].join("\n"));
    const mtime = new Date("2025-06-01T10:00:00Z");
    utimesSync(path, mtime, mtime);
    const start = await recordingStart(path, undefined, 600);
    expect(start).toEqual({ startedAt: new Date("2025-06-01T09:50:00Z"), origin_s: 0, source: "file time" });
  });

  it("falls back to now minus the duration when the input cannot be read at all", async () => {
    const before = Date.now();
    const start = await recordingStart(join(dir, "missing.csv"), undefined, 60);
    const after = Date.now();
    expect(start.source).toBe("now");
    expect(start.startedAt.getTime()).toBeGreaterThanOrEqual(before - 60_000);
    expect(start.startedAt.getTime()).toBeLessThanOrEqual(after - 60_000);
  });
});
