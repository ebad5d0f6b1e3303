/**
 * The trend page (`hipgait trend --html`): a runner's sessions over weeks as one self-contained, offline HTML file,
 * built from the analysis report's parts (src/report/html.ts): the same inlined uPlot, chart script, page style and
 * left-blue / right-orange colours. Cadence, pelvic drop and contact time per side are charted by week, every
 * session a marked point; the change table and the sessions table follow.
 */
import { driftLabel, fileReason, fixed, minutesSeconds, shortDate } from "../batch/summary.js";
import { TREND_METRICS, type TrendDocument, type TrendSession } from "../batch/trend.js";
import { card, chartBox, COLORS, escapeHtml, page, type ChartSpec } from "./html.js";

/**
 * Runs before the chart script: marks every data point (the analysis report draws thousands of steps as lines, a
 * trend a handful of sessions, each of which should be seen) by giving each series uPlot's points option.
 */
const SHOW_POINTS_JS = `
(function () {
  var Base = uPlot;
  uPlot = function (opts, data, el) {
    for (var i = 1; i < opts.series.length; i++) opts.series[i].points = { show: true, size: 8, width: 2 };
    return new Base(opts, data, el);
  };
})();
`;

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The sessions charted and their x values: weeks since the first dated session, or session numbers without dates. */
function xAxis(doc: TrendDocument): { sessions: TrendSession[]; x: number[]; label: string } {
  const dated = doc.sessions.filter((s) => s.started_at !== null && Number.isFinite(Date.parse(s.started_at)));
  if (dated.length > 0) {
    const t0 = Date.parse(dated[0]!.started_at!);
    return { sessions: dated, x: dated.map((s) => Math.round(((Date.parse(s.started_at!) - t0) / WEEK_MS) * 1000) / 1000), label: `weeks since the first session (${shortDate(dated[0]!.started_at).slice(0, 10)})` };
  }
  return { sessions: doc.sessions, x: doc.sessions.map((_, i) => i + 1), label: "session (in file-name order, no start times)" };
}

/** The trend's charts: cadence, pelvic drop by stance side and contact time by side, one point per session. */
export function trendCharts(doc: TrendDocument): ChartSpec[] {
  const { sessions, x, label } = xAxis(doc);
  const col = (k: keyof TrendSession): Array<number | null> => sessions.map((s) => (typeof s[k] === "number" ? (s[k] as number) : null));
  const base = { xLabel: label, xDecimals: 1 };
  return [
    { ...base, id: "chart-trend-cadence", title: "Cadence by session", yLabel: "cadence (spm)", yUnit: "spm", yDecimals: 1, series: [{ label: "cadence", color: COLORS.overall, width: 2 }], data: [x, col("cadence_spm")] },
    {
      ...base,
      id: "chart-trend-drop",
      title: "Contralateral pelvic drop by stance side",
      yLabel: "pelvic drop (deg)",
      yUnit: "°",
      yDecimals: 1,
      series: [
        { label: "left stance", color: COLORS.left, width: 2 },
        { label: "right stance", color: COLORS.right, width: 2 },
      ],
      data: [x, col("pelvic_drop_left_deg"), col("pelvic_drop_right_deg")],
    },
    {
      ...base,
      id: "chart-trend-contact",
      title: "Ground contact time by side",
      yLabel: "contact time (ms)",
      yUnit: "ms",
      yDecimals: 0,
      series: [
        { label: "left", color: COLORS.left, width: 2 },
        { label: "right", color: COLORS.right, width: 2 },
      ],
      data: [x, col("contact_time_left_ms"), col("contact_time_right_ms")],
    },
  ];
}

function signed(v: number | null, d: number): string {
  const t = fixed(v, d);
  return t !== "n/a" && Number(t) > 0 ? `+${t}` : t;
}

