/**
 * A live session: samples from a device go to the same streaming Analyzer as file replay and, with a recording, to
 * a session file that is flushed to the operating system at least once a second (a killed process loses at most
 * the last second; the reader drops a cut-off last line with a warning). Live metrics are updated every stride:
 * cadence and pelvic drop and contact time per side over the last steps, and their change against the first minutes.
 */
import { Analyzer } from "../pipeline/analyzer.js";
import type { StepResult } from "../pipeline/types.js";
import { createSessionWriter, type SessionWriter } from "../session/index.js";
import { stat } from "node:fs/promises";
import { UserError } from "../core/errors.js";
import type { StreamBlock } from "./pgi-stream.js";

/**
 * Decimals of the recording: t (s) to the µs, acceleration (g) to 0.01 mg, angular rate (deg/s) to 0.001 — finer
 * than the sensors' resolution (0.488 mg, 70 mdps per count at ±16 g / ±2000 deg/s, LSM6DS3TR-C).
 */
export const RECORD_DECIMALS: readonly number[] = [6, 5, 5, 5, 3, 3, 3];
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6];

/**
 * Rounds a column to d decimals exactly as the session writer prints it and the reader parses it back (an integer
 * divided by 10^d, correctly rounded), so the live analysis sees the very numbers a replay of the recording sees.
 */
function quantize(x: Float64Array, d: number): void {
  const p = POW10[d]!;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    x[i] = v < 0 ? -Math.round(-v * p) / p : Math.round(v * p) / p;
  }
}

/** Steps in the rolling live window (≈ 15 s of running at 170 spm). */
export const LIVE_WINDOW_STEPS = 40;
/** The "first minutes" a runner is compared with: running steps in the first 3 minutes after the first step. */
export const LIVE_BASELINE_S = 180;

export interface LiveMetrics {
  t_s: number;
  steps: number;
  cadence_spm: number | null;
  pelvic_drop_deg: { left: number | null; right: number | null };
  contact_time_ms: { left: number | null; right: number | null };
  /** Change of the same metrics against the first minutes (null until the baseline is complete). */
  vsStart: { cadence_spm: number | null; drop_left_deg: number | null; drop_right_deg: number | null } | null;
}

export interface LiveOptions {
  sampleRate_hz: number;
  hasGyro: boolean;
  /** Session file to record to (plain CSV is the crash-safe choice). */
  record?: string | undefined;
  force?: boolean;
  device: string;
  /** Sensor and firmware names for the recording's metadata. */
  sensor?: string | undefined;
  firmware?: string | undefined;
  /**
   * The wall-clock time of the first sample (ISO 8601), known once it arrives (from the device clock and a clock
   * sync): the recording's header is then written with the first samples instead of before them.
   */
  startedAt?: (() => string | undefined) | undefined;
  onMetrics?: (m: LiveMetrics) => void;
  /** Every step as the analysis emits it. */
  onSteps?: (steps: readonly StepResult[]) => void;
}

const mean = (xs: ReadonlyArray<number | null>): number | null => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length > 0 ? v.reduce((a, b) => a + b, 0) / v.length : null;
};

export class LiveSession {
  readonly analyzer: Analyzer;
  readonly #o: LiveOptions;
  #writer: SessionWriter | null = null;
  #lastFlush = Date.now();
  readonly #recent: StepResult[] = [];
  readonly #baseline: StepResult[] = [];
  #firstStep_s: number | null = null;
  #baselineDone = false;
  #steps = 0;
  readonly #row = new Float64Array(7);
  samples = 0;

  private constructor(o: LiveOptions) {
    this.#o = o;
    // gait-cycle curves serve the fatigue section of a file analysis; live shows per-step metrics only
    this.analyzer = new Analyzer({ sampleRate_hz: o.sampleRate_hz, frame: "sensor", hasGyro: o.hasGyro, mount: null, cycleCurves: false });
  }

  static async open(o: LiveOptions): Promise<LiveSession> {
    const s = new LiveSession(o);
    if (o.record) {
      if (o.startedAt) {
        // the header waits for the first sample; refuse an existing file now, not minutes into the run
        if (o.force !== true && (await stat(o.record).then(() => true, () => false))) throw new UserError(`${o.record} exists; pass --force to overwrite it`);
      } else await s.#createWriter();
    }
    return s;
  }

