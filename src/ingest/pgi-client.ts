/**
 * The host side of PGI v1 over any transport: subscribe to CONTROL indications and DATA notifications, configure
 * (the response carries the configuration id and scale factors), start, and turn frames into timed samples with
 * PgiStream. Requests time out, and a request pending when the link drops fails at once. GET_INFO, TIME_SYNC,
 * GET_STATUS and GYRO_BIAS_CAL are optional for a device: one that answers UNKNOWN_OP gives null, not an error.
 */
import {
  decodeDataFrame,
  decodeResponse,
  decodeSetConfigResponse,
  encodeRequest,
  PGI_CONTROL_UUID,
  PGI_DATA_UUID,
  PGI_OP,
  PGI_SERVICE_UUID,
  PgiError,
  setConfigPayload,
  type PgiConfig,
  type PgiResponse,
} from "./pgi.js";
import {
  decodeGyroBiasCalResponse,
  decodeInfo,
  decodeStatus,
  decodeTimeSyncResponse,
  encodeGyroBiasCalRequest,
  encodeTimeSyncRequest,
  fitClockSync,
  type ClockSync,
  type PgiInfo,
  type PgiStatus,
  type TimeSyncExchange,
} from "./pgi-control.js";
import { PgiStream, type StreamBlock } from "./pgi-stream.js";
import { TransportError, withTimeout, type Connection } from "./transport.js";

export interface PgiSettings {
  odr_hz: number;
  accRange_g: number;
  gyroRange_dps: number;
  maxLatency_ms: number;
  /** Per request, ms. */
  timeout_ms: number;
}

/** Defaults of the firmware (firmware-protocol/README.md): 208 Hz, ±16 g, ±2000 °/s, at most 50 ms latency. */
export const PGI_DEFAULTS: Readonly<PgiSettings> = Object.freeze({ odr_hz: 208, accRange_g: 16, gyroRange_dps: 2000, maxLatency_ms: 50, timeout_ms: 3000 });

export class PgiClient {
  #conn: Connection;
  readonly #s: PgiSettings;
  #reqId = 0;
  readonly #pending = new Map<number, { resolve: (r: PgiResponse) => void; reject: (e: Error) => void }>();
  #stream: PgiStream | null = null;
  #onBlock: ((b: StreamBlock) => void) | null = null;
  /** Frames that could not be decoded (counted, not fatal: one bad packet must not stop a recording). */
  badFrames = 0;
  lastError: string | null = null;
  config: PgiConfig | null = null;

  constructor(conn: Connection, settings: Partial<PgiSettings> = {}) {
    this.#conn = conn;
    this.#s = { ...PGI_DEFAULTS, ...settings };
    this.#watch(conn);
  }

  #watch(conn: Connection): void {
    conn.onDisconnect((reason) => {
      for (const p of this.#pending.values()) p.reject(new TransportError(`${conn.id}: link dropped (${reason}) with a request pending`));
      this.#pending.clear();
    });
  }

