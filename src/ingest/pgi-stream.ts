/**
 * From PGI DATA frames to samples with times: sample times come from the device clock and the running sample index,
 * never from when a notification arrived (notifications arrive in bunches per connection event). The sample period
 * is fitted over the session (least squares of the unwrapped device time of each frame's first sample against its
 * index), which removes the oscillator's rate error; lost samples are found from jumps in the index and reported as
 * gaps; repeated samples (a frame sent twice after a reconnect) are dropped.
 */
import type { PgiConfig, PgiDataFrame } from "./pgi.js";

const G0_MPS2 = 9.80665; // standard gravity (ISO 80000-3), to express the m/s² scale in g

/** Samples decoded from frames, in the session's canonical units. */
export interface StreamBlock {
  length: number;
  /** Seconds since the first sample, on the device clock. */
  t_s: Float64Array;
  ax_g: Float64Array;
  ay_g: Float64Array;
  az_g: Float64Array;
  gx_dps: Float64Array | null;
  gy_dps: Float64Array | null;
  gz_dps: Float64Array | null;
}

export interface StreamStats {
  frames: number;
  samples: number;
  /** Samples missing from the index sequence (lost on the device or on the air). */
  lostSamples: number;
  /** Samples received twice and dropped. */
  duplicateSamples: number;
  /** Frames whose configuration id was not the one in use (dropped: their scale is unknown). */
  foreignConfigFrames: number;
  /** Fitted sample period, s, and the nominal one. */
  period_s: number;
  nominalPeriod_s: number;
}

/**
 * Unwraps a 32-bit device clock: each stamp lands at the previous one plus their difference taken modulo 2³² into
 * [−2³¹, 2³¹) (serial-number arithmetic, RFC 1982). A wrap moves forward once; a frame sent again from just before a
 * wrap, arriving after it, lands just before it too (counting "a drop means a wrap" counted that wrap twice and threw
 * every later time off by 2³²). Steps of more than 2³¹ ticks forward (35.8 min of µs) read as steps back.
 */
export class Unwrap32 {
  #lastRaw = -1;
  #last = 0;

  next(raw: number): number {
    if (this.#lastRaw < 0) this.#last = raw;
    else {
      let d = (raw - this.#lastRaw) % 2 ** 32;
      if (d >= 2 ** 31) d -= 2 ** 32;
      else if (d < -(2 ** 31)) d += 2 ** 32;
      this.#last += d;
    }
    this.#lastRaw = raw;
    return this.#last;
  }
}

/** Least-squares line of device time (µs, unwrapped) against sample index, from the frames' first samples. */
export class ClockFit {
  #n = 0;
  #x0 = 0;
  #y0 = 0;
  #sx = 0;
  #sy = 0;
  #sxx = 0;
  #sxy = 0;
  readonly #clock = new Unwrap32();

  /** Unwraps the 32-bit µs counter (see Unwrap32). */
  unwrap(t0_us: number): number {
    return this.#clock.next(t0_us);
  }

  add(idx: number, t_us: number): void {
    if (this.#n === 0) {
      this.#x0 = idx;
      this.#y0 = t_us;
    }
    const x = idx - this.#x0, y = t_us - this.#y0;
    this.#n++;
    this.#sx += x;
    this.#sy += y;
    this.#sxx += x * x;
    this.#sxy += x * y;
  }

  /** Fitted µs per sample, or `fallback_us` with fewer than two distinct indices. */
  slope_us(fallback_us: number): number {
    const n = this.#n;
    const d = n * this.#sxx - this.#sx * this.#sx;
    return n >= 2 && d > 0 ? (n * this.#sxy - this.#sx * this.#sy) / d : fallback_us;
  }
}

export class PgiStream {
  readonly #cfg: PgiConfig;
  readonly #clock = new ClockFit();
  #nextIdx = -1;
  #t0Origin_us = Number.NaN;
  readonly stats: StreamStats;
  /** Gaps found, as [last good sample time, next sample time] in seconds. */
  readonly gaps: Array<[number, number]> = [];

  constructor(config: PgiConfig) {
    this.#cfg = config;
    this.stats = { frames: 0, samples: 0, lostSamples: 0, duplicateSamples: 0, foreignConfigFrames: 0, period_s: 1 / config.odr_hz, nominalPeriod_s: 1 / config.odr_hz };
  }

  /** The device clock (32-bit µs, as in the frames) at the first sample; NaN before the first frame. */
  get originDevice_us(): number {
    return this.#t0Origin_us % 2 ** 32;
  }

  /** Converts one frame; returns its new samples (null when the frame held none worth keeping). */
  push(f: PgiDataFrame): StreamBlock | null {
    const s = this.stats;
    s.frames++;
    if (f.cfgId !== this.#cfg.cfgId) {
      s.foreignConfigFrames++;
      return null;
    }
    const t_us = this.#clock.unwrap(f.t0_us);
    if (Number.isNaN(this.#t0Origin_us)) this.#t0Origin_us = t_us;
    this.#clock.add(f.idx0, t_us);
    const period_us = this.#clock.slope_us(1e6 / this.#cfg.odr_hz);
    s.period_s = period_us / 1e6;
    // skip samples already delivered (a resent frame), note samples never delivered (a gap)
    let first = 0;
    if (this.#nextIdx >= 0) {
      if (f.idx0 + f.n <= this.#nextIdx) {
        s.duplicateSamples += f.n;
        return null;
      }
      if (f.idx0 < this.#nextIdx) {
        first = this.#nextIdx - f.idx0;
        s.duplicateSamples += first;
      } else if (f.idx0 > this.#nextIdx) {
        const lost = f.idx0 - this.#nextIdx;
        s.lostSamples += lost;
        const before = (t_us - this.#t0Origin_us - period_us * (lost + 1)) / 1e6;
        this.gaps.push([Math.max(0, before), (t_us - this.#t0Origin_us) / 1e6]);
      }
    }
    const m = f.n - first;
    const ch = f.channels;
    const accScale_g = this.#cfg.accScale_mps2 / G0_MPS2;
    const gyro = ch === 6;
    const b: StreamBlock = {
      length: m,
      t_s: new Float64Array(m),
      ax_g: new Float64Array(m),
      ay_g: new Float64Array(m),
      az_g: new Float64Array(m),
      gx_dps: gyro ? new Float64Array(m) : null,
      gy_dps: gyro ? new Float64Array(m) : null,
      gz_dps: gyro ? new Float64Array(m) : null,
    };
    for (let j = 0; j < m; j++) {
      const k = first + j;
      b.t_s[j] = (t_us - this.#t0Origin_us + period_us * k) / 1e6;
      const o = k * ch;
      b.ax_g[j] = f.samples[o]! * accScale_g;
      b.ay_g[j] = f.samples[o + 1]! * accScale_g;
      b.az_g[j] = f.samples[o + 2]! * accScale_g;
      if (gyro) {
        b.gx_dps![j] = f.samples[o + 3]! * this.#cfg.gyroScale_dps;
        b.gy_dps![j] = f.samples[o + 4]! * this.#cfg.gyroScale_dps;
        b.gz_dps![j] = f.samples[o + 5]! * this.#cfg.gyroScale_dps;
      }
    }
    this.#nextIdx = f.idx0 + f.n;
    s.samples += m;
    return b;
  }
}
