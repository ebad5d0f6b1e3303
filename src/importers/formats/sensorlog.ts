/**
 * SensorLog (Bernd Thomas; iPhone and Apple Watch): one CSV per recording (shared as the file, or zipped as
 * `SensorLogFiles_….zip`), one row per logging tick holding the newest sample of every enabled sensor.
 *
 * Layout facts and where they come from:
 * - header cells are Core Motion field names with the unit in parentheses, e.g. `loggingTime(txt)`,
 *   `loggingSample(N)`, `accelerometerTimestamp_sinceReboot(s)`, `accelerometerAccelerationX(G)`,
 *   `gyroTimestamp_sinceReboot(s)`, `gyroRotationX(rad/s)`, `motionTimestamp_sinceReboot(s)`,
 *   `motionRotationRateX(rad/s)`, `motionUserAccelerationX(G)`, `motionGravityX(G)`; only enabled sensors have
 *   columns (the Apple Watch log seen has accelerometer and motion columns but no `gyro…` ones).
 *   Sources: jhuwit/actiread R/acti_read_sensorlog.R (column spec of its SensorLog reader); the 58 column names
 *   of a watch log "2023-11-06_09_24_37_Apple Watch.csv" printed in a public course notebook (repository not
 *   identified); several public scripts indexing `gyroRotationX(rad/s)`, `motionGravityX(G)` by name; SensorLog
 *   v5.3 support page http://sensorlog.berndthomas.net (example logs for iPhone and Watch).
 * - older app versions wrote the same names without units (`accelerometerAccelerationX`,
 *   `gyroTimestamp_sinceReboot`, `motionGravityX`); read here with G, rad/s and s assumed.
 *   Source: header lists in two public 2015 Python scripts that read SensorLog's TCP stream (same field names as
 *   its files).
 * - every sensor has its own time column, seconds since the device booted (Core Motion CMLogItem.timestamp), so
 *   the streams share one clock; `loggingTime(txt)` is the row's wall-clock time, ISO 8601 with offset in current
 *   versions (`2023-11-06T09:24:37.756+02:00`, same notebook; `2025-03-11T14:44:11-04:00`, jhuwit/actisensorlog
 *   R/acti_sensorlog_process_time.R), without a zone in old ones (then no started_at).
 * - values are Core Motion's: acceleration in G (CMAcceleration, developer.apple.com/documentation/coremotion/
 *   cmacceleration) with the iOS sign, i.e. a phone lying face up reads z = −1 (stackoverflow.com/questions/
 *   10494426; tszheichoi/awesome-sensor-logger CROSSPLATFORM.md: iOS and Android differ by a sign on all three
 *   axes), so the Android sign is the negative; rotation rates in rad/s with the same sign on both platforms
 *   (CROSSPLATFORM.md). Apple defines G as 9.81 m/s²; it is read as 1 g (9.80665 m/s², 0.035 % apart).
 * - `accelerometerAcceleration…` is the raw accelerometer (gravity included); `motionUserAcceleration…` has gravity
 *   removed and `motionGravity…` is the gravity part, their sum is the total (CMDeviceMotion.gravity docs);
 *   `motionRotationRate…` is gyroscope data with the bias removed, `gyroRotation…` the raw gyroscope
 *   (CMDeviceMotion.rotationRate and CMGyroData.rotationRate docs).
 * - rows may carry fewer cells than the header after "null" pedometer or empty battery fields (jhuwit/actiread
 *   R/rewrite_csv.R); those fields come after the motion columns in every header seen, so they are not read.
 * Not established (handled defensively, see the notes): whether a row repeats a sensor's previous sample when the
 * log ticks faster than that sensor (repeated stamps are skipped), how cells look before a sensor's first sample
 * (empty or non-positive stamps are skipped), whether other separators or decimal commas occur (the table
 * reader detects them), and how `loggingTime` relates to the row's sensor stamps (started_at assumes the row's
 * accelerometer stamp).
 */
import { UserError } from "../../core/errors.js";
import type { Bundle, BundleEntry } from "../bundle.js";
import type { RawBlock } from "../merge.js";
import { DEG_PER_RAD, readStream, type ImportPlan, type RawSource, type StreamSpec } from "../plan.js";
import { headerOf, isoAtMs, labelOf, smallTable } from "./common.js";

/** A header cell split into the Core Motion name and the unit in parentheses (null when there is none). */
interface Column {
  cell: string;
  unit: string | null;
}

