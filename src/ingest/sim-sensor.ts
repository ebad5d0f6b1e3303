/**
 * A simulated hipgait sensor behind the transport seam: an in-memory peripheral that speaks PGI v1 like the
 * firmware (CONTROL requests answered by indications, DATA frames of raw int16 counts with a running sample index
 * and a 32-bit µs device clock) and streams a simulated run as fast as the host takes it. Knobs: the device clock's
 * rate error, lost frames, a clock that wraps soon after start. For tests and demos without a radio.
 */
import { Rng } from "../core/math/rng.js";
import type { Simulation } from "../sim/index.js";
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
import { TransportError, type Connection } from "./transport.js";

const G0_MPS2 = 9.80665;
/** LSM6DS3TR-C sensitivities (ST lsm6ds3tr-c driver): 0.488 mg per count at ±16 g, 70 mdps per count at ±2000 °/s. */
const ACC_MG_PER_COUNT_16G = 0.488;
const GYRO_MDPS_PER_COUNT_2000 = 70;

export interface SimSensorOptions {
  /** Frames per notification at this MTU: 19 IMU6 samples at MTU 247. */
  nPerFrame?: number;
  /** The device oscillator's rate error, ppm (+ = its clock runs fast). */
  clockError_ppm?: number;
  /** Share of DATA frames lost on the air. */
  frameLoss?: number;
  /** Device clock at the first sample, µs (near 2³² to test the wrap). */
  clockStart_us?: number;
  /** Drop the link every this many seconds of data (Infinity: never). */
  dropEvery_s?: number;
  /** Data time the link stays down before a reconnection can succeed, s. */
  downtime_s?: number;
  seed?: number;
}

type Handler = (d: Uint8Array) => void;

export class SimulatedPgiSensor implements Connection {
  readonly id = "sim-pgi";
  readonly mtu = 247;
  readonly #sim: Simulation;
  readonly #o: Required<SimSensorOptions>;
  readonly #handlers = new Map<string, Handler>();
  #disconnectHandlers: Array<(reason: string) => void> = [];
  #config: PgiConfig | null = null;
  #streaming = false;
  /** The radio link (the device keeps sampling while it is down; what it samples then is lost). */
  #linkUp = true;
  #dropAt_s: number;
  #upAt_s = Number.NaN;
  #waiters: Array<() => void> = [];
  #onResume: (() => void) | null = null;
  /** Links dropped so far. */
  drops = 0;
  /** Resolves when the whole run has been sent. */
  readonly done: Promise<{ frames: number; lostFrames: number; samples: number }>;
  #resolveDone!: (v: { frames: number; lostFrames: number; samples: number }) => void;

