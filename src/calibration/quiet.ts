/**
 * Quiet-standing detector: flags windows where the pelvis is still (accelerometer ≈ 1 g with little variation and,
 * when present, an almost constant gyroscope), and reports the mean specific force and mean angular rate over the
 * quiet stretch (the gravity direction and the gyro bias in the sensor frame). Streaming, fixed memory.
 */

import { Kernel } from "../core/kernel.js";
import {
  EV_WINDOW, IN_AX, IN_AY, IN_AZ, IN_GX, IN_GY, IN_GZ, IN_T, QD_CLOSED, QD_COUNT, QD_HAS_GYRO, QD_IN_STRETCH, QD_LAST_T, QD_MAX_ACC_SD,
  QD_MAX_GYRO_NORM, QD_MAX_GYRO_SD, QD_MAX_NORM_ERROR, QD_MEAN, QD_NORM, QD_QUIET_NOW, QD_SLOTS, QD_SQ, QD_START, QD_SUM, QD_WINDOW,
  RESUME_START, RUN_QUIET,
} from "../core/kernel-layout.js";

export interface QuietSettings {
  sampleRate_hz: number;
  /** Length of one analysis window, s. */
  window_s: number;
  /** |mean ‖f‖ − 1 g| must stay below this, g. */
  maxNormError_g: number;
  /**
   * SD of each accelerometer axis within a window, g. Quiet standing sways by well under 0.01 g; the limit leaves
   * room for sensor noise (a noisy phone IMU reaches 0.02 g per sample) while walking stays far above (≈ 0.2 g).
   */
  maxAccSd_g: number;
  /** SD of each gyro axis within a window, deg/s (a constant bias is allowed; motion is not; walking ≫ 10 deg/s). */
  maxGyroSd_dps: number;
  /** Mean gyro norm after removing the current bias estimate must stay below this, deg/s (Research note §1.1: 5 deg/s). */
  maxGyroNorm_dps: number;
}

export const DEFAULT_QUIET: Readonly<QuietSettings> = Object.freeze({
  sampleRate_hz: 200,
  window_s: 0.5,
  maxNormError_g: 0.06,
  maxAccSd_g: 0.05,
  maxGyroSd_dps: 4,
  maxGyroNorm_dps: 30,
});

/** One finished stretch of quiet standing. */
export interface QuietStretch {
  start_s: number;
  end_s: number;
  /** Mean specific force, sensor frame, g. */
  meanAcc_g: [number, number, number];
  /** Mean angular rate, sensor frame, deg/s (the gyro bias while still); null without gyro. */
  meanGyro_dps: [number, number, number] | null;
}

export class QuietDetector {
  readonly #n: number;
  readonly #s: QuietSettings;
  /** The kernel holding the open window's sums (core/kernel-layout.ts, QD_*), and their index in its memory. */
  readonly #k: Kernel;
  readonly #p: number;
  readonly #i: number;
  // current stretch accumulators (whether one is open is in the kernel's block, QD_IN_STRETCH)
  #stretchStart = 0;
  #stretchEnd = 0;
  #stretchN = 0;
  readonly #stretchSum = new Float64Array(6);
  /** Number of completed windows that were quiet. */
  quietWindows = 0;
  /**
   * Mean specific force (g) and angular rate (deg/s) of the latest completed window, sensor frame (a view on the
   * kernel's block, where the verdict is made).
   */
  readonly lastMean: Float64Array;

