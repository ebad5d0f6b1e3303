/**
 * Simulated sensors behind the transport seam: in-memory peripherals that speak a device's own protocol and stream
 * a simulated run as fast as the host takes it. One link model serves all of them (lost notifications, a link that
 * drops every so often and can be reconnected after a downtime, a device clock with a rate error); the protocols
 * are the device side of what the drivers read:
 * - `pgi`: our firmware (PGI v1: CONTROL requests answered by indications, int16 DATA frames with a running sample
 *   index and a 32-bit µs clock), like `firmware-protocol/firmware/`;
 * - `movesense`: the GATT SensorData firmware (SUBSCRIBE /Meas/IMU6/<rate>, float32 notifications of 8 samples with
 *   the 32-bit ms time of the first);
 * - `polar`: PMD (START of ACC and GYRO answered with their factors, raw int16 frames with the ns time of their last
 *   sample, the gyroscope sampled 1 ms after the accelerometer).
 * Encoding only: nothing here estimates anything. For tests and demos without a radio.
 */
import { Rng } from "../core/math/rng.js";
import type { Simulation } from "../sim/index.js";
import { GSP_NOTIFY_UUID, GSP_WRITE_UUID } from "./movesense.js";
import {
  encodeDataFrame,
  encodeSetConfigResponse,
  PGI_CONTROL_UUID,
  PGI_DATA_UUID,
  PGI_FLAG,
  PGI_OP,
  PGI_RESPONSE,
  PGI_TYPE,
  type PgiConfig,
} from "./pgi.js";
import { decodeTimeSyncRequest, encodeInfo, encodeStatus, encodeTimeSyncResponse, type PgiInfo } from "./pgi-control.js";
import { PMD_CONTROL_UUID, PMD_DATA_UUID, PMD_MEASUREMENT } from "./polar-pmd.js";
import { TransportError, type Connection } from "./transport.js";

const G0_MPS2 = 9.80665;
/** LSM6DS3TR-C sensitivities (ST lsm6ds3tr-c driver): 0.488 mg per count at ±16 g, 70 mdps per count at ±2000 °/s. */
const ACC_MG_PER_COUNT_16G = 0.488;
const GYRO_MDPS_PER_COUNT_2000 = 70;

export type SimProtocol = "pgi" | "movesense" | "polar";

export interface SimSensorOptions {
  /** Samples per PGI notification at this MTU: 19 IMU6 samples at MTU 247. */
  nPerFrame?: number;
  /** The device oscillator's rate error, ppm (+ = its clock runs fast). */
  clockError_ppm?: number;
  /** Share of data notifications lost on the air. */
  frameLoss?: number;
  /** PGI device clock at the first sample, µs (near 2³² to test the wrap). */
  clockStart_us?: number;
  /** Drop the link every this many seconds of data (Infinity: never). */
  dropEvery_s?: number;
  /** Data time the link stays down before a reconnection can succeed, s. */
  downtime_s?: number;
  /** 1 streams in real time (as a sensor does), 0 as fast as the host takes it. */
  pace?: number;
  seed?: number;
}

type Handler = (d: Uint8Array) => void;

/** What a protocol can do to its device: answer, send data, start or resume streaming. */
interface DeviceSide {
  readonly o: Required<SimSensorOptions>;
  readonly sampleRate_hz: number;
  readonly streaming: boolean;
  /** Samples taken so far (the device clock runs with them). */
  readonly idx: number;
  /** Sends a control answer (never lost). */
  answer(characteristic: string, bytes: Uint8Array): void;
  /** Sends a data notification (lost with the link down or at the loss rate). */
  data(characteristic: string, bytes: Uint8Array): void;
  /** Starts streaming, or carries on after a reconnection when already streaming. */
  go(): void;
  halt(): void;
}

/** The device side of one wire protocol. */
interface DeviceProtocol {
  onWrite(characteristic: string, data: Uint8Array): void;
  /** One sample in g and deg/s; `idx` counts from the first sample. */
  sample(idx: number, s: Float64Array): void;
  flush(): void;
  /** The link dropped (a protocol whose device forgets its streams on a drop clears them here). */
  reset?(): void;
}

