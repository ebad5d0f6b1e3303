/**
 * Deterministic pseudo-random numbers for simulation and resampling (bootstrap). Not cryptographic.
 * Generator: sfc32 (Chris Doty-Humphrey's "small fast chaotic" PRNG, PractRand-tested), seeded through splitmix32
 * so that nearby integer seeds give unrelated streams.
 */
export class Rng {
  // The four sfc32 words, kept as int32 (`| 0`): V8 stores those as small integers, whereas words up to 2³² would be
  // boxed doubles (uint32() took ≈ 30 ns). The arithmetic is the same mod 2³², so the stream is unchanged.
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  /** The second deviate of the last polar-method pair, returned by the next normal() when #hasSpare. A number
   * field and a flag rather than `number | null`: V8 then keeps a double field that it updates in place, instead of
   * allocating a heap number for every deviate stored. */
  #spare = 0;
  #hasSpare = false;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      // splitmix32
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#a = next() | 0;
    this.#b = next() | 0;
    this.#c = next() | 0;
    this.#d = next() | 0;
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const a = this.#a;
    const b = this.#b;
    const c = this.#c;
    const t = (a + b + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = b ^ (b >>> 9);
    this.#b = (c + (c << 3)) | 0;
    this.#c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Standard normal deviate (Marsaglia polar method). */
  normal(): number {
    if (this.#hasSpare) {
      this.#hasSpare = false;
      return this.#spare;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.#spare = v * m;
    this.#hasSpare = true;
    return u * m;
  }

  /** Fills `out` with standard normal deviates: the same numbers as out.length calls of normal(), in order. */
  fillNormal(out: Float64Array): void {
    for (let k = 0; k < out.length; k++) out[k] = this.normal();
  }

  /**
   * Writes the generator's state where a WebAssembly kernel continues the same stream (assembly/stats.ts,
   * simulate_null): the four sfc32 words to words[at … at + 3], the spare normal deviate to doubles[spareAt] and
   * whether there is one to words[at + 6] (1 or 0).
   */
  saveState(words: Int32Array, at: number, doubles: Float64Array, spareAt: number): void {
    words[at] = this.#a;
    words[at + 1] = this.#b;
    words[at + 2] = this.#c;
    words[at + 3] = this.#d;
    doubles[spareAt] = this.#spare;
    words[at + 6] = this.#hasSpare ? 1 : 0;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }
}
