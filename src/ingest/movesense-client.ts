/**
 * A Movesense sensor running the GATT SensorData firmware, as a live source: subscribe to /Meas/IMU6/<rate> and
 * turn its notifications into timed samples. GSP carries no sample index, only the device time (ms) of each
 * notification's first sample, so lost notifications are found from the time jumping by more than the samples
 * received, and the sample period is fitted (least squares) from the device times; arrival times are never used.
 */
import { decodeGspNotification, encodeSubscribe, encodeUnsubscribe, GSP_NOTIFY_UUID, GSP_SERVICE_UUID, GSP_WRITE_UUID, GspError, imu6Path } from "./movesense.js";
import { ClockFit, Unwrap32, type StreamBlock, type StreamStats } from "./pgi-stream.js";
import { TransportError, withTimeout, type Connection } from "./transport.js";

/** Rates the IMU6 resource offers, Hz (Movesense API, imu.yaml). */
export const MOVESENSE_RATES = [13, 26, 52, 104, 208, 416, 833, 1666] as const;
/** The subscription's reference byte (any 1–255; one subscription at a time here). */
const REF = 0x63;

export class MovesenseClient {
  #conn: Connection;
  readonly #rate: number;
  readonly #timeout_ms: number;
  readonly #clock = new ClockFit();
  #onBlock: ((b: StreamBlock) => void) | null = null;
  #firstData: (() => void) | null = null;
  /** Position (samples since the first, lost ones included) of the next sample expected. */
  #pos = 0;
  #origin_ms = Number.NaN;
  readonly #deviceClock = new Unwrap32();
  readonly stats: StreamStats;
  readonly gaps: Array<[number, number]> = [];
  badFrames = 0;

  constructor(conn: Connection, rate_hz = 208, timeout_ms = 3000) {
    if (!(MOVESENSE_RATES as readonly number[]).includes(rate_hz)) throw new TransportError(`Movesense IMU6 rate ${rate_hz} Hz: expected one of ${MOVESENSE_RATES.join(", ")}`);
    this.#conn = conn;
    this.#rate = rate_hz;
    this.#timeout_ms = timeout_ms;
    this.stats = { frames: 0, samples: 0, lostSamples: 0, duplicateSamples: 0, foreignConfigFrames: 0, period_s: 1 / rate_hz, nominalPeriod_s: 1 / rate_hz };
  }

  /** Subscribes; resolves with the rate once the first data arrive (GSP sends no acknowledgement of its own). */
  async start(onBlock: (b: StreamBlock) => void): Promise<{ odr_hz: number }> {
    this.#onBlock = onBlock;
    await this.#subscribe();
    return { odr_hz: this.#rate };
  }

  /**
   * Carries on over a new connection after the link dropped: the sensor forgot the subscription, so it is made
   * again with the same reference. The device clock ran on meanwhile, so the samples lost in between become one gap.
   */
  async resume(conn: Connection): Promise<void> {
    this.#conn = conn;
    await this.#subscribe();
  }

  async #subscribe(): Promise<void> {
    const first = new Promise<void>((resolve) => (this.#firstData = resolve));
    await withTimeout(this.#conn.subscribe(GSP_SERVICE_UUID, GSP_NOTIFY_UUID, (d) => this.#onNotify(d)), this.#timeout_ms, `${this.#conn.id}: subscribe`);
    await withTimeout(this.#conn.write(GSP_SERVICE_UUID, GSP_WRITE_UUID, encodeSubscribe(REF, imu6Path(this.#rate))), this.#timeout_ms, `${this.#conn.id}: subscribe ${imu6Path(this.#rate)}`);
    await withTimeout(first, this.#timeout_ms, `${this.#conn.id}: first data of ${imu6Path(this.#rate)} (is the sensor running the GATT SensorData firmware?)`);
  }

  async stop(): Promise<void> {
    await withTimeout(this.#conn.write(GSP_SERVICE_UUID, GSP_WRITE_UUID, encodeUnsubscribe(REF)), this.#timeout_ms, `${this.#conn.id}: unsubscribe`);
  }

  #onNotify(bytes: Uint8Array): void {
    let d;
    try {
      d = decodeGspNotification(bytes);
    } catch (e) {
      if (!(e instanceof GspError)) throw e;
      this.badFrames++;
      return;
    }
    if (!d || d.ref !== REF) return;
    this.#firstData?.();
    this.#firstData = null;
    this.stats.frames++;
    // unwrap the 32-bit ms clock
    const t_ms = this.#deviceClock.next(d.timestamp_ms);
    if (Number.isNaN(this.#origin_ms)) this.#origin_ms = t_ms;
    const nominal_ms = 1000 / this.#rate;
    // where this notification's first sample falls, in samples since the first one
    const pos = Math.round((t_ms - this.#origin_ms) / (this.stats.period_s * 1000));
    if (this.stats.frames > 1) {
      if (pos + d.n <= this.#pos) {
        this.stats.duplicateSamples += d.n;
        return;
      }
      if (pos > this.#pos) {
        this.stats.lostSamples += pos - this.#pos;
        this.gaps.push([((this.#pos - 1) * nominal_ms) / 1000, (t_ms - this.#origin_ms) / 1000]);
      }
    }
    this.#clock.add(pos, t_ms * 1000);
    this.stats.period_s = this.#clock.slope_us(nominal_ms * 1000) / 1e6;
    const period = this.stats.period_s;
    const b: StreamBlock = { length: d.n, t_s: new Float64Array(d.n), ax_g: d.ax_g, ay_g: d.ay_g, az_g: d.az_g, gx_dps: d.gx_dps, gy_dps: d.gy_dps, gz_dps: d.gz_dps };
    for (let i = 0; i < d.n; i++) b.t_s[i] = (t_ms - this.#origin_ms) / 1000 + i * period;
    this.#pos = Math.max(this.#pos, pos + d.n);
    this.stats.samples += d.n;
    this.#onBlock?.(b);
  }
}
