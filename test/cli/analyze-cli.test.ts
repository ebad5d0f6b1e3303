/** `hipgait analyze` through the CLI entry point, with the analysis pipeline replaced by a hand-made document. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CliIo } from "../../src/cli/command.js";
import { main } from "../../src/cli/main.js";
import { analysisDocumentSchema } from "../../src/output/schema.js";
import type { AnalysisDocument } from "../../src/pipeline/document.js";
import { exampleDocument } from "../output/example-document.js";

const { analyzeFile } = vi.hoisted(() => ({
  analyzeFile: vi.fn(async (_path: string, opts: { mount?: string; onProgress?: (fraction: number) => void }): Promise<AnalysisDocument> => {
    opts.onProgress?.(0.5);
    opts.onProgress?.(1);
    const { exampleDocument: make } = await import("../output/example-document.js");
    return make();
  }),
}));
vi.mock("../../src/pipeline/analyze-file.js", () => ({ analyzeFile }));

const dir = mkdtempSync(join(tmpdir(), "hipgait-analyze-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

class Capture extends Writable {
  text = "";
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.text += chunk.toString();
    cb();
  }
}

async function run(argv: string[], tty = false): Promise<{ code: number; out: string; err: string }> {
  const stdout = new Capture();
  const stderr = new Capture(tty);
  const io: CliIo = { stdout, stderr };
  const code = await main(argv, io);
  return { code, out: stdout.text, err: stderr.text };
}

beforeEach(() => {
  analyzeFile.mockClear(); // (a returned function would be taken as a cleanup hook)
});

describe("hipgait analyze", () => {
  it("prints the summary by default, and no progress when stderr is not a terminal", async () => {
    const r = await run(["analyze", "run.csv"]);
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toContain("file         runs/tempo-2026-03-14.csv.gz\n");
    expect(r.out).toContain("pelvic drop (deg)");
    expect(r.out).not.toContain("\x1b");
    expect(analyzeFile).toHaveBeenCalledTimes(1);
    expect(analyzeFile.mock.calls[0]?.[0]).toBe("run.csv");
    expect(analyzeFile.mock.calls[0]?.[1]).toEqual({ cycleCurves: false, runner: { speed_mps: null, painSide: null, injuries: [] } }); // curves only when the JSON is written
  });

  it("emits only the JSON document on stdout with --json", async () => {
    const r = await run(["analyze", "--json", "run.csv"]);
    expect(r).toMatchObject({ code: 0, err: "" });
    const parsed: unknown = JSON.parse(r.out);
    expect(analysisDocumentSchema.parse(parsed)).toEqual(exampleDocument());
    expect(r.out.startsWith("{\n")).toBe(true);
    expect(r.out.endsWith("}\n")).toBe(true);
  });

  it("passes --mount through and shows progress on a terminal's stderr only", async () => {
    const r = await run(["analyze", "run.csv", "--mount", "up=-y,forward=+z@0,30,0", "--json"], true);
    expect(r.code).toBe(0);
    expect(analyzeFile.mock.calls[0]?.[1]).toMatchObject({ mount: "up=-y,forward=+z@0,30,0" });
    expect(typeof analyzeFile.mock.calls[0]?.[1].onProgress).toBe("function");
    expect(r.err).toBe("\ranalyzing… 50 %\ranalyzing… 100 %\r\x1b[K");
    expect(() => JSON.parse(r.out) as unknown).not.toThrow();
  });

  it("rejects a bad mount spec before analysing, with exit code 2", async () => {
    const r = await run(["analyze", "run.csv", "--mount", "sideways"]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^hipgait analyze: bad mount "sideways": expected a name \(upright, /);
    expect(r.err.split("\n")).toHaveLength(2);
    expect(analyzeFile).not.toHaveBeenCalled();
  });

  it("writes --out, still prints the summary, and refuses to overwrite without --force", async () => {
    const out = join(dir, "run.analysis.json");
    const first = await run(["analyze", "run.csv", "--out", out]);
    expect(first).toMatchObject({ code: 0, err: "" });
    expect(first.out).toContain("metric ");
    expect(first.out).toContain(`wrote ${out}: analysis JSON (hipgait/analysis@1, 4 steps)\n`);
    expect(analysisDocumentSchema.parse(JSON.parse(readFileSync(out, "utf8")))).toEqual(exampleDocument());

    writeFileSync(out, "keep me");
    const again = await run(["analyze", "run.csv", "--out", out]);
    expect(again).toEqual({ code: 1, out: "", err: `hipgait analyze: ${out} exists; pass --force to overwrite it\n` });
    expect(readFileSync(out, "utf8")).toBe("keep me");
    expect(analyzeFile).toHaveBeenCalledTimes(1); // refused before the (long) analysis

    const forced = await run(["analyze", "run.csv", "--out", out, "--force", "--json"]);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.out)).toEqual(JSON.parse(readFileSync(out, "utf8")));
  });

  it("refuses an --out that is the input file or in a missing folder", async () => {
    const input = join(dir, "in.csv");
    const same = await run(["analyze", input, "--out", input, "--force"]);
    expect(same).toEqual({ code: 2, out: "", err: `hipgait analyze: --out ${input} would replace the input file\n` });
    const missing = join(dir, "nope", "a.json");
    const r = await run(["analyze", input, "--out", missing]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`hipgait analyze: cannot create ${missing}: the folder ${join(dir, "nope")} does not exist\n`);
    expect(existsSync(missing)).toBe(false);
  });

  it("reports an unknown flag in one line with exit code 2", async () => {
    const r = await run(["analyze", "run.csv", "--bogus"]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^hipgait analyze: Unknown option '--bogus'.*\n$/);
    expect(r.err.split("\n")).toHaveLength(2);
  });

  it("reports a missing or extra FILE argument with exit code 2", async () => {
    expect(await run(["analyze"])).toEqual({
      code: 2,
      out: "",
      err: "hipgait analyze: expected one session file, folder or zip, got none (see `hipgait analyze --help`)\n",
    });
    const two = await run(["analyze", "a.csv", "b.csv"]);
    expect(two.code).toBe(2);
    expect(two.err).toBe("hipgait analyze: expected one session file, folder or zip, got 2 (a.csv b.csv) (see `hipgait analyze --help`)\n");
    expect(analyzeFile).not.toHaveBeenCalled();
  });

  it("reports a document that fails the schema as an internal error (exit 70), with nothing on stdout", async () => {
    analyzeFile.mockImplementationOnce(async () => ({ ...exampleDocument(), notes: [Number.NaN] }) as unknown as AnalysisDocument);
    const r = await run(["analyze", "run.csv", "--json"]);
    expect(r.code).toBe(70);
    expect(r.out).toBe("");
    expect(r.err).toContain("does not match the hipgait/analysis@1 schema");
    expect(r.err).toContain("notes.0: ");
  });

  it("has help documenting every option, the mount grammar and the schema docs, and is listed first", async () => {
    const help = await run(["analyze", "--help"]);
    expect(help.code).toBe(0);
    for (const s of ["Usage: hipgait analyze PATH", "--format F", "phyphox", "docs/importers.md", "--json", "--out FILE", "--force", "--mount SPEC", "phone-belt", "up=<axis>,forward=<axis>", "@roll,pitch,yaw", "docs/analysis-json.md"]) {
      expect(help.out).toContain(s);
    }
    for (const line of help.out.split("\n")) expect(line.length).toBeLessThanOrEqual(120);
    const top = await run(["--help"]);
    expect(top.out).toMatch(/Commands:\n {2}analyze {2}/);
  });

  it("passes --fresh and --fatigued (dash values too) and prints the fatigue table", async () => {
    const r = await run(["analyze", "run.csv", "--fresh", "5m-15m", "--fatigued", "-10m"]);
    expect(r).toMatchObject({ code: 0, err: "" });
    const opts = analyzeFile.mock.calls[0]?.[1] as { fresh?: { text: string }; fatigued?: { text: string } };
    expect(opts.fresh?.text).toBe("5m-15m");
    expect(opts.fatigued?.text).toBe("-10m");
    expect(r.out).toMatch(/^fatigue {6}fresh /m);
    expect(r.out).toMatch(/pelvic drop left \(deg\) +6\.4 +8\.0 +\+1\.6 +\[\+1\.2, \+2\.0\] +! +\+0\.4/);
  });

  it("rejects a malformed window before analysing, naming the flag", async () => {
    const r = await run(["analyze", "run.csv", "--fatigued", "-10q"]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('hipgait analyze: --fatigued -10q: "-10q" is not a time (expected e.g. 5m, 90s, 1h10m, or -10m for 10 minutes before the end of the running)\n');
    expect(analyzeFile).not.toHaveBeenCalled();
  });

  it("passes the runner's pace, pain side, injuries and week, and rejects bad ones in one line", async () => {
    const r = await run(["analyze", "run.csv", "--pace", "5:00", "--pain-side", "left", "--injury", "itbs,lower-back", "--week", "sun:long,wed:quality"]);
    expect(r.code).toBe(0);
    const opts = analyzeFile.mock.calls[0]?.[1] as { runner: { speed_mps: number; painSide: string; injuries: string[] }; week: Record<string, string> };
    expect(opts.runner.speed_mps).toBeCloseTo(1000 / 300, 9);
    expect(opts.runner).toMatchObject({ painSide: "left", injuries: ["itbs", "lower-back"] });
    expect(opts.week.wed).toBe("quality");
    expect(r.out).toMatch(/^hip strength /m);
    expect(r.out).toMatch(/not a diagnosis/);
    for (const [args, msg] of [
      [["--pace", "5.30"], '--pace expects minutes:seconds per km (e.g. 5:30), got "5.30"'],
      [["--speed", "3", "--pace", "5:00"], "give --speed or --pace, not both"],
      [["--pain-side", "both"], '--pain-side expects left or right, got "both"'],
      [["--injury", "knee"], '--injury: "knee" is not one of'],
      [["--week", "mon:jog"], '--week mon:jog: "jog" for mon is not rest, easy, quality or long'],
    ] as const) {
      const bad = await run(["analyze", "run.csv", ...args]);
      expect(bad.code, args.join(" ")).toBe(2);
      expect(bad.err).toContain(msg);
      expect(bad.err.trim().split("\n")).toHaveLength(1);
    }
  });
});

