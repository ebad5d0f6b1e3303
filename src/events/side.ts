/**
 * Stance side (left/right) for a sacral sensor, from several cues with enforced alternation.
 * Cues per stance (each signed so that positive means "right stance"):
 *  - roll: mean pelvic obliquity over the stance relative to neutral. In right stance the left (swing-side) hip drops,
 *    i.e. the right side is up (research note §1.5 cue 3; the physics that contralateral pelvic drop measures).
 *  - medio-lateral specific force along the pelvis' right axis, mean over stance: the dominant ML peak is positive
 *    in right stance (Lee et al. 2010, 81.9 % on its own in Kiernan 2023); works without a gyroscope.
 * Steps within a bout (no gap, no missed step) must alternate, so the decision is the phase of the alternation:
 * S = Σ (−1)^j · score_j over the bout's steps. Steps are held until a bout has enough steps to decide, then released;
 * a later run of steps that clearly contradicts the phase (a step was missed or added) re-synchronises it.
 */
import type { Side } from "../pipeline/types.js";

export interface SideCues {
  /** Mean obliquity over stance minus neutral, degrees (NaN without gyroscope). */
  roll_deg: number;
  /** Mean ML specific force over stance along the pelvis' right axis, g. */
  ml_g: number;
}

export interface SideSettings {
  /** Steps to collect at the start of a bout before releasing them with a decided phase. */
  decideAfterSteps: number;
  /** Window of recent steps checked for contradiction, and the fraction of agreement below which phase flips. */
  recheckSteps: number;
  flipBelowAgreement: number;
  /** Relative weight of the ML cue against the roll cue (both normalised by their typical size). */
  mlWeight: number;
}

export const DEFAULT_SIDE: Readonly<SideSettings> = Object.freeze({
  decideAfterSteps: 8,
  recheckSteps: 12,
  flipBelowAgreement: 0.25,
  mlWeight: 0.5,
});

interface Held<T> {
  item: T;
  score: number;
}

/** Running mean of absolute values, to put cues of different units on one scale. */
class AbsScale {
  #sum = 0;
  #n = 0;
  add(x: number): void {
    if (Number.isFinite(x)) {
      this.#sum += Math.abs(x);
      this.#n++;
    }
  }
  get value(): number {
    return this.#n > 0 && this.#sum > 0 ? this.#sum / this.#n : 1;
  }
}

export class SideAssigner<T> {
  readonly #s: SideSettings;
  readonly #roll = new AbsScale();
  readonly #ml = new AbsScale();
  #held: Held<T>[] = [];
  /** Side of the next step in the current bout once decided, else null. */
  #next: Side | null = null;
  /** Recent released steps: +1 when the score agreed with the assigned side, −1 when not. */
  #recent: number[] = [];
  /** Number of phase flips (re-synchronisations) after the initial decision. */
  resyncs = 0;

  constructor(settings: Partial<SideSettings> = {}) {
    this.#s = { ...DEFAULT_SIDE, ...settings };
  }

  /** Adds the next step of the current bout; returns the steps released with their sides. */
  push(item: T, cues: SideCues): Array<{ item: T; side: Side }> {
    this.#roll.add(cues.roll_deg);
    this.#ml.add(cues.ml_g);
    const score = this.#score(cues);
    if (this.#next === null) {
      this.#held.push({ item, score });
      if (this.#held.length >= this.#s.decideAfterSteps) return this.#decide();
      return [];
    }
    const side = this.#next;
    const agrees = Math.sign(score) === (side === "right" ? 1 : -1) ? 1 : -1;
    this.#recent.push(agrees);
    if (this.#recent.length > this.#s.recheckSteps) this.#recent.shift();
    let out: Side = side;
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
  resumeWith(side: Side): void {
    if (this.#held.length === 0) {
      this.#next = side;
      this.#recent = [];
    }
  }

  /** The bout ended (gap, missed steps, stop): decide what is held and start afresh. */
  endBout(): Array<{ item: T; side: Side }> {
    const out = this.#held.length ? this.#decide() : [];
    this.#next = null;
    this.#recent = [];
    return out;
  }

  #score(c: SideCues): number {
    const r = Number.isFinite(c.roll_deg) ? c.roll_deg / this.#roll.value : 0;
    const m = Number.isFinite(c.ml_g) ? (this.#s.mlWeight * c.ml_g) / this.#ml.value : 0;
    return r + m;
  }

  #decide(): Array<{ item: T; side: Side }> {
    let s = 0;
    this.#held.forEach((h, j) => {
      s += (j % 2 === 0 ? 1 : -1) * h.score;
    });
    const firstRight = s >= 0;
    const out = this.#held.map((h, j) => ({ item: h.item, side: (j % 2 === 0) === firstRight ? ("right" as const) : ("left" as const) }));
    const last = out[out.length - 1]!.side;
    this.#next = last === "right" ? "left" : "right";
    this.#recent = this.#held.map((h, j) => (Math.sign(h.score) === ((j % 2 === 0) === firstRight ? 1 : -1) ? 1 : -1));
    this.#held = [];
    return out;
  }
}
