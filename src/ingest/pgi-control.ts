/**
 * PGI v1 CONTROL payloads beyond SET_CONFIG (firmware-protocol/README.md, "Exact payload layouts"): GET_INFO,
 * TIME_SYNC, the STATUS body and GYRO_BIAS_CAL, each as a pure byte codec (the encoders serve the simulated
 * sensor and the golden-vector tests), and the NTP-style clock offset of a set of TIME_SYNC exchanges.
 */
import { PgiError } from "./pgi.js";

export interface PgiInfo {
  major: number;
  minor: number;
  build: number;
  /** The IMU's WHO_AM_I register (0x6A for the LSM6DS3TR-C, datasheet DocID029989 §9.12). */
  whoAmI: number;
  /** 0 unknown, 1 clip on the waistband, 2 strap. */
  mounting: number;
  rates_hz: number[];
  accRanges_g: number[];
  gyroRanges_dps: number[];
  maxN: number;
  clock_hz: number;
}

export interface PgiStatus {
  uptime_s: number;
  battery_mv: number;
  /** 255 = unknown. */
  battery_pct: number;
  /** Hundredths of a degree Celsius. */
  temperature_cdeg: number;
  fifoOverruns: number;
  txQueueFull: number;
  samplesDropped: number;
  framesSent: number;
  /** Connection interval in 1.25 ms units. */
  connInterval: number;
  mtu: number;
  /** 1 = 1M, 2 = 2M. */
  phy: number;
}

export const PGI_STATUS_BYTES = 30;