function findColumn(header: readonly string[], name: string): Column | null {
  for (const cell of header) {
    const m = /^([A-Za-z_]+)(?:\(([^()]*)\))?$/.exec(cell);
    if (m && m[1] === name) return { cell, unit: m[2] ?? null };
  }
  return null;
}

/** A sensor's time column and x, y, z columns, or null when the header lacks any of them. */
interface Group {
  time: Column;
  axes: readonly [Column, Column, Column];
}

function findGroup(header: readonly string[], time: string, prefix: string): Group | null {
  const t = findColumn(header, time);
  const x = findColumn(header, `${prefix}X`), y = findColumn(header, `${prefix}Y`), z = findColumn(header, `${prefix}Z`);
  return t && x && y && z ? { time: t, axes: [x, y, z] } : null;
}

const ACC = ["accelerometerTimestamp_sinceReboot", "accelerometerAcceleration"] as const;
const GYRO = ["gyroTimestamp_sinceReboot", "gyroRotation"] as const;
const MOTION_TIME = "motionTimestamp_sinceReboot";

/** Checks that every column of a group carries the expected unit (or none, in old logs); returns whether any did. */
function checkUnits(label: string, g: Group, unit: string): boolean {
  const cells = [g.time, ...g.axes];
  for (const [i, c] of cells.entries()) {
    const want = i === 0 ? "s" : unit;
    if (c.unit !== null && c.unit !== want) throw new UserError(`${label}: column "${c.cell}" is in ${c.unit}: expected ${want} as SensorLog writes it`);
  }
  return cells.some((c) => c.unit !== null);
}

/** `loggingTime(txt)` of the first row as an ISO instant, when it carries a UTC offset. */
function wallClock(text: string | undefined): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:\.\d+)?)\s*(Z|[+-]\d{2}:?\d{2})$/.exec((text ?? "").trim());
  if (!m) return undefined;
  const zone = m[3] === "Z" ? "Z" : `${m[3]!.slice(0, 3)}:${m[3]!.slice(-2)}`;
  const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/**
 * A stream of the table without the rows that do not carry a new sample of this sensor: a stamp equal to the
 * previous one (the row repeats the newest sample) or not positive (no sample yet; boot-relative stamps are > 0).
 */
function newSamplesOnly(spec: StreamSpec): RawSource {
  return {
    label: spec.label,
    open: () => {
      const inner = readStream(spec).blocks;
      async function* gen(): AsyncGenerator<RawBlock> {
        let last = Number.NaN;
        for (;;) {
          const r = await inner.next();
          if (r.done) return;
          const b = r.value;
          let n = 0;
          for (let i = 0; i < b.n; i++) {
            const t = b.t[i]!;
            if (!(t > 0) || t === last) continue;
            last = t;
            b.t[n] = t;
            b.x[n] = b.x[i]!;
            b.y[n] = b.y[i]!;
            b.z[n] = b.z[i]!;
            n++;
          }
          b.n = n;
          if (n > 0) yield b;
        }
      }
      return { blocks: gen() };
    },
  };
}