/** What the simulated firmware says of itself (the reference firmware's abilities, firmware-protocol/README.md). */
const SIM_INFO: PgiInfo = { major: 1, minor: 1, build: 0, whoAmI: 0x6a, mounting: 1, rates_hz: [52, 104, 208, 416], accRanges_g: [2, 4, 8, 16], gyroRanges_dps: [250, 500, 1000, 2000], maxN: 19, clock_hz: 1_000_000 };

const clip16 = (x: number): number => (x > 32767 ? 32767 : x < -32768 ? -32768 : Math.round(x));

function pgiProtocol(dev: DeviceSide): DeviceProtocol {
  let config: PgiConfig | null = null;
  const n = dev.o.nPerFrame;
  const buf = new Int16Array(6 * n);
  let filled = 0, idx0 = 0, seq = 0;
  let latencySamples = Number.POSITIVE_INFINITY;
  const period_us = (1e6 / dev.sampleRate_hz) * (1 + dev.o.clockError_ppm * 1e-6);
  const send = (): void => {
    if (!config || filled === 0) return;
    const t0_us = (dev.o.clockStart_us + Math.round(idx0 * period_us)) % 2 ** 32;
    dev.data(PGI_DATA_UUID, encodeDataFrame({ type: PGI_TYPE.IMU6_I16, seq, cfgId: config.cfgId, flags: PGI_FLAG.TIME_SYNCED, idx0, t0_us, samples: buf.slice(0, 6 * filled) }));
    seq = (seq + 1) & 0xffff;
    filled = 0;
  };
  return {
    onWrite(characteristic, data) {
      if (characteristic !== PGI_CONTROL_UUID || data.length < 2) return;
      const op = data[0]!, req = data[1]!;
      const respond = (status: number, payload: Uint8Array = new Uint8Array(0)): void => {
        const out = new Uint8Array(4 + payload.length);
        out.set([PGI_RESPONSE, op, req, status]);
        out.set(payload, 4);
        dev.answer(PGI_CONTROL_UUID, out);
      };
      if (op === PGI_OP.SET_CONFIG) {
        if (dev.streaming) return respond(3);
        // max latency (payload bytes 5–6): a part frame leaves once its first sample has waited this long
        if (data.length >= 9) latencySamples = Math.max(1, Math.floor((Math.max(10, data[7]! | (data[8]! << 8)) / 1000) * dev.sampleRate_hz));
        config = { cfgId: 3, odr_hz: dev.sampleRate_hz, accScale_mps2: (ACC_MG_PER_COUNT_16G / 1000) * G0_MPS2, gyroScale_dps: GYRO_MDPS_PER_COUNT_2000 / 1000, nPerFrame: n };
        return respond(0, encodeSetConfigResponse(config));
      }
      if (op === PGI_OP.START) {
        if (!config) return respond(3);
        respond(0, Uint8Array.of(0, 0, 0, 0));
        return dev.go();
      }
      if (op === PGI_OP.STOP) {
        dev.halt();
        return respond(0, new Uint8Array(4));
      }
      const now_us = (): number => (dev.o.clockStart_us + Math.round(dev.idx * period_us)) % 2 ** 32;
      if (op === PGI_OP.GET_INFO) return respond(0, encodeInfo(SIM_INFO));
      if (op === PGI_OP.TIME_SYNC) {
        if (data.length < 10) return respond(2);
        // the simulated device answers at once (its clock only runs with the samples it takes)
        const t2 = now_us();
        return respond(0, encodeTimeSyncResponse({ t1_us: decodeTimeSyncRequest(data.subarray(2)), t2_us: t2, t3_us: t2 }));
      }
      if (op === PGI_OP.GET_STATUS) {
        const up_s = dev.idx / dev.sampleRate_hz;
        // a 100 mAh cell loses about 10 % an hour at 208 Hz streaming (a figure for the demo, not a measurement)
        const pct = Math.max(0, Math.round(95 - up_s / 360));
        return respond(0, encodeStatus({ uptime_s: Math.floor(up_s), battery_mv: Math.round(3300 + 9 * pct), battery_pct: pct, temperature_cdeg: 3150, fifoOverruns: 0, txQueueFull: 0, samplesDropped: 0, framesSent: seq, connInterval: 12, mtu: 247, phy: 2 }));
      }
      if (op === PGI_OP.GYRO_BIAS_CAL) return dev.streaming ? respond(3) : respond(0, new Uint8Array(6));
      respond(1);
    },
    sample(idx, s) {
      if (!config) return;
      const accCount = G0_MPS2 / config.accScale_mps2, gyroCount = 1 / config.gyroScale_dps;
      if (filled === 0) idx0 = idx;
      const o = 6 * filled;
      for (let c = 0; c < 3; c++) buf[o + c] = clip16(s[c]! * accCount);
      for (let c = 3; c < 6; c++) buf[o + c] = clip16(s[c]! * gyroCount);
      if (++filled === Math.min(n, latencySamples)) send();
    },
    flush: send,
  };
}

