/**
 * An import plan: which file of a bundle holds the accelerometer and which the gyroscope, which columns hold time
 * and the three axes, and how to bring them to seconds, g and deg/s with the Android sign (+1 g up at rest). Formats
 * (formats/*.ts) recognise a bundle and return a plan; `readStream` turns a plan's stream into raw blocks.
 */
import { UserError } from "../core/errors.js";
import type { BundleEntry } from "./bundle.js";
import type { RawBlock, RawStream } from "./merge.js";
import { openTable } from "./table.js";

/** Standard gravity, m/s² (CGPM 1901; ISO 80000-3). Apps that use another value say so in their format. */
export const G0_MPS2 = 9.80665;
export const DEG_PER_RAD = 180 / Math.PI;
/**
 * Largest magnitude an imported value may have once in g or deg/s: far beyond any IMU, so only a damaged cell gets
 * there, and far enough from the largest double that the resampler's interpolation cannot overflow to Infinity.
 */
export const MAX_ABS_VALUE = 1e9;

export interface StreamSpec {
  entry: BundleEntry;
  /** Names the file in messages: `bundle:entry`. */
  label: string;
  /** Lines before the header row. */
  skipLines?: number;
  /** Header cells of the time column and of x, y, z (exact, after unquoting and trimming). */
  time: string;
  axes: readonly [string, string, string];
  /** Seconds per unit of the time column (1e-9 for ns). */
  timeScale_s: number;
  /** Multiplies every value: to g for acceleration, to deg/s for angular rate; negative flips the sign. */
  scale: number;
  /** Another stream on the very same time stamps whose values are added first (Sensor Logger iOS: user + gravity). */
  plus?: StreamSpec;
}

/** A stream that is not a delimited table (JSON logs): it makes its raw blocks itself. */
export interface RawSource {
  label: string;
  open(): RawStream;
}

export interface ImportPlan {
  /** Format name as shown to the user, e.g. "phyphox (Android)". */
  format: string;
  acc: StreamSpec | RawSource;
  gyro: StreamSpec | RawSource | null;
  /** What was assumed or converted, one line each (shown in `info` and the analysis notes). */
  notes: string[];
  /**
   * Wall-clock time (ISO 8601, UTC, ms) of the imported stream's t = 0 when the export tells: the merged stream
   * starts at the later of the accelerometer's and gyroscope's first samples, so this is that sample's time, not the
   * moment the app started recording.
   */
  startedAt?: string;
  /** Device model or sensor name when the export tells. */
  device?: string;
}

/** The columns' indices in a header, or a one-line error naming what is missing. */
function indexOf(header: readonly string[], names: readonly string[], label: string): number[] {
  return names.map((n) => {
    const i = header.indexOf(n);
    if (i < 0) throw new UserError(`${label}: no column "${n}" (columns: ${header.join(", ")})`);
    return i;
  });
}

/** The plan's stream as raw blocks on the common clock (s), in g or deg/s. */
export function readStream(spec: StreamSpec | RawSource): RawStream {
  return "open" in spec ? spec.open() : { blocks: gen(spec) };
}

async function* gen(spec: StreamSpec): AsyncGenerator<RawBlock> {
  const table = await openTable(spec.entry, spec.label, spec.skipLines ?? 0);
  const cols = indexOf(table.header, [spec.time, ...spec.axes], spec.label);
  const plus = spec.plus ? await openTable(spec.plus.entry, spec.plus.label, spec.plus.skipLines ?? 0) : null;
  const plusCols = spec.plus && plus ? indexOf(plus.header, [spec.plus.time, ...spec.plus.axes], spec.plus.label) : null;
  const plusIt = plus && plusCols ? plus.rows(plusCols)[Symbol.asyncIterator]() : null;
  let pb: { line: number; n: number; cols: Float64Array[] } | null = null;
  let pi = 0;
  for await (const b of table.rows(cols)) {
    const out: RawBlock = { n: 0, t: new Float64Array(b.n), x: new Float64Array(b.n), y: new Float64Array(b.n), z: new Float64Array(b.n) };
    const [t, x, y, z] = b.cols as [Float64Array, Float64Array, Float64Array, Float64Array];
    for (let i = 0; i < b.n; i++) {
      let vx = x[i]!, vy = y[i]!, vz = z[i]!;
      if (plusIt && spec.plus) {
        if (!pb || pi >= pb.n) {
          const r = await plusIt.next();
          if (r.done) throw new UserError(`${spec.plus.label}: ends before ${spec.label} (line ${b.line + i}): expected the same time stamps in both`);
          pb = r.value;
          pi = 0;
        }
        if (pb.cols[0]![pi]! !== t[i]) throw new UserError(`${spec.plus.label}:${pb.line + pi}: time ${pb.cols[0]![pi]} where ${spec.label}:${b.line + i} has ${t[i]}: expected the same time stamps in both`);
        vx += pb.cols[1]![pi]! * (spec.plus.scale / spec.scale);
        vy += pb.cols[2]![pi]! * (spec.plus.scale / spec.scale);
        vz += pb.cols[3]![pi]! * (spec.plus.scale / spec.scale);
        pi++;
      }
      // a missing value (NaN) drops the sample: the resampler sees a gap if several go missing together
      if (Number.isNaN(t[i]!) || Number.isNaN(vx) || Number.isNaN(vy) || Number.isNaN(vz)) continue;
      const k = out.n++;
      out.t[k] = t[i]! * spec.timeScale_s;
      out.x[k] = vx * spec.scale;
      out.y[k] = vy * spec.scale;
      out.z[k] = vz * spec.scale;
      if (!(Math.abs(out.x[k]!) <= MAX_ABS_VALUE && Math.abs(out.y[k]!) <= MAX_ABS_VALUE && Math.abs(out.z[k]!) <= MAX_ABS_VALUE)) {
        const vs = [out.x[k]!, out.y[k]!, out.z[k]!];
        const a = vs.findIndex((v) => !(Math.abs(v) <= MAX_ABS_VALUE));
        throw new UserError(`${spec.label}:${b.line + i}: column "${spec.axes[a]}" gives ${vs[a]!.toPrecision(3)} in g or deg/s: beyond ±${MAX_ABS_VALUE}, not a sensor reading`);
      }
    }
    if (out.n > 0) yield out;
  }
}