export async function detectSensorLog(b: Bundle): Promise<ImportPlan | null> {
  let entry: BundleEntry | null = null, header: string[] | null = null;
  for (const e of b.entries) {
    if (!/\.(csv|txt)$/i.test(e.name)) continue;
    const h = await headerOf(e);
    if (!h || !findColumn(h, "loggingTime")) continue;
    if (!findColumn(h, "accelerometerAccelerationX") && !findColumn(h, "motionUserAccelerationX")) continue;
    if (entry) throw new UserError(`${b.path}: two SensorLog logs (${entry.name}, ${e.name}): give one recording`);
    [entry, header] = [e, h];
  }
  if (!entry || !header) return null;
  const file: BundleEntry = entry;
  const label = labelOf(b, file);
  const notes: string[] = [];
  const spec = (g: Group, scale: number): StreamSpec => ({ entry: file, label, time: g.time.cell, axes: [g.axes[0].cell, g.axes[1].cell, g.axes[2].cell], timeScale_s: 1, scale });

  const raw = findGroup(header, ...ACC);
  const user = findGroup(header, MOTION_TIME, "motionUserAcceleration");
  const gravity = findGroup(header, MOTION_TIME, "motionGravity");
  const motionRate = findGroup(header, MOTION_TIME, "motionRotationRate");
  const rawRate = findGroup(header, ...GYRO);
  let withUnits = false;

  // Core Motion G with the iOS sign: −1 turns it into g with the Android sign (+1 g up at rest)
  let acc: StreamSpec;
  if (raw) {
    withUnits = checkUnits(label, raw, "G") || withUnits;
    acc = spec(raw, -1);
    notes.push("SensorLog: acceleration from accelerometerAcceleration (G, gravity included), sign flipped from Core Motion's to the Android convention");
  } else if (user && gravity) {
    withUnits = checkUnits(label, user, "G") || withUnits;
    withUnits = checkUnits(label, gravity, "G") || withUnits;
    acc = { ...spec(user, -1), plus: spec(gravity, -1) };
    notes.push("SensorLog: acceleration = −(motionUserAcceleration + motionGravity) in G (no accelerometer columns in this log), flipped from Core Motion's sign to the Android convention");
  } else if (user) {
    throw new UserError(`${label}: SensorLog's motionUserAcceleration has gravity removed and this log has neither accelerometerAcceleration nor motionGravity columns, which the analysis needs: enable the accelerometer (or all device-motion fields) in SensorLog and record again`);
  } else {
    throw new UserError(`${label}: SensorLog log without complete accelerometer columns (expected ${ACC[0]}, ${ACC[1]}X/Y/Z)`);
  }

  let gyro: StreamSpec | null = null;
  if (motionRate) {
    withUnits = checkUnits(label, motionRate, "rad/s") || withUnits;
    gyro = spec(motionRate, DEG_PER_RAD);
    notes.push("SensorLog: rotation rate from motionRotationRate (rad/s, bias removed by Core Motion); accelerometer and gyroscope resampled onto one grid");
  } else if (rawRate) {
    withUnits = checkUnits(label, rawRate, "rad/s") || withUnits;
    gyro = spec(rawRate, DEG_PER_RAD);
    notes.push("SensorLog: rotation rate from gyroRotation (rad/s, raw gyroscope: no device-motion columns in this log); accelerometer and gyroscope resampled onto one grid");
  } else {
    notes.push("SensorLog: no gyroscope or device-motion rotation columns in this log: cadence, contact time and steps only, no pelvic angles");
  }
  if (!withUnits) notes.push("SensorLog: header without units (older app version): G, rad/s and seconds assumed");
  notes.push("SensorLog: each row holds the newest sample of every sensor; rows repeating a sample's time stamp are skipped");

  const plan: ImportPlan = { format: "SensorLog", acc: newSamplesOnly(acc), gyro: gyro ? newSamplesOnly(gyro) : null, notes };
  const startedAt = await startOf(file, acc.time, gyro?.time ?? null);
  if (startedAt) plan.startedAt = startedAt;
  return plan;
}

/**
 * Wall-clock time of the imported stream's start (the later of the two streams' first samples), from the first
 * rows: a row's `loggingTime` minus its accelerometer stamp gives the boot clock's offset. Assumes the row is
 * stamped when its newest accelerometer sample arrives (not documented; off by up to one logging tick otherwise).
 */
async function startOf(e: BundleEntry, accTime: string, gyroTime: string | null): Promise<string | undefined> {
  const rows = await smallTable(e);
  const head = rows[0] ?? [];
  const iWall = head.findIndex((c) => findColumn([c], "loggingTime") !== null), iAcc = head.indexOf(accTime);
  const iGyro = gyroTime !== null ? head.indexOf(gyroTime) : -1;
  if (iWall < 0 || iAcc < 0 || (gyroTime !== null && iGyro < 0)) return undefined;
  const stamp = (r: readonly string[], i: number): number => Number(r[i] ?? "");
  const data = rows.slice(1);
  const firstOf = (i: number): number | undefined => data.map((r) => stamp(r, i)).find((t) => t > 0);
  const anchor = data.find((r) => stamp(r, iAcc) > 0);
  const wall = anchor ? wallClock(anchor[iWall]) : undefined;
  const a0 = firstOf(iAcc), g0 = iGyro >= 0 ? firstOf(iGyro) : Number.NEGATIVE_INFINITY;
  if (!anchor || wall === undefined || a0 === undefined || g0 === undefined) return undefined;
  const offset_ms = Date.parse(wall) - stamp(anchor, iAcc) * 1000;
  return isoAtMs(offset_ms + Math.max(a0, g0) * 1000);
}