/** Movesense IMU6 notifications carry 8 samples (GATT SensorData firmware, as recorded from a sensor at 208 Hz). */
const MOVESENSE_N = 8;

function movesenseProtocol(dev: DeviceSide): DeviceProtocol {
  let ref = -1;
  const acc = new Float32Array(3 * MOVESENSE_N), gyr = new Float32Array(3 * MOVESENSE_N);
  let filled = 0, idx0 = 0;
  // the 32-bit ms clock starts near its wrap, as a sensor that has been on for 49.7 days would
  const start_ms = 2 ** 32 - 20_000;
  const period_ms = (1000 / dev.sampleRate_hz) * (1 + dev.o.clockError_ppm * 1e-6);
  const send = (): void => {
    if (ref < 0 || filled === 0) return;
    const out = new Uint8Array(6 + 24 * filled);
    const v = new DataView(out.buffer);
    out[0] = 2;
    out[1] = ref;
    v.setUint32(2, Math.round(start_ms + idx0 * period_ms) % 2 ** 32, true);
    for (let i = 0; i < 3 * filled; i++) {
      v.setFloat32(6 + 4 * i, acc[i]!, true);
      v.setFloat32(6 + 12 * filled + 4 * i, gyr[i]!, true);
    }
    dev.data(GSP_NOTIFY_UUID, out);
    filled = 0;
  };
  return {
    onWrite(characteristic, data) {
      if (characteristic !== GSP_WRITE_UUID || data.length < 2) return;
      if (data[0] === 1) {
        ref = data[1]!;
        return dev.go();
      }
      if (data[0] === 2 && data[1] === ref) dev.halt();
    },
    sample(idx, s) {
      if (ref < 0) return;
      if (filled === 0) idx0 = idx;
      for (let c = 0; c < 3; c++) {
        acc[3 * filled + c] = s[c]! * G0_MPS2;
        gyr[3 * filled + c] = s[3 + c]!;
      }
      if (++filled === MOVESENSE_N) send();
    },
    flush: send,
  };
}

/** Polar: samples per PMD frame at MTU 232 (raw int16 xyz), the gyroscope's factor (deg/s per count). */
const POLAR_N = 36;
const POLAR_GYRO_FACTOR = 0.061;

