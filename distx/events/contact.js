import { BiquadCascade } from "../dsp/biquad.js";
/** Default settings (frozen). Sources and measurements behind each value: `docs/algorithms/contact-detection.md`. */
export const DEFAULT_CONTACT_SETTINGS = Object.freeze({
    contactOn_g: 1.0,
    edgeLow_g: 0.5,
    edgeBase_g: 0.0,
    contactOff_g: 0.25,
    minContact_s: 0.095,
    maxContact_s: 0.4,
    minFlight_s: 0.02,
    minStep_s: 1 / 4.75,
    maxSampleInterval_s: 0.05,
    lowpass_hz: 20,
    lowpassOrder: 2,
    sampleRate_hz: 200,
    adaptive: false,
    adaptiveMaxOff_g: 0.45,
});
var Phase;
(function (Phase) {
    /** No confirmed flight yet (start, after a gap, after a too-long stance): contacts cannot start. */
    Phase[Phase["Disarmed"] = 0] = "Disarmed";
    /** Confirmed flight; waiting for the rising edge. */
    Phase[Phase["Flight"] = 1] = "Flight";
    /** Above `contactOn_g` since IC; no toe-off candidate yet. */
    Phase[Phase["Contact"] = 2] = "Contact";
    /** Toe-off candidate found; waiting for the flight to be confirmed (or for the stance to resume). */
    Phase[Phase["Ending"] = 3] = "Ending";
})(Phase || (Phase = {}));
/**
 * Longest extrapolation from the edgeLow crossing back to the force onset, s. Alcantara (500 Hz, 226 contacts): the
 * secant extrapolation is 4–33 ms, median 7 ms, 95th percentile 13 ms; capping at 15 ms changes the IC bias by
 * < 0.5 ms and bounds the damage of an irregular edge.
 */