/** The trend as one HTML document. */
export function renderTrendReport(doc: TrendDocument): string {
  const charts = trendCharts(doc);
  const c = doc.change;
  const dated = doc.sessions.filter((s) => s.started_at !== null);
  const span = dated.length > 0 ? `${shortDate(dated[0]!.started_at).slice(0, 10)} to ${shortDate(dated[dated.length - 1]!.started_at).slice(0, 10)}` : "no start times";
  const changeCard = (key: (typeof TREND_METRICS)[number]["key"], label: string, unit: string, d: number, cls: string): string => {
    const m = c?.metrics[key];
    const ci = m?.ci95 ? ` <small>[${signed(m.ci95[0], d)}, ${signed(m.ci95[1], d)}]</small>` : "";
    return card(label, `<span class="${cls}">${signed(m?.delta ?? null, d)}</span> <small>${unit}</small>${ci}${m?.flagged ? ' <span class="flag" title="clear and at least the meaningful size">!</span>' : ""}`, `change.${key}`);
  };
  const cards = [
    card("sessions", `${doc.sessions.length}`, "sessions"),
    card("weeks", c?.weeks !== null && c?.weeks !== undefined ? c.weeks.toFixed(1) : "n/a", "weeks"),
    changeCard("cadence_spm", "cadence change", "spm", 1, ""),
    changeCard("pelvic_drop_left_deg", "pelvic drop change, left stance", "deg", 1, "l"),
    changeCard("pelvic_drop_right_deg", "pelvic drop change, right stance", "deg", 1, "r"),
  ].join("\n");
  const ciText = (v: [number, number] | null, d: number): string => (v ? `[${signed(v[0], d)}, ${signed(v[1], d)}]` : "n/a");
  const changeTable = c
    ? `<p>${c.group_size === 1 ? "First session against the last" : `Mean of the first ${c.group_size} sessions against the last ${c.group_size}`}${c.weeks !== null ? `, ${c.weeks.toFixed(1)} weeks apart` : ""}: first ${escapeHtml(c.first.join(", "))}; last ${escapeHtml(c.last.join(", "))}.</p>
<div class="scroll"><table><thead><tr><th>metric</th><th>first</th><th>last</th><th>change</th><th>95% interval</th><th>per week</th><th>95% interval</th></tr></thead><tbody>
${TREND_METRICS.map((m) => {
  const x = c.metrics[m.key];
  return `<tr><td>${escapeHtml(m.label)} (${m.unit})</td><td>${fixed(x.first_mean, m.decimals)}</td><td>${fixed(x.last_mean, m.decimals)}</td><td>${signed(x.delta, m.decimals)}${x.flagged ? ' <span class="flag">!</span>' : ""}</td><td>${ciText(x.ci95, m.decimals)}</td><td>${signed(x.slope_per_week, m.decimals + 1)}</td><td>${ciText(x.slope_ci95, m.decimals + 1)}</td></tr>`;
}).join("\n")}
</tbody></table></div>
<p class="sub"><span class="flag">!</span> = the interval excludes zero and the change is at least its meaningful size (cadence 2.5 %, pelvic drop 1°, contact time 32 ms; docs/batch.md).</p>`
    : "<p>No change to show (see the notes).</p>";
  const rows = doc.sessions
    .map((s) => {
      const lead = s.leading_deficit ? `<span class="sev-${s.leading_deficit.severity}">${escapeHtml(s.leading_deficit.function)} ${s.leading_deficit.severity}</span>` : '<span class="sev-none">none</span>';
      return `<tr><td>${escapeHtml(s.name)}</td><td>${escapeHtml(shortDate(s.started_at))}</td><td>${minutesSeconds(s.duration_s)}</td><td>${fixed(s.cadence_spm, 1)}</td><td class="l">${fixed(s.pelvic_drop_left_deg, 1)}</td><td class="r">${fixed(s.pelvic_drop_right_deg, 1)}</td><td class="l">${fixed(s.contact_time_left_ms, 0)}</td><td class="r">${fixed(s.contact_time_right_ms, 0)}</td><td>${escapeHtml(s.drifts.map(driftLabel).join(", ") || "-")}</td><td>${lead}</td></tr>`;
    })
    .join("\n");
  const by = (id: string): ChartSpec => charts.find((x) => x.id === id)!;
  const body = `
<h1>Running-gait trend</h1>
<p class="sub">${doc.sessions.length} session${doc.sessions.length === 1 ? "" : "s"}, ${escapeHtml(span)} · hipgait ${escapeHtml(doc.generator.version)}</p>
<div class="cards">
${cards}
</div>
<h2>Over the weeks</h2>
${chartBox(by("chart-trend-cadence"))}
${chartBox(by("chart-trend-drop"), 'the swing-side hip\'s drop below its standing height, mean per session; <span class="l">left</span> and <span class="r">right</span> stance')}
${chartBox(by("chart-trend-contact"))}
<h2>Change</h2>
${changeTable}
<h2>Sessions</h2>
<div class="scroll"><table><thead><tr><th>session</th><th>start</th><th>min:s</th><th>cadence (spm)</th><th>drop L (deg)</th><th>drop R (deg)</th><th>contact L (ms)</th><th>contact R (ms)</th><th>drifts</th><th>leading deficit</th></tr></thead><tbody>
${rows}
</tbody></table></div>
<h2>Notes</h2>
<ul>
${[...doc.notes.map(escapeHtml), ...doc.skipped.map((s) => `skipped ${escapeHtml(fileReason(s.file, s.reason))}`)].map((n) => `<li>${n}</li>`).join("\n") || "<li>none</li>"}
</ul>`;
  return page("hipgait trend", body, charts, {}, SHOW_POINTS_JS);
}