  /**
   * @param settings changes from {@link DEFAULT_QUIET}
   * @param kernel the kernel to keep the window in (the analysis' own; a new one by default)
   */
  constructor(settings: Partial<QuietSettings> = {}, kernel: Kernel = new Kernel()) {
    this.#s = { ...DEFAULT_QUIET, ...settings };
    if (!(this.#s.sampleRate_hz > 0)) throw new RangeError(`QuietDetector: sampleRate_hz must be > 0 (${this.#s.sampleRate_hz})`);
    this.#n = Math.max(4, Math.round(this.#s.window_s * this.#s.sampleRate_hz));
    this.#k = kernel;
    this.#p = kernel.alloc(QD_SLOTS);
    this.#i = this.#p >> 3;
    const m = kernel.f64, i = this.#i, st = this.#s;
    m[i + QD_WINDOW] = this.#n;
    m[i + QD_HAS_GYRO] = 1;
    m[i + QD_LAST_T] = Number.NaN;
    m[i + QD_MAX_NORM_ERROR] = st.maxNormError_g;
    m[i + QD_MAX_ACC_SD] = st.maxAccSd_g;
    m[i + QD_MAX_GYRO_SD] = st.maxGyroSd_dps;
    m[i + QD_MAX_GYRO_NORM] = st.maxGyroNorm_dps;
    this.lastMean = kernel.view(this.#p + 8 * QD_MEAN, 6);
  }

  /** True while the latest completed window was quiet. */
  get quietNow(): boolean {
    return this.#k.f64[this.#i + QD_QUIET_NOW] === 1;
  }

  /** Number of windows completed so far (changes when a new window's verdict is available). */
  get windowsClosed(): number {
    return this.#k.f64[this.#i + QD_CLOSED]!;
  }

  get #inStretch(): boolean {
    return this.#k.f64[this.#i + QD_IN_STRETCH] === 1;
  }

  set #inStretch(open: boolean) {
    this.#k.f64[this.#i + QD_IN_STRETCH] = open ? 1 : 0;
  }

  /** Byte address of the window's block in the kernel (for the analysis loop, which adds the samples). */
  get address(): number {
    return this.#p;
  }

  /**
   * Adds one sample; returns a finished quiet stretch when quiet standing has just ended (or null).
   * Gyro values may be NaN for accelerometer-only input.
   */
  push(t_s: number, ax: number, ay: number, az: number, gx: number, gy: number, gz: number): QuietStretch | null {
    const k = this.#k, m = k.f64;
    m[k.column(IN_T)] = t_s;
    m[k.column(IN_AX)] = ax;
    m[k.column(IN_AY)] = ay;
    m[k.column(IN_AZ)] = az;
    m[k.column(IN_GX)] = gx;
    m[k.column(IN_GY)] = gy;
    m[k.column(IN_GZ)] = gz;
    const r = k.ex.run(RUN_QUIET, this.#p, 0, 0, 0, 0, k.stage, k.stageCapacity, 0, 1, RESUME_START, 0);
    return (r & 7) === EV_WINDOW ? this.closeWindow() : null;
  }

  /** Data lost: end any stretch at the last good window. */
  gap(): QuietStretch | null {
    this.#resetWindow();
    return this.#endStretch();
  }

  /** End of input: returns the stretch in progress, if any. */
  flush(): QuietStretch | null {
    this.#resetWindow();
    return this.#endStretch();
  }

  /**
   * Judges the window whose last sample the kernel has just added (it stops there: the analysis loop calls this, as
   * does push) and starts the next one. Returns a finished quiet stretch when this window ends one.
   */
  closeWindow(): QuietStretch | null {
    const m = this.#k.f64, i = this.#i;
    const t_s = m[i + QD_LAST_T]!;
    const n = m[i + QD_COUNT]!;
    const S = i + QD_SUM;
    // the kernel has judged the window (assembly/kernel.ts quietWindow: quiet when the mean norm of the specific force
    // is within maxNormError_g of 1 g, each axis' SD within maxAccSd_g / maxGyroSd_dps, the mean rate of turn within
    // maxGyroNorm_dps) and counted it; it stops for a quiet window or while a stretch is open, and goes on by itself
    // past any other
    const quiet = this.quietNow;
    if (quiet) this.quietWindows++;
    let done: QuietStretch | null = null;
    if (quiet) {
      if (!this.#inStretch) {
        this.#inStretch = true;
        this.#stretchStart = m[i + QD_START]!;
        this.#stretchN = 0;
        this.#stretchSum.fill(0);
      }
      this.#stretchEnd = t_s;
      this.#stretchN += n;
      for (let c = 0; c < 6; c++) this.#stretchSum[c] = this.#stretchSum[c]! + m[S + c]!;
    } else {
      done = this.#endStretch();
    }
    this.#resetWindow();
    return done;
  }

  #resetWindow(): void {
    const m = this.#k.f64, i = this.#i;
    m[i + QD_COUNT] = 0;
    m.fill(0, i + QD_SUM, i + QD_SQ + 6);
    m[i + QD_NORM] = 0;
  }

  #endStretch(): QuietStretch | null {
    if (!this.#inStretch) return null;
    this.#inStretch = false;
    const n = this.#stretchN;
    const m = (i: number): number => this.#stretchSum[i]! / n;
    return {
      start_s: this.#stretchStart,
      end_s: this.#stretchEnd,
      meanAcc_g: [m(0), m(1), m(2)],
      meanGyro_dps: this.#k.f64[this.#i + QD_HAS_GYRO] === 1 ? [m(3), m(4), m(5)] : null,
    };
  }
}