const MAX_EDGE_BACK_S = 0.015;
// Adaptive mode: histogram of the input over [0, HIST_MAX_G) in HIST_BIN_G bins, forgotten with time constant
// HIST_TAU_S. The flight level is its HIST_FLIGHT_Q quantile; the stance level its HIST_STANCE_Q quantile.
const HIST_BIN_G = 0.02;
const HIST_MAX_G = 4;
const HIST_TAU_S = 20;
const HIST_FLIGHT_Q = 0.05;
const HIST_STANCE_Q = 0.95;
/** Adaptive off-level = flight level + this margin, g (keeps the noise floor of the flight below it). */
const ADAPT_MARGIN_G = 0.1;
/** Adaptive mode only engages when the stance level exceeds the flight level by this much, g (walking: ≈ 0.5 g). */
const ADAPT_MIN_SPAN_G = 1.0;
/** Seconds of data needed before the adaptive level is trusted (≥ 10 steps at any running cadence). */
const ADAPT_MIN_EVIDENCE_S = 5;
/** Interval between re-derivations of the adaptive level, s (quantiles scan the whole histogram). */
const ADAPT_UPDATE_S = 0.5;
function checkSettings(s) {
    const fail = (field, rule, v) => {
        throw new RangeError(`ContactDetector: ${field} ${rule}, got ${String(v)}`);
    };
    for (const k of ["contactOn_g", "edgeLow_g", "edgeBase_g", "contactOff_g", "minContact_s", "maxContact_s", "minFlight_s",
        "minStep_s", "maxSampleInterval_s", "lowpassOrder", "sampleRate_hz", "adaptiveMaxOff_g"]) {
        if (!Number.isFinite(s[k]))
            fail(k, "must be a finite number", s[k]);
    }
    if (!(s.contactOn_g > s.edgeLow_g))
        fail("contactOn_g", `must exceed edgeLow_g (${s.edgeLow_g})`, s.contactOn_g);
    if (!(s.edgeLow_g > s.edgeBase_g))
        fail("edgeLow_g", `must exceed edgeBase_g (${s.edgeBase_g})`, s.edgeLow_g);
    if (!(s.edgeLow_g > s.contactOff_g))
        fail("edgeLow_g", `must exceed contactOff_g (${s.contactOff_g})`, s.edgeLow_g);
    if (!(s.minContact_s > 0 && s.maxContact_s > s.minContact_s))
        fail("maxContact_s", "must exceed minContact_s > 0", s.maxContact_s);
    if (!(s.minFlight_s >= 0))
        fail("minFlight_s", "must be ≥ 0", s.minFlight_s);
    if (!(s.minStep_s >= 0))
        fail("minStep_s", "must be ≥ 0", s.minStep_s);
    if (!(s.maxSampleInterval_s > 0))
        fail("maxSampleInterval_s", "must be > 0", s.maxSampleInterval_s);
    if (!(s.sampleRate_hz > 0))
        fail("sampleRate_hz", "must be > 0", s.sampleRate_hz);
    if (s.lowpass_hz !== null && !(s.lowpass_hz > 0 && s.lowpass_hz < s.sampleRate_hz / 2)) {
        fail("lowpass_hz", `must be null or in (0, sampleRate_hz/2 = ${s.sampleRate_hz / 2})`, s.lowpass_hz);
    }
    if (s.adaptive && !(s.adaptiveMaxOff_g >= s.contactOff_g && s.adaptiveMaxOff_g < s.edgeLow_g)) {
        fail("adaptiveMaxOff_g", `must be in [contactOff_g, edgeLow_g)`, s.adaptiveMaxOff_g);
    }
}
/**
 * Streaming ground-contact detector for running (one call per sample, constant memory).
 *
 * Steps (details, sources and measured accuracy: `docs/algorithms/contact-detection.md`):
 * 1. Causal Butterworth low-pass (default 20 Hz, order 2; `lowpass_hz: null` turns it off); output times are
 *    shifted back by its DC group delay.
 * 2. Arm after a confirmed flight: the signal below `contactOff_g` for `minFlight_s`.
 * 3. Stance starts at the upward crossing of `contactOn_g`. IC = the interpolated upward `edgeLow_g` crossing minus
 *    the time the edge needs to rise from `edgeBase_g` to `edgeLow_g`, estimated as the shorter of the secant
 *    through the `edgeLow_g` and `contactOn_g` crossings and the local slope at the `edgeLow_g` crossing, at most
 *    15 ms, and never before the last flight minimum.
 * 4. TO = the first interpolated downward crossing of `contactOff_g` after the last time above `contactOn_g`;
 *    the contact is final (and returned) once the signal has stayed below `contactOff_g` for `minFlight_s`.
 * 5. Reject contacts outside [`minContact_s`, `maxContact_s`] and ICs closer than `minStep_s` to the previous one.
 *
 * Walking and standing never go below `contactOff_g` for long enough, so they never arm the detector.
 *
 * Data requirements: body-frame vertical specific force `accIs_g` (gravity included, up positive), 100–500 Hz,
 * monotonic timestamps in seconds (jitter is fine: crossings are interpolated on the actual timestamps).
 */
