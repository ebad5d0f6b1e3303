/**
 * Bring your own data: `openInput(path)` reads a hipgait session file, or recognises an app's or vendor's export
 * (a file, a folder or a zip as the tool produced it), converts it to seconds, g and deg/s with the Android sign,
 * puts separately clocked accelerometer and gyroscope streams on one grid, and presents the result as the same
 * streaming SessionReader the analysis reads. `--format` forces a recogniser.
 */
import { UsageError, UserError } from "../core/errors.js";
import { openSession } from "../session/index.js";
import type { SampleBlock, SessionHeader, SessionReader, SessionStats } from "../session/types.js";
import { openBundle, type Bundle } from "./bundle.js";
import { mappedPlan, parseMapping } from "./formats/generic.js";
import { detectMetaBase } from "./formats/metabase.js";
import { detectMovesense } from "./formats/movesense.js";
import { detectPhyphox } from "./formats/phyphox.js";
import { detectPolarLogger } from "./formats/polar-logger.js";
import { detectSensorLogger } from "./formats/sensor-logger.js";
import { detectSensorLog } from "./formats/sensorlog.js";
import { mergeStreams, type MergeInfo } from "./merge.js";
import { readStream, type ImportPlan } from "./plan.js";

export interface InputFormat {
  id: string;
  name: string;
  detect(b: Bundle): Promise<ImportPlan | null>;
}

/** Recognisers, tried in this order (the session format is tried last for single files). */
export const FORMATS: readonly InputFormat[] = [
  { id: "sensor-logger", name: "Sensor Logger (iOS, Android)", detect: detectSensorLogger },
  { id: "phyphox", name: "phyphox (iOS, Android)", detect: detectPhyphox },
  { id: "metabase", name: "MbientLab MetaBase", detect: detectMetaBase },
  { id: "polar-logger", name: "Polar Sensor Logger", detect: detectPolarLogger },
  { id: "movesense", name: "Movesense (Showcase CSV, DataLogger JSON)", detect: detectMovesense },
  { id: "sensorlog", name: "SensorLog (iPhone, Apple Watch)", detect: detectSensorLog },
];
export const FORMAT_IDS = ["session", ...FORMATS.map((f) => f.id)] as const;

/** How to read an input: recognise it (nothing set), as a named format, or with a user column mapping. */
export interface InputChoice {
  /** A FORMAT_IDS entry; default: recognise. */
  format?: string;
  /** A user mapping of a delimited file's columns (`--columns`, `--units`): skips recognition. */
  columns?: string;
  units?: string;
}

export interface OpenInputOptions extends InputChoice {
  /** Output rate of imported streams, Hz (default: the accelerometer's). */
  rate_hz?: number;
  blockSize?: number;
  reuseBlocks?: boolean;
}

/** Opens a session file or an export for streaming analysis. */
export async function openInput(path: string, opts: OpenInputOptions = {}): Promise<SessionReader> {
  if (opts.format !== undefined && !(FORMAT_IDS as readonly string[]).includes(opts.format)) throw new UserError(`--format: expected one of ${FORMAT_IDS.join(", ")}, got "${opts.format}"`);
  const sessionOpts = { ...(opts.blockSize !== undefined ? { blockSize: opts.blockSize } : {}), ...(opts.reuseBlocks !== undefined ? { reuseBlocks: opts.reuseBlocks } : {}) };
  if (opts.format === "session") return openSession(path, sessionOpts);
  if (opts.units !== undefined && opts.columns === undefined) throw new UsageError("--units needs --columns");
  const mapping = opts.columns !== undefined ? parseMapping(opts.columns, opts.units) : null;
  const bundle = await openBundle(path);
  if (mapping) {
    try {
      return importedReader(path, bundle, await mappedPlan(bundle, mapping), opts);
    } catch (e) {
      await bundle.close();
      throw e;
    }
  }
  try {
    for (const f of FORMATS) {
      if (opts.format !== undefined && opts.format !== f.id) continue;
      const plan = await f.detect(bundle);
      if (plan) return importedReader(path, bundle, plan, opts);
      if (opts.format === f.id) throw new UserError(`${path}: not a ${f.name} export (the files or their headers do not match)`);
    }
  } catch (e) {
    await bundle.close();
    throw e;
  }
  await bundle.close();
  if (bundle.kind !== "file") throw new UserError(`${path}: no export hipgait recognises in this ${bundle.kind} (${FORMATS.map((f) => f.name).join("; ")}); see docs/importers.md`);
  return openSession(path, sessionOpts);
}

