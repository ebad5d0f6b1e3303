/** The HTML report as text: self-contained, escaped, reduced for long runs (a 3-hour run stays under 5 MB). */
import { describe, expect, it } from "vitest";
import { renderAnalysisReport, renderCompareReport } from "../../src/report/html.js";
import { minMaxBuckets } from "../../src/report/series.js";
import type { StepResult } from "../../src/pipeline/types.js";
import { exampleDocument } from "../output/example-document.js";

describe("minMaxBuckets", () => {
  it("keeps each bucket's extremes, two points per bucket, on a grid shared by every series", () => {
    const t = Array.from({ length: 1000 }, (_, i) => i * 0.36);
    const v = t.map((x, i) => (i === 500 ? 99 : Math.sin(x)));
    const [x, a, b] = minMaxBuckets([{ t, v }, { t: [10, 200], v: [1, 2] }], 0, 360, 100);
    expect(x).toHaveLength(200);
    expect(a).toHaveLength(200);
    expect(Math.max(...a!.filter((y): y is number => y !== null))).toBe(99); // the spike survives
    expect(b!.filter((y) => y !== null)).toEqual([1, 1, 2, 2]);
  });
});

describe("renderAnalysisReport", () => {
  it("inlines uPlot, requests nothing from the network and escapes what comes from the data", () => {
    const doc = exampleDocument();
    const html = renderAnalysisReport({ ...doc, input: { ...doc.input, file: "<script>alert(1)</script>.csv" } });
    expect(html).toContain("uPlot");
    // nothing that would load: no external scripts, styles, images or fetches (uPlot's licence comment names its URL)
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=["']?https?:|url\(\s*["']?https?:|fetch\(|XMLHttpRequest/);
    expect(html).toContain("default-src 'none'"); // and the page's own policy forbids any
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;.csv");
    expect(html).toMatch(/not a diagnosis/);
  });

  it("keeps a 3-hour run's report under 5 MB", () => {
    const doc = exampleDocument();
    const steps: StepResult[] = Array.from({ length: 30_000 }, (_, i) => ({ ...doc.steps[i % 2]!, t: 10 + i * 0.36, side: i % 2 === 0 ? "left" : "right", cadence_spm: 165 + (i % 13) }));
    const html = renderAnalysisReport({ ...doc, steps, summary: { ...doc.summary, steps: steps.length } });
    expect(Buffer.byteLength(html)).toBeLessThan(5e6);
    expect(Buffer.byteLength(html)).toBeLessThan(600e3); // in practice: uPlot (50 kB) and four reduced charts
  });

  it("renders a comparison with its table and curves", () => {
    const f = exampleDocument().fatigue!;
    const html = renderCompareReport(
      { schema: "hipgait/compare@1", generator: { name: "hipgait", version: "t" }, a: { file: "a.csv", window: "5m-15m", summary: f.fresh }, b: { file: "b.csv", window: "-10m", summary: f.fatigued }, drift: f.drift, criteria: f.criteria, curves: { points: 101, a: f.curves.fresh, b: f.curves.fatigued }, notes: [] },
      true,
    );
    expect(html).toContain('id="chart-cycle"');
    expect(html).toContain("pelvic drop left (deg)");
  });
});
