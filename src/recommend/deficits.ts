/**
 * From measurements to hip-function deficits. Every rule is one row of RULES: the function it speaks for, the
 * measurement it reads, the three thresholds (mild, moderate, marked; larger = worse) and where they come from.
 * A rule's score rises continuously with its measurement (1 at the mild threshold, 2 at moderate, 3 at marked, at
 * most 4), so severity is monotonic in the underlying metric; a function's score is the highest of its rules'.
 * docs/recommender.md.
 */
import { round } from "../core/math/round.js";
import type { Drift, FatigueReport } from "../fatigue/index.js";
import type { AnalysisSummary, Side, SideValues } from "../pipeline/types.js";
import type { HipFunction } from "./catalogue.js";

export type Severity = "none" | "mild" | "moderate" | "marked";

/** What the runner may tell us; each sharpens a rule (docs/recommender.md). */
export interface RunnerInfo {
  /** Running speed of the analysed run, m/s (or from --pace). Makes the cadence reference speed-specific. */
  speed_mps?: number | null | undefined;
  /** Side of current pain: findings on that side weigh more (and pain means seeing a professional). */
  painSide?: Side | null | undefined;
  /** Past or present injuries, as keys of INJURY_LINKS. */
  injuries?: readonly string[] | undefined;
}

/** What the rules read. */
export interface RuleInput {
  summary: AnalysisSummary;
  /** Pelvic drop per side over straight running only (leaning into bends biases the whole-run means); default summary's. */
  straightDrop_deg?: SideValues | undefined;
  fatigue: FatigueReport | null;
  hasGyro: boolean;
  runner: RunnerInfo;
}

/** One rule's reading: the value compared with the thresholds, and how to describe it. */
interface Reading {
  value: number;
  side: Side | null;
  /** The measurement in words, with its number and unit. */
  text: string;
  worsensWithFatigue: boolean;
}

interface Rule {
  id: string;
  function: HipFunction;
  /** The document field the rule reads. */
  metric: string;
  /** Unit of `value` and of the thresholds. */
  unit: string;
  thresholds: readonly [number, number, number];
  source: string;
  /** Sided rules are read once per side. */
  sides: ReadonlyArray<Side | null>;
  read: (x: RuleInput, side: Side | null) => Reading | null;
}

/** A fatigue drift that counts: its 95 % interval excludes zero (a clear change, whatever its size). */
function clearDelta(d: Drift | undefined): number | null {
  if (!d || d.delta === null || d.ci95 === null) return null;
  return d.ci95[0] > 0 || d.ci95[1] < 0 ? d.delta : null;
}

/**
 * Cadence reference for the analysed speed: recreational runners 171.0 ± 7.9 spm without a speed (uninjured male
 * runners, PMC6044588 Table 2); with one, 184.2 + 10.1 (v − 3.8 m/s) ± 9.8 spm (ours, from the per-runner means of
 * Alcantara et al. 2021 (PeerJ 9:e11199), 37 runners at 3.8–5.4 m/s: mean within-runner slope 10.1 spm per m/s).
 */
export const CADENCE_REFERENCE = Object.freeze({
  noSpeed: { mean_spm: 171.0, sd_spm: 7.9, source: "recreational runners 171.0 ± 7.9 spm (PMC6044588, Table 2)" },
  bySpeed: { at_mps: 3.8, mean_spm: 184.2, slope_spm_per_mps: 10.1, sd_spm: 9.8, range_mps: [3.8, 5.4] as [number, number], source: "184.2 + 10.1 × (speed − 3.8 m/s) ± 9.8 spm (ours, from Alcantara 2021 data: 37 runners, 3.8–5.4 m/s)" },
});

export function expectedCadence(speed_mps: number | null | undefined): { mean: number; sd: number; source: string } {
  if (speed_mps === null || speed_mps === undefined || !(speed_mps > 0)) {
    const r = CADENCE_REFERENCE.noSpeed;
    return { mean: r.mean_spm, sd: r.sd_spm, source: r.source };
  }
  const r = CADENCE_REFERENCE.bySpeed;
  return { mean: r.mean_spm + r.slope_spm_per_mps * (speed_mps - r.at_mps), sd: r.sd_spm, source: r.source };
}

const fmt = (x: number, d = 1): string => (Math.round(x * 10 ** d) / 10 ** d).toFixed(d);