/** A plan's streams, merged, as a SessionReader. */
function importedReader(path: string, bundle: Bundle, plan: ImportPlan, opts: OpenInputOptions): SessionReader {
  const header: SessionHeader = {
    file: path,
    metadata: { source_format: plan.format, ...(plan.startedAt ? { started_at: plan.startedAt } : {}), ...(plan.device ? { sensor: plan.device } : {}) },
    format: null,
    declaredSampleRate_hz: null,
    frame: "sensor",
    hasGyro: plan.gyro !== null,
    hasTime: true,
    units: { time: "s", acc: "g", gyro: plan.gyro ? "dps" : null },
    columns: plan.gyro ? ["t", "ax", "ay", "az", "gx", "gy", "gz"] : ["t", "ax", "ay", "az"],
    extraColumns: [],
    notes: [`read as ${plan.format}`, ...plan.notes],
    headerLine: 0,
  };
  const warnings: string[] = [];
  const stats: SessionStats = { rows: 0, first_s: 0, last_s: 0, duration_s: 0, sampleRate_hz: 0, gaps: [], droppedTruncatedLine: false, commentLines: 0 };
  let closed = false;
  let info: MergeInfo | null = null;
  const reader: SessionReader = {
    header,
    warnings,
    stats: () => stats,
    close: () => {
      closed = true;
      void bundle.close();
    },
    async *[Symbol.asyncIterator](): AsyncGenerator<SampleBlock> {
      const merged = mergeStreams(readStream(plan.acc), plan.gyro ? readStream(plan.gyro) : null, {
        ...(opts.rate_hz !== undefined ? { outRate_hz: opts.rate_hz } : {}),
        ...(opts.blockSize !== undefined ? { blockSize: opts.blockSize } : {}),
        labels: { acc: plan.acc.label, gyro: plan.gyro?.label ?? null },
        onStart: (i) => {
          info = i;
          header.declaredSampleRate_hz = i.outRate_hz;
          header.notes.push(`resampled to ${i.outRate_hz} Hz from the accelerometer's ${i.accRate_hz.toFixed(1)} Hz${i.gyroRate_hz !== null ? ` and the gyroscope's ${i.gyroRate_hz.toFixed(1)} Hz` : ""}`);
          header.metadata.sample_rate_hz = String(i.outRate_hz);
        },
      });
      let prev = Number.NaN, inside = 0;
      try {
        for (;;) {
          if (closed) return;
          const r = await merged.next();
          if (r.done) {
            const m = r.value;
            if (m.droppedAcc + m.droppedGyro > 0) warnings.push(`${path}: ${m.droppedAcc + m.droppedGyro} samples with repeated or backwards time stamps dropped`);
            break;
          }
          const b = r.value;
          const period = 1 / (info?.outRate_hz ?? 100);
          for (let i = 0; i < b.length; i++) {
            const t = b.t_s[i]!;
            if (stats.rows === 0 && i === 0) stats.first_s = t;
            else if (t - prev > 2.5 * period) stats.gaps.push([prev, t]);
            else inside += t - prev;
            prev = t;
          }
          stats.rows += b.length;
          stats.last_s = prev;
          stats.duration_s = stats.last_s - stats.first_s;
          stats.sampleRate_hz = inside > 0 ? (stats.rows - 1 - stats.gaps.length) / inside : (info?.outRate_hz ?? 0);
          yield { length: b.length, firstLine: 0, t_s: b.t_s, ax_g: b.ax_g, ay_g: b.ay_g, az_g: b.az_g, gx_dps: b.gx_dps, gy_dps: b.gy_dps, gz_dps: b.gz_dps, extra: [] };
        }
      } finally {
        await bundle.close();
      }
    },
  };
  return reader;
}
