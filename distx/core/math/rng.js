/**
 * Deterministic pseudo-random numbers for simulation and resampling (bootstrap). Not cryptographic.
 * Generator: sfc32 (Chris Doty-Humphrey's "small fast chaotic" PRNG, PractRand-tested), seeded through splitmix32
 * so that nearby integer seeds give unrelated streams.
 */
export class Rng {
    #a;
    #b;
    #c;
    #d;
    #spare = null;
    constructor(seed) {
        let s = seed >>> 0;
        const next = () => {
            // splitmix32
            s = (s + 0x9e3779b9) >>> 0;
            let z = s;
            z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
            z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
            return (z ^ (z >>> 16)) >>> 0;
        };
        this.#a = next();
        this.#b = next();
        this.#c = next();
        this.#d = next();
        for (let i = 0; i < 12; i++)
            this.uint32();
    }
    uint32() {
        const t = (((this.#a + this.#b) >>> 0) + this.#d) >>> 0;
        this.#d = (this.#d + 1) >>> 0;
        this.#a = this.#b ^ (this.#b >>> 9);
        this.#b = (this.#c + (this.#c << 3)) >>> 0;
        this.#c = ((this.#c << 21) | (this.#c >>> 11)) >>> 0;
        this.#c = (this.#c + t) >>> 0;
        return t;
    }
    /** Uniform in [0, 1). */
    uniform() {
        return this.uint32() / 4294967296;
    }
    /** Uniform in [lo, hi). */
    range(lo, hi) {
        return lo + (hi - lo) * this.uniform();
    }
    /** Standard normal deviate (Marsaglia polar method). */
    normal() {
        if (this.#spare !== null) {
            const v = this.#spare;
            this.#spare = null;
            return v;
        }
        let u, v, s;
        do {
            u = 2 * this.uniform() - 1;
            v = 2 * this.uniform() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s === 0);
        const m = Math.sqrt((-2 * Math.log(s)) / s);
        this.#spare = v * m;
        return u * m;
    }
    /** Integer in [0, n). */
    int(n) {
        return Math.floor(this.uniform() * n);
    }
}
//# sourceMappingURL=rng.js.map