export class ContactDetector {
    /** The settings in use (defaults merged with the overrides; frozen). */
    settings;
    #filter;
    /** The sample being processed (time, s; filtered vertical specific force, g). */
    #tCur = Number.NaN;
    #xCur = Number.NaN;
    /** The current sample's unfiltered input, g. */
    #avIn = Number.NaN;
    #delay_s;
    #hist;
    #phase = Phase.Disarmed;
    #havePrev = false;
    #tPrev = 0;
    #xPrev = 0;
    /** Start of the current run of samples below the off-level (flight candidate), s; NaN when above. */
    #belowSince = Number.NaN;
    /** Latest time the flight minimum was reached, and that minimum. */
    #valley_s = Number.NaN;
    #valley_g = Number.POSITIVE_INFINITY;
    /** Latest interpolated upward crossing of edgeLow_g (while in flight), s, and the slope of that segment, g/s. */
    #upLow_s = Number.NaN;
    #upLowSlope = Number.NaN;
    #ic_s = 0;
    #icCross_s = 0;
    #to_s = 0;
    #peak_g = 0;
    #peak_s = 0;
    #prevIc_s = null;
    #prevTo_s = null;
    #off_g;
    /** Level the rising edge is extrapolated to: `edgeBase_g`, or the adaptive flight level when that is higher, g. */
    #base_g;
    #histWeight = 0;
    #histScale = 1;
    #histTLast = Number.NaN;
    #histSeconds = 0;
    #histUpdate_s = Number.NEGATIVE_INFINITY;
    #sumIntervals_s = 0;
    #nIntervals = 0;
    #stats = { samples: 0, contacts: 0, gaps: 0, rejectedShort: 0, rejectedLong: 0, rejectedStep: 0 };
    /** @param overrides settings to change from {@link DEFAULT_CONTACT_SETTINGS}; validated, never mutated. */
    constructor(overrides = {}) {
        const s = { ...DEFAULT_CONTACT_SETTINGS, ...overrides };
        checkSettings(s);
        this.settings = Object.freeze(s);
        this.#off_g = s.contactOff_g;
        this.#base_g = s.edgeBase_g;
        if (s.lowpass_hz !== null) {
            this.#filter = BiquadCascade.butterworth({
                type: "lowpass",
                order: s.lowpassOrder,
                cutoff_hz: s.lowpass_hz,
                sampleRate_hz: s.sampleRate_hz,
            });
            this.#delay_s = this.#filter.groupDelay_s(0);
        }
        else {
            this.#filter = null;
            this.#delay_s = 0;
        }
        this.#hist = s.adaptive ? new Float64Array(Math.round(HIST_MAX_G / HIST_BIN_G)) : null;
    }
    /** Delay subtracted from every output time (the low-pass DC group delay; 0 without low-pass), s. */
    get delay_s() {
        return this.#delay_s;
    }
    /** Off-level currently in use (the setting, or the adaptive level), g. */
    get off_g() {
        return this.#off_g;
    }
    /** Level the rising edge is currently extrapolated to (the setting, or the adaptive flight level), g. */
    get base_g() {
        return this.#base_g;
    }
    /** Cumulative counters since construction or the last {@link reset}. */
    get stats() {
        const meanInterval_s = this.#nIntervals > 0 ? this.#sumIntervals_s / this.#nIntervals : Number.NaN;
        const nominal_s = 1 / this.settings.sampleRate_hz;
        const rateMismatch = this.#filter !== null && this.#nIntervals >= 100 && Math.abs(meanInterval_s - nominal_s) > 0.25 * nominal_s;
        return { ...this.#stats, meanInterval_s, rateMismatch };
    }
    /**
     * Processes one sample.
     * @param t_s sample time, s (strictly increasing; a backward or large step is handled as a gap)
     * @param av_g vertical specific force, body frame, g (gravity included: ≈ 1 standing, ≈ 0 in flight)
     * @returns the contact that this sample completed, or null
     */
    push(t_s, av_g) {
        this.#tCur = t_s;
        this.#avIn = av_g;
        return this.#ingest();
    }
    /** `push` for the per-sample path: reads t_s and av_g from the frame (see core/frame.ts). */
    pushFrame(f) {
        this.#tCur = f.t_s;
        this.#avIn = f.av_g;
        return this.#ingest();
    }
    #ingest() {
        const t_s = this.#tCur, av_g = this.#avIn;
        this.#stats.samples++;
        if (!Number.isFinite(t_s) || !Number.isFinite(av_g)) {
            if (this.#havePrev)
                this.#gap(true); // a run of bad samples counts as one gap
            return null;
        }
        if (this.#havePrev && !(t_s > this.#tPrev && t_s - this.#tPrev <= this.settings.maxSampleInterval_s)) {
            this.#gap(true);
        }
        let x = av_g;
        if (this.#filter !== null) {
            if (!this.#havePrev)
                this.#filter.reset(av_g);
            x = this.#filter.step(av_g);
        }
        this.#xCur = x;
        if (this.#hist !== null)
            this.#adapt();
        if (!this.#havePrev) {
            this.#havePrev = true;
            this.#tPrev = t_s;
            this.#xPrev = x;
            this.#belowSince = x < this.#off_g ? t_s : Number.NaN;
            this.#valley_s = t_s;
            this.#valley_g = x;
            return null;
        }
        this.#sumIntervals_s += t_s - this.#tPrev;
        this.#nIntervals++;
        const out = this.#step();
        this.#tPrev = t_s;
        this.#xPrev = x;
        return out;
    }
    /**
     * Data were lost (e.g. dropped BLE packets); every contact not yet returned is dropped (also one whose toe-off was
     * found but whose flight was not yet confirmed), the step chain is broken and the detector waits for a new
     * confirmed flight. The low-pass restarts (steady state) on the next sample.
     */
    gap() {
        this.#gap(true);
    }
    /**
     * End of stream: returns a contact whose toe-off was already found but whose flight was not yet long enough to
     * confirm it (if it passes the duration and step checks), else null. Then behaves as after {@link gap}.
     * Calling it twice returns null the second time.
     */
    flush() {
        const out = this.#phase === Phase.Ending ? this.#finish() : null;
        this.#gap(false);
        return out;
    }
    /** Back to the state of a freshly constructed detector (same settings), counters included. */
    reset() {
        this.#filter?.reset();
        this.#hist?.fill(0);
        this.#histWeight = 0;
        this.#histTLast = Number.NaN;
        this.#histScale = 1;
        this.#histSeconds = 0;
        this.#histUpdate_s = Number.NEGATIVE_INFINITY;
        this.#off_g = this.settings.contactOff_g;
        this.#base_g = this.settings.edgeBase_g;
        this.#phase = Phase.Disarmed;
        this.#havePrev = false;
        this.#tPrev = 0;
        this.#xPrev = 0;
        this.#belowSince = Number.NaN;
        this.#valley_s = Number.NaN;
        this.#valley_g = Number.POSITIVE_INFINITY;
        this.#upLow_s = Number.NaN;
        this.#upLowSlope = Number.NaN;
        this.#ic_s = this.#icCross_s = this.#to_s = this.#peak_g = this.#peak_s = 0;
        this.#prevIc_s = null;
        this.#prevTo_s = null;
        this.#sumIntervals_s = 0;
        this.#nIntervals = 0;
        this.#stats = { samples: 0, contacts: 0, gaps: 0, rejectedShort: 0, rejectedLong: 0, rejectedStep: 0 };
    }
    #gap(count) {
        if (count)
            this.#stats.gaps++;
        this.#phase = Phase.Disarmed;
        this.#havePrev = false;
        this.#prevIc_s = null;
        this.#prevTo_s = null;
        this.#belowSince = Number.NaN;
        this.#upLow_s = Number.NaN;
        this.#histTLast = Number.NaN;
    }
    /** Interpolated time at which the segment (tPrev, xPrev) → (t, x) crosses `level`. */
    #cross(level) {
        const t = this.#tCur, x = this.#xCur;
        const x0 = this.#xPrev, t0 = this.#tPrev;
        return t0 + ((level - x0) / (x - x0)) * (t - t0);
    }
    // The per-sample methods (this one and the helpers it calls) read the current sample from #tCur / #xCur rather
    // than taking it as arguments: V8 boxes doubles passed to calls it does not inline (see core/frame.ts).
    #step() {
        const t = this.#tCur, x = this.#xCur;
        const s = this.settings;
        const off = this.#off_g;
        const x0 = this.#xPrev;
        // Run of samples below the off-level (flight candidate); starts at the interpolated crossing.
        if (x < off) {
            if (Number.isNaN(this.#belowSince))
                this.#belowSince = x0 >= off ? this.#cross(off) : t;
        }
        else {
            this.#belowSince = Number.NaN;
        }
        const flightConfirmed = !Number.isNaN(this.#belowSince) && t - this.#belowSince >= s.minFlight_s;
        switch (this.#phase) {
            case Phase.Disarmed:
                if (flightConfirmed)
                    this.#enterFlight();
                return null;
            case Phase.Flight:
                if (x <= this.#valley_g) {
                    this.#valley_g = x;
                    this.#valley_s = t;
                }
                if (x0 < s.edgeLow_g && x >= s.edgeLow_g) {
                    this.#upLow_s = this.#cross(s.edgeLow_g);
                    this.#upLowSlope = (x - x0) / (t - this.#tPrev);
                }
                if (x0 < s.contactOn_g && x >= s.contactOn_g)
                    this.#startContact();
                return null;
            case Phase.Contact:
                if (x > this.#peak_g) {
                    this.#peak_g = x;
                    this.#peak_s = t;
                }
                if (x < off && x0 >= off) {
                    this.#to_s = this.#cross(off);
                    this.#phase = Phase.Ending;
                    this.#valley_g = x;
                    this.#valley_s = t;
                    if (this.#to_s - this.#ic_s > s.maxContact_s)
                        return this.#rejectLong();
                }
                else if (t - this.#ic_s > s.maxContact_s) {
                    return this.#rejectLong();
                }
                return null;
            case Phase.Ending:
                if (x <= this.#valley_g) {
                    this.#valley_g = x;
                    this.#valley_s = t;
                }
                if (x0 < s.contactOn_g && x >= s.contactOn_g) {
                    // Back up without a confirmed flight: the stance goes on and the toe-off candidate is void.
                    this.#phase = Phase.Contact;
                    this.#trackPeak();
                    return null;
                }
                if (flightConfirmed) {
                    const c = this.#finish();
                    this.#phase = Phase.Flight;
                    this.#upLow_s = Number.NaN; // any edgeLow crossing seen while ending predates the confirmed flight
                    return c;
                }
                if (t - this.#to_s > s.maxContact_s)
                    return this.#rejectLong();
                return null;
        }
    }
    #enterFlight() {
        const t = this.#tCur, x = this.#xCur;
        this.#phase = Phase.Flight;
        this.#valley_g = x;
        this.#valley_s = t;
        this.#upLow_s = Number.NaN;
    }
    #startContact() {
        const t = this.#tCur, x = this.#xCur;
        const s = this.settings;
        const tOn = this.#cross(s.contactOn_g);
        let tLow = this.#upLow_s, slope = this.#upLowSlope;
        if (Number.isNaN(tLow)) {
            tLow = this.#cross(s.edgeLow_g);
            slope = (x - this.#xPrev) / (t - this.#tPrev);
        }
        // Time from the force onset (base level) to the edgeLow crossing, by the edge secant and by the local slope;
        // the shorter one wins (a plateau between the two levels, e.g. after an impact peak, lengthens the secant only).
        const rise_g = s.edgeLow_g - this.#base_g;
        const back = Math.min((rise_g / (s.contactOn_g - s.edgeLow_g)) * (tOn - tLow), rise_g / slope, MAX_EDGE_BACK_S);
        let ic = tLow - back;
        if (ic < this.#valley_s)
            ic = this.#valley_s;
        if (ic > tLow)
            ic = tLow;
        this.#ic_s = ic;
        this.#icCross_s = tOn;
        this.#peak_g = x;
        this.#peak_s = t;
        this.#phase = Phase.Contact;
    }
    #trackPeak() {
        const t = this.#tCur, x = this.#xCur;
        if (x > this.#peak_g) {
            this.#peak_g = x;
            this.#peak_s = t;
        }
    }
    /** Drops the current stance as too long; a new confirmed flight is needed before the next contact. */
    #rejectLong() {
        const t = this.#tCur;
        this.#stats.rejectedLong++;
        this.#prevIc_s = null;
        this.#prevTo_s = null;
        this.#phase = Phase.Disarmed;
        // If the signal is already in a flight run, it may confirm and re-arm right away.
        if (!Number.isNaN(this.#belowSince) && t - this.#belowSince >= this.settings.minFlight_s)
            this.#enterFlight();
        return null;
    }
    /** Validates the pending contact (IC … TO) and returns it, or null when rejected. */
    #finish() {
        const s = this.settings;
        const d = this.#delay_s;
        const dur_s = this.#to_s - this.#ic_s;
        if (dur_s < s.minContact_s) {
            this.#stats.rejectedShort++;
            return null;
        }
        if (dur_s > s.maxContact_s) {
            this.#stats.rejectedLong++;
            this.#prevIc_s = this.#prevTo_s = null;
            return null;
        }
        const prevIc = this.#prevIc_s, prevTo = this.#prevTo_s;
        if (prevIc !== null && this.#ic_s - prevIc < s.minStep_s) {
            this.#stats.rejectedStep++;
            return null;
        }
        this.#prevIc_s = this.#ic_s;
        this.#prevTo_s = this.#to_s;
        this.#stats.contacts++;
        return {
            ic_s: this.#ic_s - d,
            to_s: this.#to_s - d,
            contact_ms: dur_s * 1000,
            peak_g: this.#peak_g,
            peak_s: this.#peak_s - d,
            icCrossing_s: this.#icCross_s - d,
            step_ms: prevIc === null ? null : (this.#ic_s - prevIc) * 1000,
            flight_ms: prevTo === null ? null : (this.#ic_s - prevTo) * 1000,
            off_g: this.#off_g,
        };
    }
    /**
     * Adaptive mode: adds the sample to the forgetting histogram and, every ADAPT_UPDATE_S, re-derives the off-level.
     * Forgetting is lazy: a sample's weight grows as e^{(t − t_ref)/τ} instead of decaying every bin every sample,
     * and the histogram is renormalised when the exponent gets large.
     */
    #adapt() {
        const t = this.#tCur, x = this.#xCur;
        const h = this.#hist;
        const s = this.settings;
        const dt = Number.isNaN(this.#histTLast) ? 1 / s.sampleRate_hz : Math.max(0, t - this.#histTLast);
        this.#histTLast = t;
        this.#histSeconds += dt;
        // Forgetting: newer samples weigh exp((t − ref)/τ) more. The factor is carried incrementally (exp(r) to second
        // order, r = dt/τ ≈ 1e-4, relative error < 1e-12 per sample) instead of an exp() per sample.
        const r = dt / HIST_TAU_S;
        this.#histScale *= 1 + r + 0.5 * r * r;
        if (this.#histScale > 1e13) {
            const k = 1 / this.#histScale;
            for (let i = 0; i < h.length; i++)
                h[i] *= k;
            this.#histWeight *= k;
            this.#histScale = 1;
        }
        // Each sample weighs its time step, so the histogram is a share of time whatever the sample rate.
        const w = dt * this.#histScale;
        const bin = Math.min(h.length - 1, Math.max(0, Math.floor(x / HIST_BIN_G)));
        h[bin] += w;
        this.#histWeight += w;
        if (this.#histSeconds < ADAPT_MIN_EVIDENCE_S || t - this.#histUpdate_s < ADAPT_UPDATE_S)
            return;
        this.#histUpdate_s = t;
        const flight = this.#quantile(HIST_FLIGHT_Q);
        const stance = this.#quantile(HIST_STANCE_Q);
        let off = s.contactOff_g;
        let base = s.edgeBase_g;
        if (stance - flight >= ADAPT_MIN_SPAN_G && flight + ADAPT_MARGIN_G > off) {
            off = Math.min(s.adaptiveMaxOff_g, flight + ADAPT_MARGIN_G);
            base = Math.max(base, Math.min(flight, off));
        }
        this.#off_g = off;
        this.#base_g = base;
    }
    #quantile(q) {
        const h = this.#hist;
        const target = q * this.#histWeight;
        let acc = 0;
        for (let i = 0; i < h.length; i++) {
            acc += h[i];
            if (acc >= target)
                return (i + 0.5) * HIST_BIN_G;
        }
        return HIST_MAX_G;
    }
}
//# sourceMappingURL=contact.js.map