  /**
   * After the link dropped and `conn` is connected again: subscribe again and ask the device to carry on streaming
   * without resetting its sample index, so the same PgiStream finds the samples lost meanwhile (a gap) and drops
   * any sent twice.
   */
  async resume(conn: Connection): Promise<void> {
    if (!this.#stream || !this.#onBlock) throw new TransportError(`${conn.id}: resume() before begin()`);
    this.#conn = conn;
    this.#watch(conn);
    await withTimeout(conn.subscribe(PGI_SERVICE_UUID, PGI_CONTROL_UUID, (d) => this.#onControl(d)), this.#s.timeout_ms, `${conn.id}: subscribe CONTROL`);
    await withTimeout(conn.subscribe(PGI_SERVICE_UUID, PGI_DATA_UUID, (d) => this.#onData(d)), this.#s.timeout_ms, `${conn.id}: subscribe DATA`);
    await this.#request(PGI_OP.START, Uint8Array.of(0));
  }

  /** Subscribes, configures and starts streaming; `onBlock` receives the samples of every frame. */
  async start(onBlock: (b: StreamBlock) => void): Promise<PgiConfig> {
    const cfg = await this.configure();
    await this.begin(onBlock);
    return cfg;
  }

  /** Subscribes to CONTROL and DATA and sets the configuration; returns it (rate, scale factors). */
  async configure(): Promise<PgiConfig> {
    await this.#subscribe();
    const cfg = await this.#request(PGI_OP.SET_CONFIG, setConfigPayload(this.#s.odr_hz, this.#s.accRange_g, this.#s.gyroRange_dps, this.#s.maxLatency_ms));
    this.config = decodeSetConfigResponse(cfg.payload);
    this.#stream = new PgiStream(this.config);
    return this.config;
  }

  /** Starts streaming (after configure); `onBlock` receives the samples of every frame. */
  async begin(onBlock: (b: StreamBlock) => void): Promise<void> {
    if (!this.#stream) throw new TransportError(`${this.#conn.id}: begin() before configure()`);
    this.#onBlock = onBlock;
    await this.#request(PGI_OP.START, Uint8Array.of(1));
  }

  async stop(): Promise<void> {
    await this.#request(PGI_OP.STOP);
  }

  #subscribed = false;
  async #subscribe(): Promise<void> {
    if (this.#subscribed) return;
    await withTimeout(this.#conn.subscribe(PGI_SERVICE_UUID, PGI_CONTROL_UUID, (d) => this.#onControl(d)), this.#s.timeout_ms, `${this.#conn.id}: subscribe CONTROL`);
    await withTimeout(this.#conn.subscribe(PGI_SERVICE_UUID, PGI_DATA_UUID, (d) => this.#onData(d)), this.#s.timeout_ms, `${this.#conn.id}: subscribe DATA`);
    this.#subscribed = true;
  }

  /** The device's identity and abilities (null from firmware without GET_INFO); refuses another protocol major. */
  async getInfo(): Promise<PgiInfo | null> {
    await this.#subscribe();
    const r = await this.#request(PGI_OP.GET_INFO, undefined, true);
    if (r === null) return null;
    const info = decodeInfo(r.payload);
    if (info.major !== 1) throw new TransportError(`${this.#conn.id}: the sensor speaks PGI ${info.major}.${info.minor}; this hipgait speaks PGI 1: update the one that is older`);
    return info;
  }

  /** Battery, temperature and link counters (null from firmware without GET_STATUS). */
  async getStatus(): Promise<PgiStatus | null> {
    await this.#subscribe();
    const r = await this.#request(PGI_OP.GET_STATUS, undefined, true);
    return r === null ? null : decodeStatus(r.payload);
  }

  /**
   * `n` TIME_SYNC exchanges, fitted as NTP does (pgi-control.ts fitClockSync): maps the device clock of the DATA
   * frames onto the host's wall clock. Null from firmware without TIME_SYNC.
   */
  async timeSync(n = 20): Promise<ClockSync | null> {
    await this.#subscribe();
    const xs: Array<TimeSyncExchange & { t4_us: number }> = [];
    for (let i = 0; i < n; i++) {
      const t1 = hostNow_us();
      const r = await this.#request(PGI_OP.TIME_SYNC, encodeTimeSyncRequest(t1), true);
      const t4 = hostNow_us();
      if (r === null) return null;
      const x = decodeTimeSyncResponse(r.payload);
      if (x.t1_us === t1) xs.push({ ...x, t4_us: t4 }); // an answer to an older exchange is not this one
    }
    return xs.length > 0 ? fitClockSync(xs) : null;
  }

  /** Asks the device to measure and subtract its gyroscope bias (keep the sensor still); the bias in counts. */
  async calibrateGyroBias(duration_ms = 3000): Promise<[number, number, number] | null> {
    await this.#subscribe();
    const r = await this.#request(PGI_OP.GYRO_BIAS_CAL, encodeGyroBiasCalRequest(duration_ms), true, duration_ms + this.#s.timeout_ms);
    return r === null ? null : decodeGyroBiasCalResponse(r.payload);
  }

  get stream(): PgiStream | null {
    return this.#stream;
  }

  async #request(op: number, payload?: Uint8Array): Promise<PgiResponse>;
  async #request(op: number, payload: Uint8Array | undefined, optional: true, timeout_ms?: number): Promise<PgiResponse | null>;
  async #request(op: number, payload?: Uint8Array, optional = false, timeout_ms = this.#s.timeout_ms): Promise<PgiResponse | null> {
    const id = (this.#reqId = (this.#reqId + 1) & 0xff);
    const answer = new Promise<PgiResponse>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    try {
      await withTimeout(this.#conn.write(PGI_SERVICE_UUID, PGI_CONTROL_UUID, encodeRequest(op, id, payload)), this.#s.timeout_ms, `${this.#conn.id}: write request ${op}`);
      const r = await withTimeout(answer, timeout_ms, `${this.#conn.id}: response to request ${op}`);
      if (optional && r.status === 1) return null; // UNKNOWN_OP: firmware without this command
      if (r.status !== 0) throw new TransportError(`${this.#conn.id}: request ${op} answered ${r.statusName}`);
      return r;
    } finally {
      this.#pending.delete(id);
    }
  }

  #onControl(d: Uint8Array): void {
    try {
      const r = decodeResponse(d);
      this.#pending.get(r.reqId)?.resolve(r);
    } catch (e) {
      this.badFrames++;
      this.lastError = e instanceof Error ? e.message : String(e);
    }
  }

  #onData(d: Uint8Array): void {
    if (!this.#stream || !this.#onBlock) return;
    try {
      const f = decodeDataFrame(d);
      if (!f) return;
      const b = this.#stream.push(f);
      if (b) this.#onBlock(b);
    } catch (e) {
      if (!(e instanceof PgiError)) throw e;
      this.badFrames++;
      this.lastError = `packet ${this.badFrames}: ${e.message}`;
    }
  }
}

/** Host wall clock, µs since 1970 (sub-ms resolution from the monotonic clock). */
function hostNow_us(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}
