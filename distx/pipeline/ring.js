/**
 * Fixed-size history of the most recent samples (time, specific force, tracked up and the cumulative yaw angle), so
 * that a step can be measured once its end is known. Memory is set by the capacity, never by the length of the run.
 */
export class SampleRing {
    capacity;
    /** Channel arrays indexed by (absolute sample number mod capacity). */
    t;
    ax;
    ay;
    az;
    ux;
    uy;
    uz;
    /** Cumulative rotation about up since the start, degrees (∫ ω·up dt): differences give heading change. */
    yaw;
    /** Absolute number of the next sample to be written (= samples written so far). */
    next = 0;
    /** next % capacity, kept incrementally. */
    #w = 0;
    constructor(capacity) {
        this.capacity = capacity;
        this.t = new Float64Array(capacity);
        this.ax = new Float64Array(capacity);
        this.ay = new Float64Array(capacity);
        this.az = new Float64Array(capacity);
        this.ux = new Float64Array(capacity);
        this.uy = new Float64Array(capacity);
        this.uz = new Float64Array(capacity);
        this.yaw = new Float64Array(capacity);
    }
    /** Appends the frame's time, raw specific force, up and heading (see core/frame.ts). */
    push(f) {
        const i = this.#w;
        this.t[i] = f.t_s;
        this.ax[i] = f.ax_g;
        this.ay[i] = f.ay_g;
        this.az[i] = f.az_g;
        this.ux[i] = f.ux;
        this.uy[i] = f.uy;
        this.uz[i] = f.uz;
        this.yaw[i] = f.yaw_deg;
        this.next++;
        this.#w = i + 1 === this.capacity ? 0 : i + 1;
    }
    /** Oldest absolute sample number still held. */
    get oldest() {
        return Math.max(0, this.next - this.capacity);
    }
    /** Absolute number of the first held sample with t ≥ t_s (this.next if none). Binary search. */
    indexAtOrAfter(t_s) {
        let lo = this.oldest;
        let hi = this.next;
        const c = this.capacity;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (this.t[mid % c] < t_s)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
}
//# sourceMappingURL=ring.js.map