/** The rules, one row each. */
export const RULES: readonly Rule[] = [
  {
    id: "drop-asymmetry",
    function: "abduction",
    metric: "pelvic_drop_deg (straight running)",
    unit: "deg",
    thresholds: [1, 2, 3.1],
    source: "each 1° of contralateral pelvic drop ≈ 1.8× the odds of being an injured runner (Bramah 2018); step-rate retraining lowered drop by 3.1° (Bramah 2019)",
    sides: [null],
    read: (x) => {
      const drop = x.straightDrop_deg ?? x.summary.pelvic_drop_deg;
      const l = drop.left, r = drop.right;
      if (!x.hasGyro || l === null || r === null) return null;
      const side: Side = r >= l ? "right" : "left";
      return { value: Math.abs(r - l), side, text: `pelvic drop ${fmt(side === "right" ? r : l)}° in ${side} stance vs ${fmt(side === "right" ? l : r)}° in ${side === "right" ? "left" : "right"} stance`, worsensWithFatigue: false };
    },
  },
  {
    id: "drop-rises-with-fatigue",
    function: "abduction",
    metric: "fatigue.drift.pelvic_drop_deg",
    unit: "deg",
    thresholds: [1, 2, 3],
    source: "1° more drop ≈ 1.8× the odds of injury (Bramah 2018); abductors tire before the heart and lungs do, and drop follows (the hip-strength guide)",
    sides: ["left", "right"],
    read: (x, side) => {
      const d = clearDelta(x.fatigue?.drift.pelvic_drop_deg[side!]);
      if (d === null || !x.hasGyro) return null;
      return { value: d, side, text: `pelvic drop in ${side} stance rose by ${fmt(d)}° from the fresh to the fatigued part of the run`, worsensWithFatigue: true };
    },
  },
  {
    id: "contact-time-rises-with-fatigue",
    function: "extension",
    metric: "fatigue.drift.contact_time_ms",
    unit: "%",
    thresholds: [3, 6, 10],
    source: "contact time lengthens with fatigue at constant speed (meta-analysis SMD 0.52, Sports Biomech 2024); typical group change +2–5 % (research notes), so 3 % is beyond typical",
    sides: ["left", "right"],
    read: (x, side) => {
      const f = x.fatigue;
      const d = clearDelta(f?.drift.contact_time_ms[side!]);
      const base = f?.fresh.contact_time_ms[side!];
      if (d === null || base === null || base === undefined || !(base > 0)) return null;
      const pct = (100 * d) / base;
      return { value: pct, side, text: `contact time in ${side} stance rose by ${fmt(d, 0)} ms (${fmt(pct)} %) late in the run`, worsensWithFatigue: true };
    },
  },
  {
    id: "propulsion-falls-with-fatigue",
    function: "extension",
    metric: "fatigue.drift.peak_propulsion_g",
    unit: "%",
    thresholds: [5, 10, 20],
    source: "push-off weakens with fatigue (lower peak forces, Apte 2021 review); sizes are ours: 5 % is above the noise of a sacral estimate, 20 % is a large loss",
    sides: [null],
    read: (x) => {
      const f = x.fatigue;
      const d = clearDelta(f?.drift.peak_propulsion_g);
      const base = f?.fresh.peak_propulsion_g;
      if (d === null || base === null || base === undefined || !(base > 0)) return null;
      const pct = (-100 * d) / base;
      return { value: pct, side: null, text: `peak propulsion fell by ${fmt(-d, 3)} g (${fmt(pct)} %) late in the run`, worsensWithFatigue: true };
    },
  },
  {
    id: "anterior-tilt-rises-with-fatigue",
    function: "extension",
    metric: "fatigue.drift.anterior_tilt_deg",
    unit: "deg",
    thresholds: [1, 2, 3],
    source: "more forward lean and anterior pelvic tilt as the hip extensors tire (trunk flexion ↑ with fatigue, Apte 2021); sizes are ours, multiples of the 0.5° the sensor can resolve",
    sides: [null],
    read: (x) => {
      const d = clearDelta(x.fatigue?.drift.anterior_tilt_deg);
      if (d === null || !x.hasGyro) return null;
      return { value: d, side: null, text: `anterior pelvic tilt rose by ${fmt(d)}° late in the run`, worsensWithFatigue: true };
    },
  },
  {
    id: "low-cadence",
    function: "flexion",
    metric: "summary.cadence_spm",
    unit: "SD below reference",
    thresholds: [1, 2, 3],
    source: `below the reference by 1, 2 or 3 between-runner SDs: ${CADENCE_REFERENCE.noSpeed.source}; with --speed, ${CADENCE_REFERENCE.bySpeed.source}`,
    sides: [null],
    read: (x) => {
      const c = x.summary.cadence_spm;
      if (c === null) return null;
      const ref = expectedCadence(x.runner.speed_mps);
      const z = (ref.mean - c) / ref.sd;
      return { value: z, side: null, text: `cadence ${fmt(c)} spm against a reference of ${fmt(ref.mean)} ± ${fmt(ref.sd)} spm${x.runner.speed_mps ? ` at ${fmt(x.runner.speed_mps, 2)} m/s` : ""}`, worsensWithFatigue: false };
    },
  },
  {
    id: "cadence-falls-with-fatigue",
    function: "flexion",
    metric: "fatigue.drift.cadence_spm",
    unit: "%",
    thresholds: [2.5, 4, 6],
    source: "cadence falls 1–3 % with fatigue in groups (research notes); 2.5 % is half the 5 % step-rate change that alters joint loading (Heiderscheit 2011)",
    sides: [null],
    read: (x) => {
      const f = x.fatigue;
      const d = clearDelta(f?.drift.cadence_spm);
      const base = f?.fresh.cadence_spm;
      if (d === null || base === null || base === undefined || !(base > 0)) return null;
      const pct = (-100 * d) / base;
      return { value: pct, side: null, text: `cadence fell by ${fmt(-d)} spm (${fmt(pct)} %) late in the run`, worsensWithFatigue: true };
    },
  },
];

