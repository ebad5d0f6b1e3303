/**
 * The HTML report: one self-contained, offline file (uPlot's script and styles inlined from the package, no network
 * requests) that a runner opens after a run and a coach shares. Headline numbers, the run's cadence, pelvic drop and
 * contact time over time with the fresh and fatigued windows shaded, the gait-cycle curves of pelvic obliquity fresh
 * vs fatigued for each side, the fatigue table, the deficits and the plan, and the data-quality notes. Left is blue
 * and right is orange everywhere (Okabe & Ito's colour-blind-safe palette); fresh is solid, fatigued dashed.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { CompareDocument, CurveSet, WindowSummary } from "../fatigue/index.js";
import type { AnalysisDocument } from "../pipeline/document.js";
import type { StepResult } from "../pipeline/types.js";
import { driftRows } from "../output/terminal.js";
import { CLIENT_JS } from "./client.js";
import { minMaxBuckets, type Aligned } from "./series.js";

/** Okabe & Ito (2008) colours, distinguishable with the common colour-vision deficiencies. */
export const COLORS = { left: "#0072B2", right: "#E69F00", overall: "#444444", fresh: "rgba(0,158,115,0.12)", fatigued: "rgba(204,121,167,0.14)" } as const;

interface SeriesSpec {
  label: string;
  color: string;
  dash?: number[];
  width?: number;
  spanGaps?: boolean;
}

/** One chart as the client script draws it. */
export interface ChartSpec {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  yUnit: string;
  xDecimals: number;
  yDecimals: number;
  height?: number;
  series: SeriesSpec[];
  data: Aligned;
  windows?: Array<{ start: number; end: number; color: string }>;
}

let assets: { js: string; css: string } | null = null;
/** uPlot's minified script and styles, read once from the installed package. */
function uplotAssets(): { js: string; css: string } {
  if (!assets) {
    const req = createRequire(import.meta.url);
    assets = { js: readFileSync(req.resolve("uplot/dist/uPlot.iife.min.js"), "utf8"), css: readFileSync(req.resolve("uplot/dist/uPlot.min.css"), "utf8") };
  }
  return assets;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** A number with fixed decimals ("n/a" when missing; never "-0"). */
function fmt(v: number | null | undefined, d: number, unit = ""): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "n/a";
  const t = v.toFixed(d);
  return `${Number(t) === 0 ? (0).toFixed(d) : t}${unit}`;
}

/** As fmt, with "+" on positive values. */
function signed(v: number | null | undefined, d: number): string {
  const t = fmt(v, d);
  return t !== "n/a" && Number(t) > 0 ? `+${t}` : t;
}

function stepSeries(steps: readonly StepResult[], side: "left" | "right" | null, key: keyof StepResult): { t: number[]; v: Array<number | null> } {
  const t: number[] = [], v: Array<number | null> = [];
  for (const s of steps) {
    if (side !== null && s.side !== side) continue;
    const x = s[key];
    if (typeof x !== "number") continue;
    t.push(s.t);
    v.push(x);
  }
  return { t, v };
}

function cycleChart(id: string, title: string, sets: Array<{ label: string; curve: CurveSet | null; color: string; dash?: number[] }>): ChartSpec {
  const x = Array.from({ length: 101 }, (_, i) => i);
  return {
    id,
    title,
    xLabel: "gait cycle (%)",
    yLabel: "pelvic obliquity (deg)",
    yUnit: "°",
    xDecimals: 0,
    yDecimals: 1,
    series: sets.map((s) => ({ label: s.label, color: s.color, ...(s.dash ? { dash: s.dash } : {}), width: 2, spanGaps: true })),
    data: [x, ...sets.map((s) => s.curve?.mean.pelvic_obliquity_deg ?? x.map(() => null))],
  };
}

