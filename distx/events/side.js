export const DEFAULT_SIDE = Object.freeze({
    decideAfterSteps: 8,
    recheckSteps: 12,
    flipBelowAgreement: 0.25,
    mlWeight: 0.5,
});
/** Running mean of absolute values, to put cues of different units on one scale. */
class AbsScale {
    #sum = 0;
    #n = 0;
    add(x) {
        if (Number.isFinite(x)) {
            this.#sum += Math.abs(x);
            this.#n++;
        }
    }
    get value() {
        return this.#n > 0 && this.#sum > 0 ? this.#sum / this.#n : 1;
    }
}
export class SideAssigner {
    #s;
    #roll = new AbsScale();
    #ml = new AbsScale();
    #held = [];
    /** Side of the next step in the current bout once decided, else null. */
    #next = null;
    /** Recent released steps: +1 when the score agreed with the assigned side, −1 when not. */
    #recent = [];
    /** Number of phase flips (re-synchronisations) after the initial decision. */
    resyncs = 0;
    constructor(settings = {}) {
        this.#s = { ...DEFAULT_SIDE, ...settings };
    }
    /** Adds the next step of the current bout; returns the steps released with their sides. */
    push(item, cues) {
        this.#roll.add(cues.roll_deg);
        this.#ml.add(cues.ml_g);
        const score = this.#score(cues);
        if (this.#next === null) {
            this.#held.push({ item, score });
            if (this.#held.length >= this.#s.decideAfterSteps)
                return this.#decide();
            return [];
        }
        const side = this.#next;
        const agrees = Math.sign(score) === (side === "right" ? 1 : -1) ? 1 : -1;
        this.#recent.push(agrees);
        if (this.#recent.length > this.#s.recheckSteps)
            this.#recent.shift();
        let out = side;
        if (this.#recent.length === this.#s.recheckSteps) {
            const agreement = this.#recent.filter((a) => a > 0).length / this.#recent.length;
            if (agreement < this.#s.flipBelowAgreement) {
                // The recent steps say the phase is the other way round: a contact was missed or spurious.
                out = side === "right" ? "left" : "right";
                this.#recent = this.#recent.map((a) => -a);
                this.resyncs++;
            }
        }
        this.#next = out === "right" ? "left" : "right";
        return [{ item, side: out }];
    }
    /**
     * Starts the next bout with a known phase: the first step pushed gets `side` (used to carry the alternation across
     * a short data gap whose number of missed steps is clear from the cadence). Later contradiction still re-syncs.
     */
    resumeWith(side) {
        if (this.#held.length === 0) {
            this.#next = side;
            this.#recent = [];
        }
    }
    /** The bout ended (gap, missed steps, stop): decide what is held and start afresh. */
    endBout() {
        const out = this.#held.length ? this.#decide() : [];
        this.#next = null;
        this.#recent = [];
        return out;
    }
    #score(c) {
        const r = Number.isFinite(c.roll_deg) ? c.roll_deg / this.#roll.value : 0;
        const m = Number.isFinite(c.ml_g) ? (this.#s.mlWeight * c.ml_g) / this.#ml.value : 0;
        return r + m;
    }
    #decide() {
        let s = 0;
        this.#held.forEach((h, j) => {
            s += (j % 2 === 0 ? 1 : -1) * h.score;
        });
        const firstRight = s >= 0;
        const out = this.#held.map((h, j) => ({ item: h.item, side: (j % 2 === 0) === firstRight ? "right" : "left" }));
        const last = out[out.length - 1].side;
        this.#next = last === "right" ? "left" : "right";
        this.#recent = this.#held.map((h, j) => (Math.sign(h.score) === ((j % 2 === 0) === firstRight ? 1 : -1) ? 1 : -1));
        this.#held = [];
        return out;
    }
}
//# sourceMappingURL=side.js.map