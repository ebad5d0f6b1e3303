/**
 * The per-step results of an analysis as typed columns, one row per step in the order the steps were emitted.
 *
 * A 3-hour run has ~30 000 steps. As one object each, their fields (mostly fractions, so each a separate heap number)
 * outlived V8's young generation and were copied into the old one, a third of the garbage collector's work on such a
 * file, and the fatigue statistics read them back field by field. Here a step costs a row of doubles; the objects
 * (`StepResult`) are made on request, all at once (`toArray`, for the JSON and HTML outputs) or one at a time (`get`),
 * with the fields, their order and their values exactly as the analysis computed them (null stays null: a bit per
 * nullable field says so).
 */
import type { Side, StepResult } from "./types.js";

/** The numeric fields of StepResult, in its key order (`side` comes second, between t and toe_off_s). */
export const STEP_FIELDS = [
  "t",
  "toe_off_s",
  "contact_time_ms",
  "step_time_ms",
  "flight_time_ms",
  "cadence_spm",
  "pelvic_drop_deg",
  "vertical_oscillation_mm",
  "pelvic_rotation_range_deg",
  "pelvic_tilt_range_deg",
  "anterior_tilt_deg",
  "peak_braking_g",
  "peak_propulsion_g",
  "peak_vertical_g",
] as const;
export type StepField = (typeof STEP_FIELDS)[number];

const F = STEP_FIELDS.length;
/** Column index of each field. */
const COL: Readonly<Record<StepField, number>> = Object.fromEntries(STEP_FIELDS.map((k, i) => [k, i])) as Record<StepField, number>;

/** A step's values in STEP_FIELDS order, null where StepResult has null. */
export type StepValues = { readonly [K in StepField]: StepResult[K] };

/** Writes x (NaN for null) to v[k]; returns 1 when x is null, else 0. */
function put(v: Float64Array, k: number, x: number | null): number {
  if (x === null) {
    v[k] = Number.NaN;
    return 1;
  }
  v[k] = x;
  return 0;
}

export class StepTable {
  /** Row-major values: step i's field f at i·F + f; NaN where the field is null (see #nulls). */
  #v = new Float64Array(1024 * F);
  /** Bit f set: field f of the step is null. */
  #nulls = new Uint16Array(1024);
  /** 1 for a left stance, 0 for a right one. */
  #left = new Uint8Array(1024);
  #n = 0;
  #objects: StepResult[] | null = null;

  get length(): number {
    return this.#n;
  }

  /** Appends a step (the values in StepResult's units, already rounded as reported). */
  add(side: Side, s: StepValues): void {
    if (this.#n === this.#left.length) this.#grow();
    const i = this.#n++;
    const v = this.#v, o = i * F;
    // field by field in STEP_FIELDS order (a loop over the names would look each up by a computed key)
    v[o] = s.t;
    v[o + 1] = s.toe_off_s;
    v[o + 2] = s.contact_time_ms;
    let nulls = 0;
    nulls |= put(v, o + 3, s.step_time_ms) << 3;
    nulls |= put(v, o + 4, s.flight_time_ms) << 4;
    nulls |= put(v, o + 5, s.cadence_spm) << 5;
    nulls |= put(v, o + 6, s.pelvic_drop_deg) << 6;
    nulls |= put(v, o + 7, s.vertical_oscillation_mm) << 7;
    nulls |= put(v, o + 8, s.pelvic_rotation_range_deg) << 8;
    nulls |= put(v, o + 9, s.pelvic_tilt_range_deg) << 9;
    nulls |= put(v, o + 10, s.anterior_tilt_deg) << 10;
    v[o + 11] = s.peak_braking_g;
    v[o + 12] = s.peak_propulsion_g;
    v[o + 13] = s.peak_vertical_g;
    this.#nulls[i] = nulls;
    this.#left[i] = side === "left" ? 1 : 0;
    this.#objects = null;
  }

  /** Field `field` of step i (null where the step has none). */
  value(i: number, field: StepField): number | null {
    const f = COL[field];
    return (this.#nulls[i]! >> f) & 1 ? null : this.#v[i * F + f]!;
  }

  /** Stance side of step i. */
  side(i: number): Side {
    return this.#left[i] === 1 ? "left" : "right";
  }

  /** Step i as a StepResult (a new object). */
  get(i: number): StepResult {
    const v = this.#v, o = i * F, nulls = this.#nulls[i]!;
    const at = (f: number): number | null => ((nulls >> f) & 1 ? null : v[o + f]!);
    return {
      t: v[o]!,
      side: this.side(i),
      toe_off_s: v[o + 1]!,
      contact_time_ms: v[o + 2]!,
      step_time_ms: at(3),
      flight_time_ms: at(4),
      cadence_spm: at(5),
      pelvic_drop_deg: at(6),
      vertical_oscillation_mm: at(7),
      pelvic_rotation_range_deg: at(8),
      pelvic_tilt_range_deg: at(9),
      anterior_tilt_deg: at(10),
      peak_braking_g: v[o + 11]!,
      peak_propulsion_g: v[o + 12]!,
      peak_vertical_g: v[o + 13]!,
    };
  }

  /** Every step as a StepResult, in order (made once, then the same array until a step is added). */
  toArray(): StepResult[] {
    if (this.#objects === null) {
      const out: StepResult[] = new Array(this.#n);
      for (let i = 0; i < this.#n; i++) out[i] = this.get(i);
      this.#objects = out;
    }
    return this.#objects;
  }

  /** Writes field `field` of every step into out[0 … length), NaN where it is null. */
  column(field: StepField, out: Float64Array): void {
    const v = this.#v, f = COL[field];
    for (let i = 0; i < this.#n; i++) out[i] = v[i * F + f]!;
  }

  /** Writes 1 for every left stance and 0 for every right one into out[0 … length). */
  leftColumn(out: Uint8Array): void {
    out.set(this.#left.subarray(0, this.#n));
  }

  #grow(): void {
    const cap = 2 * this.#left.length;
    const v = new Float64Array(cap * F);
    v.set(this.#v);
    this.#v = v;
    const nulls = new Uint16Array(cap);
    nulls.set(this.#nulls);
    this.#nulls = nulls;
    const left = new Uint8Array(cap);
    left.set(this.#left);
    this.#left = left;
  }
}