/** The charts of an analysis report. */
export function analysisCharts(doc: AnalysisDocument): ChartSpec[] {
  const steps = doc.steps;
  const t0 = steps[0]?.t ?? 0, t1 = steps[steps.length - 1]?.t ?? t0 + 1;
  const f = doc.fatigue;
  const toMin = (t: number): number => Math.round(((t - t0) / 60) * 1000) / 1000;
  const windows = f
    ? [
        { start: toMin(f.fresh.start_s), end: toMin(f.fresh.end_s), color: COLORS.fresh },
        { start: toMin(f.fatigued.start_s), end: toMin(f.fatigued.end_s), color: COLORS.fatigued },
      ]
    : [];
  const rolling = { t: doc.summary.cadence_rolling_spm.map((r) => r[0]), v: doc.summary.cadence_rolling_spm.map((r) => r[1]) };
  const charts: ChartSpec[] = [
    {
      id: "chart-cadence",
      title: "Cadence over the run",
      xLabel: "time since the first step (min)",
      yLabel: "cadence (spm)",
      yUnit: "spm",
      xDecimals: 1,
      yDecimals: 1,
      series: [
        { label: "per step (min–max)", color: "#9a9a9a", width: 1 },
        { label: "rolling 30 s", color: COLORS.overall, width: 2, spanGaps: true },
      ],
      data: minMaxBuckets([stepSeries(steps, null, "cadence_spm"), rolling], t0, t1),
      windows,
    },
    {
      id: "chart-drop",
      title: "Contralateral pelvic drop by stance side",
      xLabel: "time since the first step (min)",
      yLabel: "pelvic drop (deg)",
      yUnit: "°",
      xDecimals: 1,
      yDecimals: 1,
      series: [
        { label: "left stance", color: COLORS.left },
        { label: "right stance", color: COLORS.right },
      ],
      data: minMaxBuckets([stepSeries(steps, "left", "pelvic_drop_deg"), stepSeries(steps, "right", "pelvic_drop_deg")], t0, t1),
      windows,
    },
    {
      id: "chart-contact",
      title: "Ground contact time by side",
      xLabel: "time since the first step (min)",
      yLabel: "contact time (ms)",
      yUnit: "ms",
      xDecimals: 1,
      yDecimals: 0,
      series: [
        { label: "left", color: COLORS.left },
        { label: "right", color: COLORS.right },
      ],
      data: minMaxBuckets([stepSeries(steps, "left", "contact_time_ms"), stepSeries(steps, "right", "contact_time_ms")], t0, t1, undefined, 1),
      windows,
    },
  ];
  if (f && doc.input.has_gyro) {
    charts.push(
      cycleChart("chart-cycle", "Pelvic obliquity over the gait cycle, fresh vs fatigued (+ = the starting side's hip higher)", [
        { label: "left, fresh", curve: f.curves.fresh.left, color: COLORS.left },
        { label: "left, fatigued", curve: f.curves.fatigued.left, color: COLORS.left, dash: [6, 4] },
        { label: "right, fresh", curve: f.curves.fresh.right, color: COLORS.right },
        { label: "right, fatigued", curve: f.curves.fatigued.right, color: COLORS.right, dash: [6, 4] },
      ]),
    );
  }
  return charts;
}

const CSS = `
:root { color-scheme: light; --l: ${COLORS.left}; --r: ${COLORS.right}; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #222; background: #fafafa; }
main { max-width: 1000px; margin: 0 auto; padding: 12px 16px 40px; }
h1 { font-size: 1.4em; margin: 8px 0 2px; } h2 { font-size: 1.15em; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.sub { color: #666; font-size: 0.9em; margin: 0 0 12px; word-break: break-all; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; }
.card { background: #fff; border: 1px solid #e2e2e2; border-radius: 8px; padding: 8px 10px; }
.card .k { color: #666; font-size: 0.8em; } .card .v { font-size: 1.35em; font-weight: 600; }
.card .v small { font-size: 0.6em; font-weight: 400; color: #666; }
.l { color: var(--l); } .r { color: var(--r); }
.chart { background: #fff; border: 1px solid #e2e2e2; border-radius: 8px; padding: 6px; margin: 10px 0; overflow: hidden; }
.chart h3 { font-size: 0.95em; margin: 2px 4px 4px; } .chart .note { font-size: 0.8em; color: #666; margin: 0 4px 4px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -1px; margin-right: 3px; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 0.9em; }
th, td { border-bottom: 1px solid #eee; padding: 4px 6px; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; white-space: normal; }
.scroll { overflow-x: auto; }
.flag { color: #b3006b; font-weight: 700; }
.sev-marked { color: #b3006b; font-weight: 700; } .sev-moderate { color: #a35a00; font-weight: 700; } .sev-mild { color: #555; font-weight: 600; } .sev-none { color: #2a7a2a; }
ul { padding-left: 20px; } li { margin: 3px 0; }
.disclaimer { background: #fff8e5; border: 1px solid #f0dca0; border-radius: 8px; padding: 8px 10px; font-size: 0.9em; }
@media (max-width: 600px) { body { font-size: 14px; } .card .v { font-size: 1.15em; } }
`;