function polarProtocol(dev: DeviceSide): DeviceProtocol {
  const started = new Set<number>();
  const acc: number[] = [], gyr: number[] = [];
  let last = 0;
  const t0_ns = 800_000_000_000_000_000n; // device clock, ns since 2000-01-01
  const period_ns = (1e9 / dev.sampleRate_hz) * (1 + dev.o.clockError_ppm * 1e-6);
  const frame = (type: number, ts_ns: bigint, values: number[]): Uint8Array => {
    const out = new Uint8Array(10 + 2 * values.length);
    const v = new DataView(out.buffer);
    out[0] = type;
    v.setBigUint64(1, ts_ns, true);
    out[9] = 1; // raw frame, int16
    values.forEach((x, i) => v.setInt16(10 + 2 * i, clip16(x), true));
    return out;
  };
  const send = (): void => {
    if (acc.length === 0) return;
    const ts = t0_ns + BigInt(Math.round(last * period_ns));
    dev.data(PMD_DATA_UUID, frame(PMD_MEASUREMENT.ACC, ts, acc.splice(0)));
    dev.data(PMD_DATA_UUID, frame(PMD_MEASUREMENT.GYRO, ts + 1_000_000n, gyr.splice(0)));
  };
  return {
    onWrite(characteristic, data) {
      if (characteristic !== PMD_CONTROL_UUID || data.length < 2) return;
      const op = data[0]!, type = data[1]!;
      if (op === 2) {
        const factor = new Uint8Array(4);
        new DataView(factor.buffer).setFloat32(0, type === PMD_MEASUREMENT.GYRO ? POLAR_GYRO_FACTOR : 1, true);
        dev.answer(PMD_CONTROL_UUID, Uint8Array.from([0xf0, 2, type, 0, 0, 5, 1, ...factor]));
        started.add(type);
        if (started.has(PMD_MEASUREMENT.ACC) && started.has(PMD_MEASUREMENT.GYRO)) dev.go();
        return;
      }
      if (op === 3) {
        started.delete(type);
        dev.answer(PMD_CONTROL_UUID, Uint8Array.from([0xf0, 3, type, 0, 0]));
        if (started.size === 0) dev.halt();
      }
    },
    sample(idx, s) {
      acc.push(s[0]! * 1000, s[1]! * 1000, s[2]! * 1000);
      gyr.push(s[3]! / POLAR_GYRO_FACTOR, s[4]! / POLAR_GYRO_FACTOR, s[5]! / POLAR_GYRO_FACTOR);
      last = idx;
      if (acc.length === 3 * POLAR_N) send();
    },
    flush: send,
    reset() {
      started.clear();
    },
  };
}

/**
 * One simulated peripheral: the link model around a protocol. The device keeps sampling while the link is down;
 * what it samples then is lost. A dropped link forgets the host's subscriptions, as a real one does.
 */
export class SimulatedSensor implements Connection {
  readonly id: string;
  readonly mtu = 247;
  readonly protocol: SimProtocol;
  readonly #sim: Simulation;
  readonly #o: Required<SimSensorOptions>;
  readonly #dev: DeviceProtocol;
  readonly #handlers = new Map<string, Handler>();
  #disconnectHandlers: Array<(reason: string) => void> = [];
  #streaming = false;
  #linkUp = true;
  #dropAt_s: number;
  #upAt_s = Number.NaN;
  #waiters: Array<() => void> = [];
  #onResume: (() => void) | null = null;
  #rng: Rng;
  #idx = 0;
  /** Links dropped so far. */
  drops = 0;
  /** Data notifications sent (including lost ones) and lost. */
  frames = 0;
  lostFrames = 0;
  /** Resolves when the whole run has been sent. */
  readonly done: Promise<{ frames: number; lostFrames: number; samples: number }>;
  #resolveDone!: (v: { frames: number; lostFrames: number; samples: number }) => void;