/**
 * What the runner tells us sharpens the rules: pain on the side of a finding adds PAIN_BONUS to that finding's
 * score; a past or present injury linked to a function adds INJURY_BONUS to that function (the guide ties weak
 * abductors to IT band syndrome and runner's knee, weak extension to lower back compensation).
 */
export const PAIN_BONUS = 0.5;
export const INJURY_BONUS = 0.5;
export const INJURY_LINKS: Readonly<Record<string, HipFunction>> = Object.freeze({
  itbs: "abduction",
  "it-band": "abduction",
  pfp: "abduction",
  "runners-knee": "abduction",
  "lateral-hip": "abduction",
  "lower-back": "extension",
  hamstring: "extension",
});

export interface Evidence {
  rule: string;
  metric: string;
  side: Side | null;
  value: number;
  unit: string;
  /** The measurement in words. */
  measurement: string;
  /** The thresholds: mild, moderate, marked. */
  thresholds: [number, number, number];
  source: string;
  worsens_with_fatigue: boolean;
  score: number;
}

export interface Deficit {
  function: HipFunction;
  severity: Severity;
  /** 0 (nothing) to 4: 1 mild, 2 moderate, 3 marked, from the strongest evidence plus the runner's information. */
  score: number;
  evidence: Evidence[];
  /** Whether any evidence of this function grows with fatigue. */
  worsens_with_fatigue: boolean;
}

/** Score of a value against [mild, moderate, marked]: 0 at 0, 1, 2, 3 at the thresholds, linear between, at most 4. */
export function ruleScore(value: number, t: readonly [number, number, number]): number {
  if (!(value > 0)) return 0;
  if (value < t[0]) return value / t[0];
  if (value < t[1]) return 1 + (value - t[0]) / (t[1] - t[0]);
  if (value < t[2]) return 2 + (value - t[1]) / (t[2] - t[1]);
  return Math.min(4, 3 + (value - t[2]) / (t[2] - t[1]));
}

export function severityOf(score: number): Severity {
  return score >= 3 ? "marked" : score >= 2 ? "moderate" : score >= 1 ? "mild" : "none";
}

/** The three functions' deficits, most severe first. */
export function assessDeficits(x: RuleInput): Deficit[] {
  const out: Deficit[] = (["abduction", "extension", "flexion"] as const).map((fn) => {
    const evidence: Evidence[] = [];
    for (const rule of RULES.filter((r) => r.function === fn)) {
      for (const side of rule.sides) {
        const reading = rule.read(x, side);
        if (!reading) continue;
        let score = ruleScore(reading.value, rule.thresholds);
        if (score > 0 && x.runner.painSide && reading.side === x.runner.painSide) score += PAIN_BONUS;
        evidence.push({
          rule: rule.id,
          metric: rule.metric,
          side: reading.side,
          value: round(reading.value, 2),
          unit: rule.unit,
          measurement: reading.text,
          thresholds: [...rule.thresholds],
          source: rule.source,
          worsens_with_fatigue: reading.worsensWithFatigue,
          score: round(Math.min(4, score), 2),
        });
      }
    }
    evidence.sort((a, b) => b.score - a.score);
    let score = evidence.length > 0 ? evidence[0]!.score : 0;
    const injured = (x.runner.injuries ?? []).some((i) => INJURY_LINKS[i] === fn);
    if (injured && score > 0) score += INJURY_BONUS;
    score = round(Math.min(4, score), 2);
    return { function: fn, severity: severityOf(score), score, evidence, worsens_with_fatigue: evidence.some((e) => e.worsens_with_fatigue && e.score >= 1) };
  });
  const order = ["abduction", "extension", "flexion"];
  return out.sort((a, b) => b.score - a.score || order.indexOf(a.function) - order.indexOf(b.function));
}