  constructor(sim: Simulation, opts: SimSensorOptions = {}) {
    this.#sim = sim;
    this.#o = { nPerFrame: 19, clockError_ppm: 0, frameLoss: 0, clockStart_us: 1_000_000, dropEvery_s: Number.POSITIVE_INFINITY, downtime_s: 1.5, seed: 1, ...opts };
    this.#dropAt_s = this.#o.dropEvery_s;
    this.done = new Promise((r) => (this.#resolveDone = r));
  }

  async read(): Promise<Uint8Array> {
    return new Uint8Array(0);
  }

  async subscribe(_service: string, characteristic: string, onData: Handler): Promise<void> {
    this.#handlers.set(characteristic, onData);
  }

  onDisconnect(handler: (reason: string) => void): void {
    this.#disconnectHandlers.push(handler);
  }

  async disconnect(): Promise<void> {
    this.#streaming = false;
  }

  /** Drops the link as a radio would (handlers fire; the run stops). */
  dropLink(reason = "supervision timeout"): void {
    this.#streaming = false;
    for (const h of this.#disconnectHandlers) h(reason);
  }

  /**
   * Connects again after a drop: resolves (with this connection, link up, the device still streaming) once the
   * downtime has passed in data time. Subscriptions must be made again, as after a real reconnection.
   */
  reconnect(): Promise<Connection> {
    if (this.#linkUp) return Promise.resolve(this);
    return new Promise((resolve) => this.#waiters.push(() => resolve(this)));
  }

  async write(_service: string, characteristic: string, data: Uint8Array): Promise<void> {
    if (!this.#linkUp) throw new TransportError(`${this.id}: write: link is down`);
    if (characteristic !== PGI_CONTROL_UUID || data.length < 2) return;
    const op = data[0]!, req = data[1]!;
    const respond = (status: number, payload: Uint8Array = new Uint8Array(0)): void => {
      const out = new Uint8Array(4 + payload.length);
      out.set([PGI_RESPONSE, op, req, status]);
      out.set(payload, 4);
      queueMicrotask(() => this.#handlers.get(PGI_CONTROL_UUID)?.(out));
    };
    if (op === PGI_OP.SET_CONFIG) {
      if (this.#streaming) return respond(3);
      const odr = this.#sim.params.sampleRate_hz;
      this.#config = { cfgId: 3, odr_hz: odr, accScale_mps2: (ACC_MG_PER_COUNT_16G / 1000) * G0_MPS2, gyroScale_dps: GYRO_MDPS_PER_COUNT_2000 / 1000, nPerFrame: this.#o.nPerFrame };
      // float32 on the wire: keep the values the host will decode
      const wire = encodeSetConfigResponse(this.#config);
      respond(0, wire);
      return;
    }
    if (op === PGI_OP.START) {
      if (!this.#config) return respond(3);
      if (this.#streaming) {
        // already streaming: carry on (after a reconnection)
        respond(0, Uint8Array.of(0, 0, 0, 0));
        const go = this.#onResume;
        this.#onResume = null;
        if (go) queueMicrotask(go);
        return;
      }
      this.#streaming = true;
      respond(0, Uint8Array.of(0, 0, 0, 0));
      setImmediate(() => void this.#pump());
      return;
    }
    if (op === PGI_OP.STOP) {
      this.#streaming = false;
      return respond(0, new Uint8Array(4));
    }
    respond(1);
  }

  async #pump(): Promise<void> {
    const cfg = this.#config!;
    const rng = new Rng(this.#o.seed);
    const n = this.#o.nPerFrame;
    const period_us = (1e6 / cfg.odr_hz) * (1 + this.#o.clockError_ppm * 1e-6);
    const accCount = G0_MPS2 / cfg.accScale_mps2; // counts per g
    const gyroCount = 1 / cfg.gyroScale_dps;
    const buf = new Int16Array(6 * n);
    let idx = 0, seq = 0, frames = 0, lost = 0, filled = 0, idx0 = 0;
    const clip = (x: number): number => (x > 32767 ? 32767 : x < -32768 ? -32768 : Math.round(x));
    const send = (): void => {
      const frame = encodeDataFrame({ type: PGI_TYPE.IMU6_I16, seq, cfgId: cfg.cfgId, flags: PGI_FLAG.TIME_SYNCED, idx0, t0_us: (this.#o.clockStart_us + Math.round(idx0 * period_us)) % 2 ** 32, samples: buf.slice(0, 6 * filled) });
      seq = (seq + 1) & 0xffff;
      frames++;
      if (rng.uniform() < this.#o.frameLoss || !this.#linkUp) lost++;
      else this.#handlers.get(PGI_DATA_UUID)?.(frame);
      filled = 0;
    };
    let sinceYield = 0;
    for (const b of this.#sim.blocks()) {
      for (let i = 0; i < b.length; i++) {
        if (!this.#streaming) return;
        const t_s = idx / cfg.odr_hz;
        if (this.#linkUp && t_s >= this.#dropAt_s) {
          // the link drops: subscriptions are gone until the host reconnects after the downtime
          this.#linkUp = false;
          this.drops++;
          this.#upAt_s = t_s + this.#o.downtime_s;
          this.#dropAt_s += this.#o.dropEvery_s;
          this.#handlers.clear();
          // a dropped connection is over: its disconnect handlers fire once, and a reconnection registers anew
          const handlers = this.#disconnectHandlers.splice(0);
          for (const h of handlers) h("supervision timeout");
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
        if (filled === 0) idx0 = idx;
        const o = 6 * filled;
        buf[o] = clip(b.ax_g[i]! * accCount);
        buf[o + 1] = clip(b.ay_g[i]! * accCount);
        buf[o + 2] = clip(b.az_g[i]! * accCount);
        buf[o + 3] = clip(b.gx_dps[i]! * gyroCount);
        buf[o + 4] = clip(b.gy_dps[i]! * gyroCount);
        buf[o + 5] = clip(b.gz_dps[i]! * gyroCount);
        filled++;
        idx++;
        if (filled === n) {
          send();
          if (++sinceYield === 200) {
            sinceYield = 0;
            await new Promise((r) => setImmediate(r)); // let the host breathe, as a radio would
          }
        }
      }
    }
    if (filled > 0) send();
    this.#streaming = false;
    this.#resolveDone({ frames, lostFrames: lost, samples: idx });
  }
}
