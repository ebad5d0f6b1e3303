/**
 * Quiet-standing detector: flags windows where the pelvis is still (accelerometer ≈ 1 g with little variation and,
 * when present, an almost constant gyroscope), and reports the mean specific force and mean angular rate over the
 * quiet stretch (the gravity direction and the gyro bias in the sensor frame). Streaming, fixed memory.
 */
import { SampleFrame } from "../core/frame.js";
export const DEFAULT_QUIET = Object.freeze({
    sampleRate_hz: 200,
    window_s: 0.5,
    maxNormError_g: 0.06,
    maxAccSd_g: 0.05,
    maxGyroSd_dps: 4,
    maxGyroNorm_dps: 30,
});
export class QuietDetector {
    #n;
    #s;
    // window accumulators
    #count = 0;
    #winStart = 0;
    #sum = new Float64Array(6);
    #sq = new Float64Array(6);
    #sumNorm = 0;
    // current stretch accumulators
    #inStretch = false;
    #stretchStart = 0;
    #stretchEnd = 0;
    #stretchN = 0;
    #stretchSum = new Float64Array(6);
    #hasGyro = true;
    #lastT = Number.NaN;
    #frame = new SampleFrame();
    /** True while the latest completed window was quiet. */
    quietNow = false;
    /** Number of windows completed so far (changes when a new window's verdict is available). */
    windowsClosed = 0;
    /** Number of completed windows that were quiet. */
    quietWindows = 0;
    /** Mean specific force (g) and angular rate (deg/s) of the latest completed window, sensor frame. */
    lastMean = new Float64Array(6);
    constructor(settings = {}) {
        this.#s = { ...DEFAULT_QUIET, ...settings };
        if (!(this.#s.sampleRate_hz > 0))
            throw new RangeError(`QuietDetector: sampleRate_hz must be > 0 (${this.#s.sampleRate_hz})`);
        this.#n = Math.max(4, Math.round(this.#s.window_s * this.#s.sampleRate_hz));
    }
    /**
     * Adds one sample; returns a finished quiet stretch when quiet standing has just ended (or null).
     * Gyro values may be NaN for accelerometer-only input.
     */
    push(t_s, ax, ay, az, gx, gy, gz) {
        return this.pushFrame(this.#frame.set(t_s, Number.NaN, ax, ay, az, gx, gy, gz));
    }
    /** `push` for the per-sample path: reads t_s and the raw channels from the frame (see core/frame.ts). */
    pushFrame(f) {
        const t_s = f.t_s;
        if (this.#count === 0)
            this.#winStart = t_s;
        const v0 = f.ax_g, v1 = f.ay_g, v2 = f.az_g;
        const gx = f.gx_dps, gy = f.gy_dps, gz = f.gz_dps;
        this.#hasGyro = !Number.isNaN(gx);
        const s = this.#sum, q = this.#sq;
        s[0] = s[0] + v0;
        q[0] = q[0] + v0 * v0;
        s[1] = s[1] + v1;
        q[1] = q[1] + v1 * v1;
        s[2] = s[2] + v2;
        q[2] = q[2] + v2 * v2;
        if (this.#hasGyro) {
            s[3] = s[3] + gx;
            q[3] = q[3] + gx * gx;
            s[4] = s[4] + gy;
            q[4] = q[4] + gy * gy;
            s[5] = s[5] + gz;
            q[5] = q[5] + gz * gz;
        }
        this.#sumNorm += Math.sqrt(v0 * v0 + v1 * v1 + v2 * v2);
        this.#lastT = t_s;
        this.#count++;
        if (this.#count < this.#n)
            return null;
        return this.#closeWindow();
    }
    /** Data lost: end any stretch at the last good window. */
    gap() {
        this.#resetWindow();
        return this.#endStretch();
    }
    /** End of input: returns the stretch in progress, if any. */
    flush() {
        this.#resetWindow();
        return this.#endStretch();
    }
    #closeWindow() {
        const t_s = this.#lastT;
        const n = this.#count;
        const st = this.#s;
        let quiet = Math.abs(this.#sumNorm / n - 1) < st.maxNormError_g;
        for (let i = 0; i < 3 && quiet; i++) {
            const m = this.#sum[i] / n;
            quiet = this.#sq[i] / n - m * m < st.maxAccSd_g * st.maxAccSd_g;
        }
        if (this.#hasGyro) {
            let norm2 = 0;
            for (let i = 3; i < 6 && quiet; i++) {
                const m = this.#sum[i] / n;
                norm2 += m * m;
                quiet = this.#sq[i] / n - m * m < st.maxGyroSd_dps * st.maxGyroSd_dps;
            }
            quiet = quiet && Math.sqrt(norm2) < st.maxGyroNorm_dps;
        }
        this.quietNow = quiet;
        this.windowsClosed++;
        if (quiet)
            this.quietWindows++;
        for (let i = 0; i < 6; i++)
            this.lastMean[i] = this.#sum[i] / n;
        let done = null;
        if (quiet) {
            if (!this.#inStretch) {
                this.#inStretch = true;
                this.#stretchStart = this.#winStart;
                this.#stretchN = 0;
                this.#stretchSum.fill(0);
            }
            this.#stretchEnd = t_s;
            this.#stretchN += n;
            for (let i = 0; i < 6; i++)
                this.#stretchSum[i] = this.#stretchSum[i] + this.#sum[i];
        }
        else {
            done = this.#endStretch();
        }
        this.#resetWindow();
        return done;
    }
    #resetWindow() {
        this.#count = 0;
        this.#sum.fill(0);
        this.#sq.fill(0);
        this.#sumNorm = 0;
    }
    #endStretch() {
        if (!this.#inStretch)
            return null;
        this.#inStretch = false;
        const n = this.#stretchN;
        const m = (i) => this.#stretchSum[i] / n;
        return {
            start_s: this.#stretchStart,
            end_s: this.#stretchEnd,
            meanAcc_g: [m(0), m(1), m(2)],
            meanGyro_dps: this.#hasGyro ? [m(3), m(4), m(5)] : null,
        };
    }
}
//# sourceMappingURL=quiet.js.map