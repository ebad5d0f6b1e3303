/**
 * Two separately clocked streams (accelerometer, gyroscope) → one uniform stream of IMU samples. Each stream goes
 * through its own StreamResampler onto the same grid `origin + k / rate`; a grid instant is kept only when both
 * streams have a value there (a gap in either is a gap in the result). Read alternately, so memory stays bounded
 * by a block of each stream whatever their lengths.
 */
import { UserError } from "../core/errors.js";
import type { StreamBlock } from "../ingest/pgi-stream.js";
import { antiAliasTaps, StreamResampler } from "./resample.js";

/** Samples of one stream in physical units (g or deg/s) on the common clock (s). */
export interface RawBlock {
  n: number;
  t: Float64Array;
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
}

export interface RawStream {
  blocks: AsyncIterator<RawBlock>;
}

/**
 * A stream's rate (Hz) from its first block: the mean of the steps that are not gaps (longer than 2.5 × the median
 * step, the resampler's gap limit); NaN when it has fewer than 2 increasing samples. Not the median step itself:
 * time stamps rounded to whole ms (Movesense Showcase, MetaBase logging) step 9 or 10 ms at 104 Hz, and the median
 * is one of those (111.1 or 100 Hz) while the mean is the true rate.
 */
export function streamRate(b: RawBlock): number {
  const d: number[] = [];
  for (let i = 1; i < b.n; i++) {
    const dt = b.t[i]! - b.t[i - 1]!;
    if (dt > 0) d.push(dt);
  }
  if (d.length === 0) return Number.NaN;
  const sorted = [...d].sort((a, c) => a - c);
  const limit = 2.5 * sorted[Math.floor(sorted.length / 2)]!;
  let sum = 0, n = 0;
  for (const dt of d)
    if (dt <= limit) {
      sum += dt;
      n++;
    }
  return n / sum;
}