  async #createWriter(): Promise<void> {
    const o = this.#o;
    const started_at = o.startedAt?.();
    this.#writer = await createSessionWriter(o.record!, {
      metadata: {
        sample_rate_hz: o.sampleRate_hz,
        time_unit: "s",
        acc_unit: "g",
        gyro_unit: "dps",
        ...(o.sensor !== undefined ? { sensor: o.sensor } : {}),
        ...(o.firmware !== undefined ? { firmware: o.firmware } : {}),
        ...(started_at !== undefined ? { started_at } : {}),
        notes: `recorded live by hipgait from ${o.device}; times from the device clock`,
      },
      columns: o.hasGyro ? ["t", "ax", "ay", "az", "gx", "gy", "gz"] : ["t", "ax", "ay", "az"],
      decimals: o.hasGyro ? [...RECORD_DECIMALS] : RECORD_DECIMALS.slice(0, 4),
      overwrite: o.force === true,
    });
    await this.#writer.flush(); // the header is on disk before (or with) the first sample
  }

  /** One block of device samples: recorded, analysed, and turned into live metrics at each new step. */
  /**
   * One block of device samples: analysed at once (live metrics at each new step) and recorded in order. Blocks
   * may be pushed without waiting for the returned promise: analysis happens in call order, and recording goes
   * through one queue (it waits for the disk only to create the file and to flush once a second).
   */
  push(b: StreamBlock): Promise<void> {
    this.samples += b.length;
    // live and replay of the recording analyse the same numbers (the block is ours: drivers hand over new arrays)
    quantize(b.t_s, RECORD_DECIMALS[0]!);
    quantize(b.ax_g, RECORD_DECIMALS[1]!);
    quantize(b.ay_g, RECORD_DECIMALS[2]!);
    quantize(b.az_g, RECORD_DECIMALS[3]!);
    if (b.gx_dps) quantize(b.gx_dps, RECORD_DECIMALS[4]!);
    if (b.gy_dps) quantize(b.gy_dps, RECORD_DECIMALS[5]!);
    if (b.gz_dps) quantize(b.gz_dps, RECORD_DECIMALS[6]!);
    const steps = this.analyzer.push(b);
    if (steps.length > 0) this.#onSteps(steps);
    if (!this.#o.record) return Promise.resolve();
    if (this.#writer && this.#pendingIo === 0) {
      // the usual case: the file exists and nothing is queued, so the rows go straight to the writer's buffer
      this.#writeRows(this.#writer, b);
      return this.#maybeFlush(this.#writer);
    }
    this.#pendingIo++;
    this.#io = this.#io.then(async () => {
      if (!this.#writer) await this.#createWriter();
      this.#writeRows(this.#writer!, b);
      await this.#maybeFlush(this.#writer!);
      this.#pendingIo--;
    });
    return this.#io;
  }

  #io: Promise<void> = Promise.resolve();
  #pendingIo = 0;

  #writeRows(w: SessionWriter, b: StreamBlock): void {
    const r = this.#row;
    const gyro = b.gx_dps !== null && b.gy_dps !== null && b.gz_dps !== null;
    for (let i = 0; i < b.length; i++) {
      r[0] = b.t_s[i]!;
      r[1] = b.ax_g[i]!;
      r[2] = b.ay_g[i]!;
      r[3] = b.az_g[i]!;
      if (gyro) {
        r[4] = b.gx_dps![i]!;
        r[5] = b.gy_dps![i]!;
        r[6] = b.gz_dps![i]!;
      }
      w.writeRow(gyro ? r : r.subarray(0, 4));
    }
  }

  #maybeFlush(w: SessionWriter): Promise<void> {
    if (Date.now() - this.#lastFlush < 1000) return Promise.resolve();
    this.#lastFlush = Date.now();
    return w.flush();
  }

  #onSteps(steps: readonly StepResult[]): void {
    this.#o.onSteps?.(steps);
    for (const s of steps) {
      this.#steps++;
      this.#firstStep_s ??= s.t;
      if (!this.#baselineDone) {
        if (s.t - this.#firstStep_s <= LIVE_BASELINE_S) this.#baseline.push(s);
        else this.#baselineDone = true;
      }
      this.#recent.push(s);
      if (this.#recent.length > LIVE_WINDOW_STEPS) this.#recent.shift();
    }
    this.#o.onMetrics?.(this.metrics());
  }

  metrics(): LiveMetrics {
    const of = (xs: readonly StepResult[]) => ({
      cadence: mean(xs.map((s) => s.cadence_spm)),
      left: mean(xs.filter((s) => s.side === "left").map((s) => s.pelvic_drop_deg)),
      right: mean(xs.filter((s) => s.side === "right").map((s) => s.pelvic_drop_deg)),
      ctL: mean(xs.filter((s) => s.side === "left").map((s) => s.contact_time_ms)),
      ctR: mean(xs.filter((s) => s.side === "right").map((s) => s.contact_time_ms)),
    });
    const now = of(this.#recent);
    const base = this.#baselineDone ? of(this.#baseline) : null;
    const d = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a - b);
    return {
      t_s: this.#recent[this.#recent.length - 1]?.t ?? 0,
      steps: this.#steps,
      cadence_spm: now.cadence,
      pelvic_drop_deg: { left: now.left, right: now.right },
      contact_time_ms: { left: now.ctL, right: now.ctR },
      vsStart: base ? { cadence_spm: d(now.cadence, base.cadence), drop_left_deg: d(now.left, base.left), drop_right_deg: d(now.right, base.right) } : null,
    };
  }

  /** Ends the recording (everything on disk) and the analysis. */
  async close(): Promise<ReturnType<Analyzer["finish"]>> {
    await this.#io;
    if (this.#writer) await this.#writer.close();
    return this.analyzer.finish();
  }
}

/** One line of live metrics for the terminal. */
export function formatLive(m: LiveMetrics): string {
  const f = (x: number | null, d: number): string => (x === null ? "n/a" : x.toFixed(d));
  const s = (x: number | null, d: number): string => (x === null ? "" : `${x >= 0 ? "+" : ""}${x.toFixed(d)}`);
  const mm = Math.floor(m.t_s / 60), ss = Math.floor(m.t_s % 60);
  const base = m.vsStart ? `  vs start: cadence ${s(m.vsStart.cadence_spm, 1)}, drop L ${s(m.vsStart.drop_left_deg, 1)} R ${s(m.vsStart.drop_right_deg, 1)}` : "";
  return `${mm}:${String(ss).padStart(2, "0")}  steps ${m.steps}  cadence ${f(m.cadence_spm, 1)} spm  drop L ${f(m.pelvic_drop_deg.left, 1)} R ${f(m.pelvic_drop_deg.right, 1)} deg  contact L ${f(m.contact_time_ms.left, 0)} R ${f(m.contact_time_ms.right, 0)} ms${base}`;
}

/**
 * Keeps a PGI stream going across link drops: when the link drops, reconnects (with back-off from 0.5 s to 8 s)
 * and resumes the same stream, so the samples lost meanwhile become one gap and none is delivered twice. Returns
 * the number of reconnections so far through `count()`.
 */
export function keepConnected(
  client: { resume(conn: import("./transport.js").Connection): Promise<void> },
  first: import("./transport.js").Connection,
  reconnect: () => Promise<import("./transport.js").Connection>,
  opts: { stopped: () => boolean; onEvent?: (text: string) => void },
): { count: () => number } {
  let count = 0;
  const watch = (c: import("./transport.js").Connection): void => {
    c.onDisconnect((reason) => {
      if (opts.stopped()) return;
      opts.onEvent?.(`link dropped (${reason}): reconnecting`);
      void again();
    });
  };
  const again = async (): Promise<void> => {
    let delay_ms = 500;
    while (!opts.stopped()) {
      try {
        const c = await reconnect();
        watch(c);
        await client.resume(c);
        count++;
        opts.onEvent?.(`reconnected (${count})`);
        return;
      } catch (e) {
        opts.onEvent?.(`reconnection failed: ${e instanceof Error ? e.message : String(e)}; retrying in ${delay_ms / 1000} s`);
        await new Promise((r) => setTimeout(r, delay_ms));
        delay_ms = Math.min(8000, 2 * delay_ms);
      }
    }
  };
  watch(first);
  return { count: () => count };
}
