/**
 * The steps of the mounting re-check's sliding window (analyzer.ts, #recheckAdd): per step its initial-contact time,
 * the sums of the horizontal specific force along the pelvis' right (x) and forward (y) axes [Σx, Σy, Σx², Σy², Σxy,
 * n], the braking-then-propulsion difference, the rate of turn and the tracked up (sensor frame). Kept as rows of a
 * Float64Array used as a ring, oldest first, so that a step costs no allocation: a 3-hour run adds some 30 000 steps
 * and drops each again about 10 s later. The ring doubles when full (a window holds a few dozen steps).
 */

/** Field offsets in a row. */
export const RS_T = 0;
/** The six horizontal sums Σx, Σy, Σx², Σy², Σxy, n start here. */
export const RS_SUMS = 1;
export const RS_SIGN = 7;
export const RS_TURN = 8;
export const RS_UX = 9;
export const RS_UY = 10;
export const RS_UZ = 11;
const FIELDS = 12;

export class RecheckSteps {
  #rows = new Float64Array(64 * FIELDS);
  #capacity = 64;
  #head = 0;
  #count = 0;

  get length(): number {
    return this.#count;
  }

  /** Field f (RS_*) of the i-th step held, oldest first. */
  get(i: number, f: number): number {
    const r = this.#head + i; // < 2 × capacity
    return this.#rows[(r < this.#capacity ? r : r - this.#capacity) * FIELDS + f]!;
  }

  /** Adds a step at the end. `sums` holds Σx, Σy, Σx², Σy², Σxy, n (copied). */
  push(t: number, sums: ArrayLike<number>, sign: number, turn_dps: number, ux: number, uy: number, uz: number): void {
    if (this.#count === this.#capacity) this.#grow();
    const o = ((this.#head + this.#count) % this.#capacity) * FIELDS;
    const r = this.#rows;
    r[o + RS_T] = t;
    for (let k = 0; k < 6; k++) r[o + RS_SUMS + k] = sums[k]!;
    r[o + RS_SIGN] = sign;
    r[o + RS_TURN] = turn_dps;
    r[o + RS_UX] = ux;
    r[o + RS_UY] = uy;
    r[o + RS_UZ] = uz;
    this.#count++;
  }

  /** Drops the oldest step. */
  shift(): void {
    this.#head = (this.#head + 1) % this.#capacity;
    this.#count--;
  }

  clear(): void {
    this.#head = 0;
    this.#count = 0;
  }

  #grow(): void {
    const rows = new Float64Array(2 * this.#capacity * FIELDS);
    for (let i = 0; i < this.#count; i++) {
      const from = ((this.#head + i) % this.#capacity) * FIELDS;
      rows.set(this.#rows.subarray(from, from + FIELDS), i * FIELDS);
    }
    this.#rows = rows;
    this.#capacity *= 2;
    this.#head = 0;
  }
}