  constructor(protocol: SimProtocol, sim: Simulation, opts: SimSensorOptions = {}) {
    this.protocol = protocol;
    this.id = `sim-${protocol}`;
    this.#sim = sim;
    this.#o = { nPerFrame: 19, clockError_ppm: 0, frameLoss: 0, clockStart_us: 1_000_000, dropEvery_s: Number.POSITIVE_INFINITY, downtime_s: 1.5, pace: 0, seed: 1, ...opts };
    this.#rng = new Rng(this.#o.seed);
    this.#dropAt_s = this.#o.dropEvery_s;
    this.done = new Promise((r) => (this.#resolveDone = r));
    const self = this;
    const side: DeviceSide = {
      o: this.#o,
      sampleRate_hz: sim.params.sampleRate_hz,
      get streaming() {
        return self.#streaming;
      },
      get idx() {
        return self.#idx;
      },
      answer: (c, bytes) => queueMicrotask(() => this.#handlers.get(c)?.(bytes)),
      data: (c, bytes) => {
        this.frames++;
        if (!this.#linkUp || this.#rng.uniform() < this.#o.frameLoss) this.lostFrames++;
        else this.#handlers.get(c)?.(bytes);
      },
      go: () => {
        if (this.#streaming) {
          // already streaming: carry on after a reconnection
          const go = this.#onResume;
          this.#onResume = null;
          if (go) queueMicrotask(go);
          return;
        }
        this.#streaming = true;
        setImmediate(() => void this.#pump());
      },
      halt: () => {
        this.#streaming = false;
      },
    };
    this.#dev = protocol === "pgi" ? pgiProtocol(side) : protocol === "movesense" ? movesenseProtocol(side) : polarProtocol(side);
  }

  async read(): Promise<Uint8Array> {
    return new Uint8Array(0);
  }

  async subscribe(_service: string, characteristic: string, onData: Handler): Promise<void> {
    if (!this.#linkUp) throw new TransportError(`${this.id}: subscribe: link is down`);
    this.#handlers.set(characteristic, onData);
  }

  onDisconnect(handler: (reason: string) => void): void {
    this.#disconnectHandlers.push(handler);
  }

  async disconnect(): Promise<void> {
    this.#streaming = false;
  }

  /** Drops the link at once, as a radio would (handlers fire; the run stops). */
  dropLink(reason = "supervision timeout"): void {
    this.#streaming = false;
    for (const h of this.#disconnectHandlers.splice(0)) h(reason);
  }

  /**
   * Connects again after a drop: resolves (with this connection, link up, the device still sampling) once the
   * downtime has passed in data time. Subscriptions must be made again, as after a real reconnection.
   */
  reconnect(): Promise<Connection> {
    if (this.#linkUp) return Promise.resolve(this);
    return new Promise((resolve) => this.#waiters.push(() => resolve(this)));
  }

  async write(_service: string, characteristic: string, data: Uint8Array): Promise<void> {
    if (!this.#linkUp) throw new TransportError(`${this.id}: write: link is down`);
    this.#dev.onWrite(characteristic, data);
  }

  async #pump(): Promise<void> {
    const rate = this.#sim.params.sampleRate_hz;
    const s = new Float64Array(6);
    let idx = 0, sinceYield = 0;
    const wall0 = performance.now();
    for (const b of this.#sim.blocks()) {
      for (let i = 0; i < b.length; i++) {
        if (!this.#streaming) return;
        const t_s = idx / rate;
        if (this.#linkUp && t_s >= this.#dropAt_s) {
          // the link drops: subscriptions are gone until the host reconnects after the downtime
          this.#linkUp = false;
          this.drops++;
          this.#upAt_s = t_s + this.#o.downtime_s;
          this.#dropAt_s += this.#o.dropEvery_s;
          this.#handlers.clear();
          this.#dev.reset?.();
          // a dropped connection is over: its disconnect handlers fire once, and a reconnection registers anew
          for (const h of this.#disconnectHandlers.splice(0)) h("supervision timeout");
        } else if (!this.#linkUp && t_s >= this.#upAt_s && this.#waiters.length > 0) {
          this.#linkUp = true;
          const w = this.#waiters;
          this.#waiters = [];
          // streaming as fast as possible: hold the data until the host has subscribed again and asked to carry
          // on (in real time the device would stream meanwhile and that short stretch would be lost too)
          const resumed = new Promise<void>((r) => (this.#onResume = r));
          for (const f of w) f();
          await resumed;
        }
        s[0] = b.ax_g[i]!;
        s[1] = b.ay_g[i]!;
        s[2] = b.az_g[i]!;
        s[3] = b.gx_dps[i]!;
        s[4] = b.gy_dps[i]!;
        s[5] = b.gz_dps[i]!;
        this.#dev.sample(idx, s);
        this.#idx = ++idx;
        if (this.#o.pace > 0 && idx % 16 === 0) {
          const ahead_ms = (idx / rate / this.#o.pace) * 1000 - (performance.now() - wall0);
          if (ahead_ms > 1) await new Promise((r) => setTimeout(r, ahead_ms));
        } else if (++sinceYield === 4000) {
          sinceYield = 0;
          await new Promise((r) => setImmediate(r)); // let the host breathe, as a radio would
        }
      }
    }
    this.#dev.flush();
    this.#streaming = false;
    this.#resolveDone({ frames: this.frames, lostFrames: this.lostFrames, samples: idx });
  }
}

/** Our firmware, simulated (a name of its own for the tests of the PGI client). */
export class SimulatedPgiSensor extends SimulatedSensor {
  constructor(sim: Simulation, opts: SimSensorOptions = {}) {
    super("pgi", sim, opts);
  }
}
