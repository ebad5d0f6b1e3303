/**
 * A Polar sensor (Verity Sense class, PMD) as a live source: start the accelerometer and gyroscope streams with
 * their settings, read each stream's scale factor from the START response, decode the frames (raw or delta
 * compressed, polar-pmd.ts) with their device timestamps, and merge the two streams onto the accelerometer's
 * sample times, interpolating the gyroscope linearly (they are sampled separately at the same nominal rate).
 * Control point layout from Polar's BLE SDK (ble-protocols.md §4): request `[op][measurement type][settings TLV]`,
 * response `[0xF0][op][type][status][more][parameters]`, settings `[setting type][count][values]`.
 *
 * PMD frames carry the device time (ns since 2000-01-01) of their last sample but no sample index, so a lost
 * notification shows as the time jumping by more than the frame's samples: those samples are counted as lost and
 * the gap recorded, and the frame after it is spread at the fitted period rather than over the gap. A frame no
 * newer than the one before is a repeat and dropped. After a link drop the sensor has stopped measuring; `resume`
 * subscribes and starts both streams again, and the device clock, which ran on, places the gap.
 */
import { decodePmdFrame, PMD_CONTROL_UUID, PMD_DATA_UUID, PMD_MEASUREMENT, PMD_SERVICE_UUID, PmdError, pmdSampleTimes } from "./polar-pmd.js";
import { ClockFit, type StreamBlock, type StreamStats } from "./pgi-stream.js";
import { TransportError, withTimeout, type Connection } from "./transport.js";

const G_PER_MG = 1e-3;
export const PMD_OP = { GET_SETTINGS: 1, START: 2, STOP: 3 } as const;
export const PMD_SETTING = { SAMPLE_RATE: 0, RESOLUTION: 1, RANGE: 2, CHANNELS: 4, FACTOR: 5 } as const;

/** START request: sample rate (Hz), resolution 16 bit, range (g or deg/s), 3 channels. */
export function encodePmdStart(type: number, rate_hz: number, range: number): Uint8Array {
  const u16 = (x: number): number[] => [x & 0xff, x >> 8];
  return Uint8Array.from([PMD_OP.START, type, PMD_SETTING.SAMPLE_RATE, 1, ...u16(rate_hz), PMD_SETTING.RESOLUTION, 1, ...u16(16), PMD_SETTING.RANGE, 1, ...u16(range), PMD_SETTING.CHANNELS, 1, 3]);
}

/** The FACTOR setting of a START response's parameters (1 when absent); PmdError when it is not a positive number. */
export function pmdFactor(params: Uint8Array): number {
  const v = new DataView(params.buffer, params.byteOffset, params.byteLength);
  const size: Record<number, number> = { 0: 2, 1: 2, 2: 2, 3: 4, 4: 1, 5: 4, 6: 16 };
  for (let o = 0; o + 2 <= params.length; ) {
    const type = params[o]!, count = params[o + 1]!;
    const w = size[type];
    if (w === undefined) break;
    if (type === PMD_SETTING.FACTOR && count >= 1 && o + 2 + 4 <= params.length) {
      const f = v.getFloat32(o + 2, true);
      // every sample is multiplied by it: a NaN, infinite, zero or negative factor would spoil the whole stream
      if (!(f > 0 && f < Number.POSITIVE_INFINITY)) throw new PmdError(`START response: FACTOR ${f}: expected a positive number`);
      return f;
    }
    o += 2 + w * count;
  }
  return 1;
}

interface Pending {
  resolve: (params: Uint8Array) => void;
  reject: (e: Error) => void;
}

export class PolarClient {
  #conn: Connection;
  readonly #rate: number;
  readonly #timeout_ms: number;
  readonly #pending = new Map<string, Pending>();
  readonly #factor = new Map<number, number>();
  readonly #prevTs = new Map<number, bigint>();
  #origin_ns: number | null = null;
  #tsOrigin: bigint | null = null;
  // accelerometer samples waiting for gyroscope samples after them: time (ns) and x y z (g)
  readonly #acc = new SampleQueue();
  // gyroscope samples: time (ns) and x y z (deg/s), the last one kept for interpolation
  readonly #gyr = new SampleQueue();
  #onBlock: ((b: StreamBlock) => void) | null = null;
  readonly #clock = new ClockFit();
  /** Accelerometer samples so far, lost ones included (the position of the next one). */
  #pos = 0;
  badFrames = 0;
  /** Counts of the accelerometer stream, which sets the output times; `lostSamples` includes accelerometer samples
   * dropped because the gyroscope had a gap around them. */
  readonly stats: StreamStats;
  /** Gaps, as [last sample time, next sample time] in seconds from the first sample. */
  readonly gaps: Array<[number, number]> = [];