/**
 * A complete self-contained page: uPlot's styles and script and the report's own inlined, the charts' specs and
 * `data` as JSON in `#hipgait-data`, and a Content-Security-Policy that forbids any request. `extraScript` (none by
 * default) runs after uPlot and before the chart script.
 */
export function page(title: string, body: string, charts: ChartSpec[], data: Record<string, unknown>, extraScript = ""): string {
  const a = uplotAssets();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${a.css}</style>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
<script type="application/json" id="hipgait-data">${scriptJson({ charts, ...data })}</script>
<script>${a.js}</script>
${extraScript ? `<script>${extraScript}</script>\n` : ""}<script>${CLIENT_JS}</script>
</body>
</html>
`;
}

export function card(label: string, value: string, attr: string): string {
  return `<div class="card"><div class="k">${escapeHtml(label)}</div><div class="v" data-metric="${attr}">${value}</div></div>`;
}

export function chartBox(c: ChartSpec, note = ""): string {
  return `<div class="chart"><h3>${escapeHtml(c.title)}</h3>${note ? `<p class="note">${note}</p>` : ""}<div id="${c.id}" class="plot"></div></div>`;
}

function windowsNote(doc: AnalysisDocument): string {
  const f = doc.fatigue;
  if (!f) return "";
  const t0 = doc.steps[0]?.t ?? 0;
  const m = (t: number): string => ((t - t0) / 60).toFixed(1);
  return `<span class="swatch" style="background:${COLORS.fresh}"></span>fresh ${m(f.fresh.start_s)}–${m(f.fresh.end_s)} min &nbsp; <span class="swatch" style="background:${COLORS.fatigued}"></span>fatigued ${m(f.fatigued.start_s)}–${m(f.fatigued.end_s)} min`;
}

function driftTable(f: { drift: CompareDocument["drift"] }, a: WindowSummary, b: WindowSummary, heads: [string, string], trend: boolean): string {
  const rows = driftRows(f, a, b)
    .map((r) => {
      const ci = r.drift.ci95 ? `[${signed(r.drift.ci95[0], r.decimals)}, ${signed(r.drift.ci95[1], r.decimals)}]` : "n/a";
      return `<tr><td>${escapeHtml(r.name)} (${escapeHtml(r.unit)})</td><td>${fmt(r.a, r.decimals)}</td><td>${fmt(r.b, r.decimals)}</td><td>${signed(r.drift.delta, r.decimals)}${r.drift.flagged ? ' <span class="flag" title="clear and larger than meaningful">!</span>' : ""}</td><td>${ci}</td>${trend ? `<td>${signed(r.drift.slope_per_10min, r.decimals)}</td>` : ""}</tr>`;
    })
    .join("\n");
  return `<div class="scroll"><table><thead><tr><th>metric</th><th>${heads[0]}</th><th>${heads[1]}</th><th>change</th><th>95% interval</th>${trend ? "<th>per 10 min</th>" : ""}</tr></thead><tbody>
${rows}</tbody></table></div><p class="sub"><span class="flag">!</span> = a change larger than its meaningful size with a 95% interval that excludes zero; sizes and sources in docs/fatigue.md.</p>`;
}

/** The analysis report as one HTML document. */
export function renderAnalysisReport(doc: AnalysisDocument): string {
  const s = doc.summary;
  const charts = analysisCharts(doc);
  const by = (id: string): ChartSpec => charts.find((c) => c.id === id)!;
  const lead = doc.deficits.find((d) => d.severity !== "none");
  const cards = [
    card("cadence", `${fmt(s.cadence_spm, 1)} <small>spm</small>`, "cadence_spm"),
    card("pelvic drop, left stance", `<span class="l">${fmt(s.pelvic_drop_deg.left, 1)}</span> <small>deg</small>`, "pelvic_drop_deg.left"),
    card("pelvic drop, right stance", `<span class="r">${fmt(s.pelvic_drop_deg.right, 1)}</span> <small>deg</small>`, "pelvic_drop_deg.right"),
    card("contact time, left", `<span class="l">${fmt(s.contact_time_ms.left, 0)}</span> <small>ms</small>`, "contact_time_ms.left"),
    card("contact time, right", `<span class="r">${fmt(s.contact_time_ms.right, 0)}</span> <small>ms</small>`, "contact_time_ms.right"),
    card("steps", `${s.steps}`, "steps"),
    card("vertical oscillation", `${fmt(s.vertical_oscillation_mm, 0)} <small>mm</small>`, "vertical_oscillation_mm"),
    card("hip strength", lead ? `<span class="sev-${lead.severity}">${escapeHtml(lead.function)}</span> <small>${lead.severity}</small>` : `<span class="sev-none">no deficit</span>`, "leading_deficit"),
  ].join("\n");
  const f = doc.fatigue;
  const deficits = doc.deficits
    .map((d) => `<li><span class="sev-${d.severity}">${escapeHtml(d.function)}: ${d.severity}</span>${d.evidence.filter((e) => e.score >= 1).map((e) => ` — ${escapeHtml(e.measurement)}`).join(";") || (d.severity === "none" ? " — nothing found" : "")}</li>`)
    .join("\n");
  const r = doc.recommendations;
  const exRows = r.exercises.map((e) => `<tr><td><b>${escapeHtml(e.name)}</b><br><small>${escapeHtml(e.how)}</small><br><small><i>why: ${escapeHtml(e.why.join("; "))}</i></small></td><td>${escapeHtml(e.dose_text)}</td><td>${escapeHtml(e.equipment)}</td><td>${escapeHtml(e.priority)}</td></tr>`).join("\n");
  const days = r.weekly_plan.days.map((d) => `${d.day}: ${escapeHtml(d.session)} (${d.minutes} min)`).join(", ") || "no suitable day in your week";
  const sessions = r.weekly_plan.sessions.map((x) => `<li><b>${escapeHtml(x.name)}</b> (${x.minutes} min): ${x.items.map((i) => `${escapeHtml(i.name)} ${escapeHtml(i.dose_text)}`).join(" → ")}</li>`).join("\n");
  const c = doc.calibration;
  const quality = [
    `${doc.input.samples} samples at ${doc.input.sample_rate_hz} Hz, ${(doc.input.duration_s / 60).toFixed(1)} min, ${doc.input.has_gyro ? "with" : "without"} gyroscope`,
    `${doc.input.gaps.length} gap(s) in the data (${doc.input.gaps.reduce((a, [x, y]) => a + y - x, 0).toFixed(2)} s lost)`,
    `mounting found ${c.method === "standing" ? "from quiet standing" : c.method === "running-mean" ? "from the running itself" : c.method}: up=${escapeHtml(c.mounting.up)}, forward=${escapeHtml(c.mounting.forward)}; confidence ${c.confidence.toFixed(2)}`,
    `not running: ${s.non_running.length === 0 ? "none recognised" : s.non_running.map(([a, b, k]) => `${(a / 60).toFixed(1)}–${(b / 60).toFixed(1)} min ${k}`).join(", ")}`,
    ...doc.notes.map(escapeHtml),
    ...(f?.notes ?? []).map((n) => `fatigue: ${escapeHtml(n)}`),
  ];
  const body = `
<h1>Running-gait report</h1>
<p class="sub">${escapeHtml(doc.input.file)} · ${(s.running_s / 60).toFixed(1)} min of running · hipgait ${escapeHtml(doc.generator.version)}</p>
<div class="cards">
${cards}
</div>
<h2>Over the run</h2>
${chartBox(by("chart-cadence"), windowsNote(doc))}
${chartBox(by("chart-drop"), `the swing-side hip's drop below its standing height, per stance; <span class="l">left</span> and <span class="r">right</span> stance. ${windowsNote(doc)}`)}
${chartBox(by("chart-contact"), windowsNote(doc))}
${
  f
    ? `<h2>Fresh vs fatigued</h2>
${charts.some((x) => x.id === "chart-cycle") ? chartBox(by("chart-cycle"), `mean over ${f.curves.fresh.left?.strides ?? 0} + ${f.curves.fresh.right?.strides ?? 0} fresh and ${f.curves.fatigued.left?.strides ?? 0} + ${f.curves.fatigued.right?.strides ?? 0} fatigued strides; solid fresh, dashed fatigued`) : ""}
${driftTable(f, f.fresh, f.fatigued, ["fresh", "fatigued"], true)}`
    : `<h2>Fresh vs fatigued</h2><p>The run is too short to compare a fresh and a fatigued part.</p>`
}
<h2>Hip strength</h2>
<ul>
${deficits}
</ul>
<h3>Your plan${r.maintenance ? " (maintenance)" : ""}</h3>
<p>Two sessions a week: ${days}. ${escapeHtml(r.weekly_plan.rules.join("; "))}.</p>
<ul>
${sessions}
</ul>
<p>Before runs (${r.activation.minutes} min): ${escapeHtml(r.activation.exercises.join(", "))}, ${escapeHtml(r.activation.dose_text)}.</p>
${r.cadence_advice ? `<p>Cadence: ${escapeHtml(r.cadence_advice)}</p>` : ""}
<p>Re-test: ${escapeHtml(r.retest.how)}.</p>
<div class="scroll"><table><thead><tr><th>exercise</th><th>dose</th><th>equipment</th><th>priority</th></tr></thead><tbody>
${exRows}
</tbody></table></div>
${r.notes.map((n) => `<p class="disclaimer">${escapeHtml(n)}</p>`).join("\n")}
<p class="disclaimer">${escapeHtml(r.disclaimer)}</p>
<h2>Data quality</h2>
<ul>
${quality.map((q) => `<li>${q}</li>`).join("\n")}
</ul>`;
  return page(`hipgait report: ${doc.input.file}`, body, charts, { headline: { cadence_spm: s.cadence_spm, steps: s.steps } });
}

/** The comparison report (hipgait compare --html). */
export function renderCompareReport(doc: CompareDocument, oneSession: boolean): string {
  const charts = [
    cycleChart("chart-cycle", "Pelvic obliquity over the gait cycle, A vs B (+ = the starting side's hip higher)", [
      { label: "left, A", curve: doc.curves.a.left, color: COLORS.left },
      { label: "left, B", curve: doc.curves.b.left, color: COLORS.left, dash: [6, 4] },
      { label: "right, A", curve: doc.curves.a.right, color: COLORS.right },
      { label: "right, B", curve: doc.curves.b.right, color: COLORS.right, dash: [6, 4] },
    ]),
  ];
  const side = (x: CompareDocument["a"], k: string): string =>
    `<div class="card"><div class="k">${k}: ${escapeHtml(x.window)}</div><div class="v" data-metric="${k}.steps">${x.summary.steps} <small>steps</small></div><div class="k">${escapeHtml(x.file)}</div></div>`;
  const hasCurves = doc.curves.a.left !== null || doc.curves.a.right !== null;
  const body = `
<h1>Comparison</h1>
<p class="sub">hipgait ${escapeHtml(doc.generator.version)}</p>
<div class="cards">${side(doc.a, "A")}${side(doc.b, "B")}</div>
<h2>Metrics</h2>
${driftTable(doc, doc.a.summary, doc.b.summary, ["A", "B"], oneSession)}
${hasCurves ? `<h2>Gait cycle</h2>${chartBox(charts[0]!, "solid A, dashed B")}` : ""}
<h2>Notes</h2>
<ul>${doc.notes.length === 0 ? "<li>none</li>" : doc.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>`;
  return page("hipgait comparison", body, hasCurves ? charts : [], {});
}