/** A bounds-checked little-endian reader that names the payload and field in its errors. */
class Cursor {
  readonly #v: DataView;
  #o = 0;
  constructor(
    readonly what: string,
    bytes: Uint8Array,
  ) {
    this.#v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  #need(n: number, field: string): void {
    if (this.#o + n > this.#v.byteLength) throw new PgiError(`${this.what} of ${this.#v.byteLength} bytes ends inside ${field} (byte ${this.#o}): expected ${this.#o + n} bytes or more`);
  }
  u8(f: string): number {
    this.#need(1, f);
    return this.#v.getUint8(this.#o++);
  }
  u16(f: string): number {
    this.#need(2, f);
    const x = this.#v.getUint16(this.#o, true);
    this.#o += 2;
    return x;
  }
  i16(f: string): number {
    this.#need(2, f);
    const x = this.#v.getInt16(this.#o, true);
    this.#o += 2;
    return x;
  }
  u32(f: string): number {
    this.#need(4, f);
    const x = this.#v.getUint32(this.#o, true);
    this.#o += 4;
    return x;
  }
  u64(f: string): number {
    this.#need(8, f);
    const x = this.#v.getBigUint64(this.#o, true);
    this.#o += 8;
    if (x > BigInt(Number.MAX_SAFE_INTEGER)) throw new PgiError(`${this.what}: ${f} ${x} is beyond 2^53 µs`);
    return Number(x);
  }
  list(f: string, read: (f: string) => number): number[] {
    const n = this.u8(`${f} count`);
    return Array.from({ length: n }, () => read(f));
  }
}

class Writer {
  readonly bytes: Uint8Array;
  readonly #v: DataView;
  #o = 0;
  constructor(n: number) {
    this.bytes = new Uint8Array(n);
    this.#v = new DataView(this.bytes.buffer);
  }
  u8(x: number): this {
    this.#v.setUint8(this.#o++, x);
    return this;
  }
  u16(x: number): this {
    this.#v.setUint16(this.#o, x, true);
    this.#o += 2;
    return this;
  }
  i16(x: number): this {
    this.#v.setInt16(this.#o, x, true);
    this.#o += 2;
    return this;
  }
  u32(x: number): this {
    this.#v.setUint32(this.#o, x, true);
    this.#o += 4;
    return this;
  }
  u64(x: number): this {
    this.#v.setBigUint64(this.#o, BigInt(x), true);
    this.#o += 8;
    return this;
  }
}

export function decodeInfo(payload: Uint8Array): PgiInfo {
  const c = new Cursor("GET_INFO response", payload);
  return {
    major: c.u8("major"),
    minor: c.u8("minor"),
    build: c.u32("build"),
    whoAmI: c.u8("who_am_i"),
    mounting: c.u8("mounting"),
    rates_hz: c.list("rate_hz", (f) => c.u16(f)),
    accRanges_g: c.list("acc_range_g", (f) => c.u8(f)),
    gyroRanges_dps: c.list("gyro_range_dps", (f) => c.u16(f)),
    maxN: c.u8("max_n"),
    clock_hz: c.u32("clock_hz"),
  };
}

export function encodeInfo(i: PgiInfo): Uint8Array {
  const w = new Writer(6 + 2 + 3 + 2 * i.rates_hz.length + i.accRanges_g.length + 2 * i.gyroRanges_dps.length + 5);
  w.u8(i.major).u8(i.minor).u32(i.build).u8(i.whoAmI).u8(i.mounting);
  w.u8(i.rates_hz.length);
  for (const r of i.rates_hz) w.u16(r);
  w.u8(i.accRanges_g.length);
  for (const r of i.accRanges_g) w.u8(r);
  w.u8(i.gyroRanges_dps.length);
  for (const r of i.gyroRanges_dps) w.u16(r);
  w.u8(i.maxN).u32(i.clock_hz);
  return w.bytes;
}

export function decodeStatus(body: Uint8Array): PgiStatus {
  const c = new Cursor("STATUS body", body);
  return {
    uptime_s: c.u32("uptime_s"),
    battery_mv: c.u16("battery_mv"),
    battery_pct: c.u8("battery_pct"),
    temperature_cdeg: c.i16("temperature_cdeg"),
    fifoOverruns: c.u32("fifo_overruns"),
    txQueueFull: c.u32("tx_queue_full"),
    samplesDropped: c.u32("samples_dropped"),
    framesSent: c.u32("frames_sent"),
    connInterval: c.u16("conn_interval"),
    mtu: c.u16("mtu"),
    phy: c.u8("phy"),
  };
}

export function encodeStatus(s: PgiStatus): Uint8Array {
  const w = new Writer(PGI_STATUS_BYTES);
  w.u32(s.uptime_s).u16(s.battery_mv).u8(s.battery_pct).i16(s.temperature_cdeg).u32(s.fifoOverruns).u32(s.txQueueFull).u32(s.samplesDropped).u32(s.framesSent).u16(s.connInterval).u16(s.mtu).u8(s.phy);
  return w.bytes;
}

export interface TimeSyncExchange {
  /** Host µs when the request left, echoed by the device. */
  t1_us: number;
  /** Device µs (32-bit clock of the DATA frames) when the request arrived and when the answer was queued. */
  t2_us: number;
  t3_us: number;
}

export const encodeTimeSyncRequest = (t1_us: number): Uint8Array => new Writer(8).u64(t1_us).bytes;

export function decodeTimeSyncRequest(payload: Uint8Array): number {
  return new Cursor("TIME_SYNC request", payload).u64("t1");
}

export function decodeTimeSyncResponse(payload: Uint8Array): TimeSyncExchange {
  const c = new Cursor("TIME_SYNC response", payload);
  return { t1_us: c.u64("t1"), t2_us: c.u32("t2"), t3_us: c.u32("t3") };
}

export const encodeTimeSyncResponse = (x: TimeSyncExchange): Uint8Array => new Writer(16).u64(x.t1_us).u32(x.t2_us).u32(x.t3_us).bytes;

export const encodeGyroBiasCalRequest = (duration_ms: number): Uint8Array => new Writer(2).u16(duration_ms).bytes;

export function decodeGyroBiasCalResponse(payload: Uint8Array): [number, number, number] {
  const c = new Cursor("GYRO_BIAS_CAL response", payload);
  return [c.i16("bias_x"), c.i16("bias_y"), c.i16("bias_z")];
}

/** Maps x onto [−2³¹, 2³¹): differences of the 32-bit device clock across its wrap. */
const wrap32 = (x: number): number => {
  const m = ((x % 2 ** 32) + 2 ** 32) % 2 ** 32;
  return m >= 2 ** 31 ? m - 2 ** 32 : m;
};

/** The device clock against the host's: `toHost_us(device µs)` for any device time near the synchronisation. */
export interface ClockSync {
  /** Round trip of the exchanges used, µs (the offset is uncertain by up to half of it). */
  rtt_us: number;
  /** Exchanges made and kept. */
  exchanges: number;
  kept: number;
  toHost_us(device_us: number): number;
}

/**
 * The NTP offset θ = ((t2 − t1) + (t3 − t4)) / 2 of each exchange (t4: host µs when the answer arrived), kept for
 * the quarter of exchanges with the shortest round trip (t4 − t1) − (t3 − t2), whose median θ is used: BLE rounds
 * every exchange up to a connection event, so the short ones carry the least asymmetry (PGI spec, "Time sync").
 * The device clock is 32-bit: differences are taken modulo 2³² and device times mapped near the last exchange.
 */
export function fitClockSync(xs: ReadonlyArray<TimeSyncExchange & { t4_us: number }>): ClockSync {
  if (xs.length === 0) throw new PgiError("clock sync needs at least one TIME_SYNC exchange");
  const rows = xs.map((x) => ({ rtt: x.t4_us - x.t1_us - wrap32(x.t3_us - x.t2_us), theta: (wrap32(x.t2_us - x.t1_us) + wrap32(x.t3_us - x.t4_us)) / 2, t4: x.t4_us }));
  rows.sort((a, b) => a.rtt - b.rtt);
  const kept = rows.slice(0, Math.max(1, Math.ceil(rows.length / 4)));
  const thetas = kept.map((r) => r.theta).sort((a, b) => a - b);
  const theta = thetas[Math.floor((thetas.length - 1) / 2)]!;
  const ref = Math.max(...xs.map((x) => x.t4_us));
  // θ is device − host modulo 2³²: a device time d sits at host ref + wrap32(d − θ − ref)
  return { rtt_us: kept[kept.length - 1]!.rtt, exchanges: xs.length, kept: kept.length, toHost_us: (d) => ref + wrap32(d - theta - ref) };
}