  constructor(conn: Connection, rate_hz = 208, timeout_ms = 3000) {
    this.#conn = conn;
    this.#rate = rate_hz;
    this.#timeout_ms = timeout_ms;
    this.stats = { frames: 0, samples: 0, lostSamples: 0, duplicateSamples: 0, foreignConfigFrames: 0, period_s: 1 / rate_hz, nominalPeriod_s: 1 / rate_hz };
  }

  async start(onBlock: (b: StreamBlock) => void): Promise<{ odr_hz: number }> {
    this.#onBlock = onBlock;
    await this.#startStreams();
    return { odr_hz: this.#rate };
  }

  /** Carries on over a new connection after the link dropped (see the file comment). */
  async resume(conn: Connection): Promise<void> {
    this.#conn = conn;
    for (const p of this.#pending.values()) p.reject(new TransportError(`${conn.id}: link dropped`));
    this.#pending.clear();
    await this.#startStreams();
  }

  async stop(): Promise<void> {
    for (const type of [PMD_MEASUREMENT.ACC, PMD_MEASUREMENT.GYRO]) await this.#request(PMD_OP.STOP, type, Uint8Array.of(PMD_OP.STOP, type));
  }

  async #startStreams(): Promise<void> {
    await withTimeout(this.#conn.subscribe(PMD_SERVICE_UUID, PMD_CONTROL_UUID, (d) => this.#onControl(d)), this.#timeout_ms, `${this.#conn.id}: subscribe control point`);
    await withTimeout(this.#conn.subscribe(PMD_SERVICE_UUID, PMD_DATA_UUID, (d) => this.#onData(d)), this.#timeout_ms, `${this.#conn.id}: subscribe data`);
    for (const [type, range] of [
      [PMD_MEASUREMENT.ACC, 8],
      [PMD_MEASUREMENT.GYRO, 2000],
    ] as const) {
      const params = await this.#request(PMD_OP.START, type, encodePmdStart(type, this.#rate, range));
      this.#factor.set(type, pmdFactor(params));
    }
  }

  async #request(op: number, type: number, bytes: Uint8Array): Promise<Uint8Array> {
    const key = `${op}:${type}`;
    const answer = new Promise<Uint8Array>((resolve, reject) => this.#pending.set(key, { resolve, reject }));
    try {
      await withTimeout(this.#conn.write(PMD_SERVICE_UUID, PMD_CONTROL_UUID, bytes), this.#timeout_ms, `${this.#conn.id}: PMD request ${op}/${type}`);
      return await withTimeout(answer, this.#timeout_ms, `${this.#conn.id}: PMD response ${op}/${type}`);
    } finally {
      this.#pending.delete(key);
    }
  }

  #onControl(d: Uint8Array): void {
    if (d.length < 4 || d[0] !== 0xf0) return;
    const p = this.#pending.get(`${d[1]}:${d[2]}`);
    if (!p) return;
    if (d[3] !== 0) p.reject(new TransportError(`${this.#conn.id}: PMD request ${d[1]}/${d[2]} answered error ${d[3]}`));
    else p.resolve(d.subarray(5));
  }

  #onData(bytes: Uint8Array): void {
    let f;
    try {
      const type = bytes[0]! & 0x7f;
      f = decodePmdFrame(bytes, this.#factor.get(type) ?? 1);
    } catch (e) {
      if (!(e instanceof PmdError)) throw e;
      this.badFrames++;
      return;
    }
    const prev = this.#prevTs.get(f.measType) ?? null;
    if (prev !== null && f.timestamp_ns <= prev) {
      if (f.measType === PMD_MEASUREMENT.ACC) this.stats.duplicateSamples += f.n;
      return;
    }
    const nominal_ns = 1e9 / this.#rate;
    // the time since the previous frame holds more than this frame's samples (with slack for clock error): lost ones
    const lost = prev === null ? 0 : Math.round(Number(f.timestamp_ns - prev) / nominal_ns) - f.n;
    const gap = lost > 0 && Number(f.timestamp_ns - prev!) / f.n > 1.5 * nominal_ns;
    const t = pmdSampleTimes(f, gap ? null : prev, this.#rate);
    this.#prevTs.set(f.measType, f.timestamp_ns);
    this.#origin_ns ??= t[0]!;
    if (f.measType === PMD_MEASUREMENT.ACC) {
      this.stats.frames++;
      if (gap && prev !== null) {
        this.stats.lostSamples += lost;
        this.gaps.push([(Number(prev) - this.#origin_ns) / 1e9, (t[0]! - this.#origin_ns) / 1e9]);
        this.#pos += lost;
      }
      this.#pos += f.n;
      this.#clock.add(this.#pos - 1, Number(f.timestamp_ns - (this.#tsOrigin ??= f.timestamp_ns)) / 1e3);
      this.stats.period_s = this.#clock.slope_us(nominal_ns / 1e3) / 1e6;
    }
    const dst = f.measType === PMD_MEASUREMENT.ACC ? this.#acc : f.measType === PMD_MEASUREMENT.GYRO ? this.#gyr : null;
    if (!dst) return;
    // the raw ACC unit is mG (when the factor is 1); the GYRO values are deg/s after the factor
    const unit = f.measType === PMD_MEASUREMENT.ACC && (this.#factor.get(PMD_MEASUREMENT.ACC) ?? 1) === 1 ? G_PER_MG : 1;
    for (let k = 0; k < f.n; k++) dst.push(t[k]!, f.values[3 * k]! * unit, f.values[3 * k + 1]! * unit, f.values[3 * k + 2]! * unit);
    this.#merge();
  }

  /** Emits the accelerometer samples that have gyroscope samples on both sides, with the rate interpolated. */
  #merge(): void {
    const a = this.#acc, g = this.#gyr;
    const maxGap_ns = (3 * 1e9) / this.#rate;
    const origin = this.#origin_ns ?? 0;
    // first pass: which accelerometer samples can be interpolated now (the queue is not changed)
    let ai = 0, gi = 0, n = 0;
    const gn = g.length;
    while (ai < a.length) {
      const ta = a.t(ai);
      while (gi + 1 < gn && g.t(gi + 1) < ta) gi++;
      if (gi + 1 >= gn) break; // no gyroscope sample after this one yet
      if (!(ta < g.t(gi) || g.t(gi + 1) - g.t(gi) > maxGap_ns)) n++;
      ai++;
    }
    const b: StreamBlock = { length: n, t_s: new Float64Array(n), ax_g: new Float64Array(n), ay_g: new Float64Array(n), az_g: new Float64Array(n), gx_dps: new Float64Array(n), gy_dps: new Float64Array(n), gz_dps: new Float64Array(n) };
    // second pass: fill the block
    const end = ai;
    ai = 0;
    gi = 0;
    let k = 0;
    for (; ai < end; ai++) {
      const ta = a.t(ai);
      while (gi + 1 < gn && g.t(gi + 1) < ta) gi++;
      const t0 = g.t(gi), t1 = g.t(gi + 1);
      if (ta < t0 || t1 - t0 > maxGap_ns) {
        // before the gyroscope's first sample, or inside a gap of the gyroscope stream: cannot be interpolated
        this.stats.lostSamples++;
        continue;
      }
      const w = t1 > t0 ? (ta - t0) / (t1 - t0) : 0;
      b.t_s[k] = (ta - origin) / 1e9;
      b.ax_g[k] = a.x(ai, 0);
      b.ay_g[k] = a.x(ai, 1);
      b.az_g[k] = a.x(ai, 2);
      b.gx_dps![k] = g.x(gi, 0) + w * (g.x(gi + 1, 0) - g.x(gi, 0));
      b.gy_dps![k] = g.x(gi, 1) + w * (g.x(gi + 1, 1) - g.x(gi, 1));
      b.gz_dps![k] = g.x(gi, 2) + w * (g.x(gi + 1, 2) - g.x(gi, 2));
      k++;
    }
    a.drop(end);
    g.drop(gi);
    if (n === 0) return;
    this.stats.samples += n;
    this.#onBlock?.(b);
  }
}

/** A growable queue of (time, x, y, z) samples in one Float64Array, dropped from the front without reallocating. */
class SampleQueue {
  #buf = new Float64Array(4 * 256);
  #head = 0;
  #len = 0;
  get length(): number {
    return this.#len;
  }
  t(i: number): number {
    return this.#buf[4 * (this.#head + i)]!;
  }
  x(i: number, axis: number): number {
    return this.#buf[4 * (this.#head + i) + 1 + axis]!;
  }
  push(t: number, x: number, y: number, z: number): void {
    if (4 * (this.#head + this.#len + 1) > this.#buf.length) {
      // compact to the front, growing only when the live part needs it
      const live = this.#buf.subarray(4 * this.#head, 4 * (this.#head + this.#len));
      const next = 4 * (this.#len + 1) > this.#buf.length / 2 ? new Float64Array(this.#buf.length * 2) : this.#buf;
      next.set(live, 0); // TypedArray.set copies overlapping ranges correctly
      this.#buf = next;
      this.#head = 0;
    }
    const o = 4 * (this.#head + this.#len);
    this.#buf[o] = t;
    this.#buf[o + 1] = x;
    this.#buf[o + 2] = y;
    this.#buf[o + 3] = z;
    this.#len++;
  }
  drop(n: number): void {
    this.#head += n;
    this.#len -= n;
    if (this.#len === 0) this.#head = 0;
  }
}
