/**
 * Fatigue drift against simulator truth: for each fatiguing preset (and seeds), the reported fresh-to-fatigued
 * change of cadence and of pelvic drop per side against the truth on the same windows; and the share of sessions
 * without fatigue that get no flag. Prints a table. Run: npx tsx bench/fatigue-accuracy.ts [seeds]
 */
import { fatigueSection, type FatigueReport } from "../src/fatigue/index.js";
import { Analyzer } from "../src/pipeline/analyzer.js";
import { resolveParams, Simulation, type ParamOverrides } from "../src/sim/index.js";

const seeds = Number(process.argv[2] ?? 5);

function run(preset: string, o: ParamOverrides): { report: FatigueReport; truth: ReturnType<Simulation["truth"]> } {
  const sim = new Simulation(resolveParams(preset, o), preset);
  const a = new Analyzer({ sampleRate_hz: sim.params.sampleRate_hz, frame: "sensor", hasGyro: true, mount: null });
  for (const b of sim.blocks()) a.push(b);
  const r = a.finish();
  const report = fatigueSection(r.steps, r.origin_s, r.cycles).report;
  if (!report) throw new Error("no report");
  return { report, truth: sim.truth() };
}

function truthMeans(truth: ReturnType<Simulation["truth"]>, a: number, b: number): [number, number, number] {
  const st = truth.steps.filter((s) => s.gait === "run" && !s.in_gap && s.t >= a && s.t < b);
  const m = (x: number[]): number => x.reduce((p, q) => p + q, 0) / x.length;
  return [m(st.filter((s) => s.step_time_ms !== null).map((s) => 60000 / s.step_time_ms!)), m(st.filter((s) => s.side === "left").map((s) => s.pelvic_drop_deg)), m(st.filter((s) => s.side === "right").map((s) => s.pelvic_drop_deg))];
}

console.log("preset          seed  minutes   Δcadence rep/truth (err)     Δdrop L rep/truth (err)    Δdrop R rep/truth (err)   flagged");
let worstC = 0, worstD = 0;
for (const preset of ["weak-abductor", "low-cadence", "weak-push-off"]) {
  for (let seed = 1; seed <= seeds; seed++) {
    const minutes = [20, 40, 60][seed % 3]!;
    const { report, truth } = run(preset, { minutes, sampleRate_hz: 100, seed, track: seed % 2 === 0, gapsPerMin: 0.2 });
    const f = truthMeans(truth, report.fresh.start_s, report.fresh.end_s), g = truthMeans(truth, report.fatigued.start_s, report.fatigued.end_s);
    const d = report.drift;
    const row = [d.cadence_spm.delta!, d.pelvic_drop_deg.left.delta!, d.pelvic_drop_deg.right.delta!].map((x, i) => [x, g[i]! - f[i]!] as const);
    worstC = Math.max(worstC, Math.abs(row[0]![0] - row[0]![1]));
    worstD = Math.max(worstD, Math.abs(row[1]![0] - row[1]![1]), Math.abs(row[2]![0] - row[2]![1]));
    const flagged = Object.entries(d).flatMap(([k, v]) => ("left" in v ? [v.left.flagged ? `${k}.L` : "", v.right.flagged ? `${k}.R` : ""] : [v.flagged ? k : ""])).filter(Boolean);
    console.log(
      `${preset.padEnd(15)} ${String(seed).padStart(4)} ${String(minutes).padStart(8)}   ` +
        row.map(([r, t]) => `${r.toFixed(2).padStart(7)} /${t.toFixed(2).padStart(7)} (${(r - t).toFixed(2).padStart(5)})`).join("   ") +
        `   ${flagged.join(" ")}`,
    );
  }
}
console.log(`worst |error|: cadence change ${worstC.toFixed(2)} spm (bound 0.5), pelvic drop change ${worstD.toFixed(2)} deg (bound 0.5)`);
let clean = 0;
for (let seed = 1; seed <= 20; seed++) {
  const { report } = run("healthy", { minutes: 30, sampleRate_hz: 100, seed: 100 + seed, track: seed % 2 === 0, gapsPerMin: 0.3 });
  const any = Object.values(report.drift).some((v) => ("left" in v ? v.left.flagged || v.right.flagged : v.flagged));
  if (!any) clean++;
}
console.log(`healthy, no fatigue, 30 min: ${clean} of 20 sessions with no flag (bound ≥ 19)`);