/** A growable queue of grid samples (k, x, y, z). */
class GridQueue {
  #k = new Float64Array(1024);
  #v = new Float64Array(3 * 1024);
  #head = 0;
  #len = 0;
  get length(): number {
    return this.#len;
  }
  push(k: number, x: number, y: number, z: number): void {
    if (this.#head + this.#len === this.#k.length) {
      const cap = this.#len * 2 > this.#k.length ? this.#k.length * 2 : this.#k.length;
      const k2 = new Float64Array(cap), v2 = new Float64Array(3 * cap);
      k2.set(this.#k.subarray(this.#head, this.#head + this.#len));
      v2.set(this.#v.subarray(3 * this.#head, 3 * (this.#head + this.#len)));
      this.#k = k2;
      this.#v = v2;
      this.#head = 0;
    }
    const i = this.#head + this.#len++;
    this.#k[i] = k;
    this.#v[3 * i] = x;
    this.#v[3 * i + 1] = y;
    this.#v[3 * i + 2] = z;
  }
  k(i: number): number {
    return this.#k[this.#head + i]!;
  }
  v(i: number, c: number): number {
    return this.#v[3 * (this.#head + i) + c]!;
  }
  drop(n: number): void {
    this.#head += n;
    this.#len -= n;
    if (this.#len === 0) this.#head = 0;
  }
}

/** Longest anti-alias filter the merge designs: an input about 600 times faster than the output. */
const MAX_TAPS = 20_001;

/**
 * Refuses rates the resampler cannot work with (damaged or misread time stamps give them): no rate at all (fewer
 * than two increasing time stamps: its grid would loop forever), no output rate, or an input so much faster than
 * the output that the anti-alias filter would take minutes to design and run.
 */
function checkRate(rate_hz: number, out_hz: number, what: string): void {
  if (!(rate_hz > 0 && rate_hz < Number.POSITIVE_INFINITY)) throw new UserError(`${what}: fewer than 2 samples with increasing time stamps at the start: cannot tell the sample rate`);
  if (!(out_hz > 0 && out_hz < Number.POSITIVE_INFINITY)) throw new UserError(`${what}: output rate ${out_hz} Hz: expected a positive rate (are the time stamps in another unit?)`);
  const taps = antiAliasTaps(rate_hz, out_hz);
  if (taps > MAX_TAPS) throw new UserError(`${what}: ${rate_hz.toPrecision(4)} Hz is too far above the output rate of ${out_hz.toPrecision(4)} Hz to filter down (${taps} taps); are the time stamps damaged, or in another unit?`);
}

export interface MergeInfo {
  accRate_hz: number;
  gyroRate_hz: number | null;
  outRate_hz: number;
  /** Common-clock time of output t = 0, s. */
  origin_s: number;
  droppedAcc: number;
  droppedGyro: number;
}

/**
 * Resamples `acc` (and `gyro`, when given) onto one grid at `outRate_hz` and yields blocks of samples with `t_s`
 * from the first common instant. The default rate is the accelerometer's rate (streamRate) rounded to 0.1 Hz: contact
 * detection needs the accelerometer's bandwidth, while pelvic rotation in the gyroscope is slow (a 59 Hz phone
 * gyroscope is interpolated up to a 100 Hz accelerometer, a 415 Hz one filtered down).
 */
export async function* mergeStreams(
  acc: RawStream,
  gyro: RawStream | null,
  opts: { outRate_hz?: number; blockSize?: number; onStart?: (info: MergeInfo) => void; labels?: { acc: string; gyro: string | null } } = {},
): AsyncGenerator<StreamBlock, MergeInfo> {
  const firstA = await acc.blocks.next();
  const firstG = gyro ? await gyro.blocks.next() : null;
  const info: MergeInfo = { accRate_hz: Number.NaN, gyroRate_hz: null, outRate_hz: Number.NaN, origin_s: 0, droppedAcc: 0, droppedGyro: 0 };
  if (firstA.done || (firstG && firstG.done)) return info;
  info.accRate_hz = streamRate(firstA.value);
  info.gyroRate_hz = firstG ? streamRate(firstG.value!) : null;
  info.outRate_hz = opts.outRate_hz ?? Math.round(info.accRate_hz * 10) / 10;
  checkRate(info.accRate_hz, info.outRate_hz, opts.labels?.acc ?? "accelerometer stream");
  if (info.gyroRate_hz !== null) checkRate(info.gyroRate_hz, info.outRate_hz, opts.labels?.gyro ?? "gyroscope stream");
  info.origin_s = Math.max(firstA.value.t[0]!, firstG ? firstG.value!.t[0]! : Number.NEGATIVE_INFINITY);
  const qa = new GridQueue(), qg = new GridQueue();
  const ra = new StreamResampler({ inRate_hz: info.accRate_hz, outRate_hz: info.outRate_hz, origin_s: info.origin_s }, (k, x, y, z) => qa.push(k, x, y, z));
  const rg = gyro ? new StreamResampler({ inRate_hz: info.gyroRate_hz!, outRate_hz: info.outRate_hz, origin_s: info.origin_s }, (k, x, y, z) => qg.push(k, x, y, z)) : null;
  const feed = (r: StreamResampler, b: RawBlock): void => {
    for (let i = 0; i < b.n; i++) r.push(b.t[i]!, b.x[i]!, b.y[i]!, b.z[i]!);
  };
  opts.onStart?.(info);
  feed(ra, firstA.value);
  if (rg && firstG) feed(rg, firstG.value!);
  let doneA = false, doneG = !gyro;
  const size = opts.blockSize ?? 4096;
  const period = 1 / info.outRate_hz;
  for (;;) {
    // pair what both queues hold; an instant only one stream has is dropped (the other has a gap there)
    const out: number[] = [];
    while (qa.length > 0 && (rg ? qg.length > 0 : true)) {
      const ka = qa.k(0);
      if (rg) {
        const kg = qg.k(0);
        if (ka < kg) {
          qa.drop(1);
          continue;
        }
        if (kg < ka) {
          qg.drop(1);
          continue;
        }
        out.push(ka, qa.v(0, 0), qa.v(0, 1), qa.v(0, 2), qg.v(0, 0), qg.v(0, 1), qg.v(0, 2));
        qg.drop(1);
      } else out.push(ka, qa.v(0, 0), qa.v(0, 1), qa.v(0, 2), 0, 0, 0);
      qa.drop(1);
      if (out.length >= 7 * size) break;
    }
    const n = out.length / 7;
    if (n > 0) {
      const b: StreamBlock = {
        length: n,
        t_s: new Float64Array(n),
        ax_g: new Float64Array(n),
        ay_g: new Float64Array(n),
        az_g: new Float64Array(n),
        gx_dps: rg ? new Float64Array(n) : null,
        gy_dps: rg ? new Float64Array(n) : null,
        gz_dps: rg ? new Float64Array(n) : null,
      };
      for (let i = 0; i < n; i++) {
        const o = 7 * i;
        b.t_s[i] = out[o]! * period;
        b.ax_g[i] = out[o + 1]!;
        b.ay_g[i] = out[o + 2]!;
        b.az_g[i] = out[o + 3]!;
        if (rg) {
          b.gx_dps![i] = out[o + 4]!;
          b.gy_dps![i] = out[o + 5]!;
          b.gz_dps![i] = out[o + 6]!;
        }
      }
      yield b;
      continue;
    }
    if (doneA && doneG) break;
    // read more of the stream that is behind (or the one that still has data)
    const aBehind = !doneA && (doneG || qa.length <= qg.length);
    if (aBehind) {
      const r = await acc.blocks.next();
      if (r.done) {
        doneA = true;
        ra.end();
      } else feed(ra, r.value);
    } else {
      const r = await gyro!.blocks.next();
      if (r.done) {
        doneG = true;
        rg!.end();
      } else feed(rg!, r.value);
    }
    // once one stream has ended and its queue is empty, nothing more can pair: stop reading the other
    if (doneA && qa.length === 0 && !doneG) {
      doneG = true;
      rg?.end();
    }
    if (doneG && gyro && qg.length === 0 && !doneA) {
      doneA = true;
      ra.end();
    }
  }
  // finish both readers (a stream left mid-file releases its file only when its generator is closed)
  await acc.blocks.return?.();
  await gyro?.blocks.return?.();
  info.droppedAcc = ra.dropped;
  info.droppedGyro = rg?.dropped ?? 0;
  return info;
}
