/**
 * `hipgait batch` end to end on short simulated sessions and one broken file: results per session, summary.csv and
 * summary.json equal to the per-session JSONs, the failure reported without stopping the batch, resumability,
 * --force, --jobs 1 against --jobs 2, and one run through the built CLI.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchDocumentSchema, sessionMetrics, SUMMARY_CSV_COLUMNS, type SessionRow } from "../../src/batch/summary.js";
import { analysisDocumentSchema } from "../../src/output/schema.js";
import type { AnalysisDocument } from "../../src/pipeline/document.js";
import { run, writeSession } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "hipgait-batch-"));
const inputs = join(dir, "season");
const broken = join(inputs, "broken.csv");
const BROKEN_MESSAGE = `${broken}:1: missing required columns ax, ay, az (expected columns t, ax, ay, az and optionally gx, gy, gz)`;

beforeAll(async () => {
  mkdirSync(inputs);
  await writeSession(join(inputs, "easy-a.csv"), { seed: 1, startedAt: "2026-03-02T07:00:00Z" });
  await writeSession(join(inputs, "easy-b.csv.gz"), { seed: 2, startedAt: "2026-03-09T07:00:00Z", preset: "weak-abductor" });
  await writeSession(join(inputs, "easy-c.csv"), { seed: 3 });
  writeFileSync(broken, "time,x,y\n0,1,2\n");
  writeFileSync(join(inputs, "notes.md"), "# my notes\n");
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readDoc(path: string): AnalysisDocument {
  return analysisDocumentSchema.parse(JSON.parse(readFileSync(path, "utf8"))) as AnalysisDocument;
}

function summary(out: string): SessionRow[] {
  return batchDocumentSchema.parse(JSON.parse(readFileSync(join(out, "summary.json"), "utf8"))).sessions;
}

/** summary.csv as records of strings, split naively (the test's cells hold no quoted commas except the error). */
function csvRecords(out: string): Array<Record<string, string>> {
  const [head, ...lines] = readFileSync(join(out, "summary.csv"), "utf8").trimEnd().split("\n");
  const cols = head!.split(",");
  return lines.map((l) => {
    const cells: string[] = [];
    const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(l)) && cells.length < cols.length) {
      cells.push(m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!);
      if (m[2] === "") break;
    }
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? ""]));
  });
}

describe("hipgait batch", () => {
  const out = join(dir, "results");

  it("analyses every session, reports the broken one and exits 1", async () => {
    const r = await run(["batch", inputs, "--out", out, "--jobs", "2", "--html"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`hipgait batch: note: skipped ${join(inputs, "notes.md")}: not a session file or an export hipgait recognises\n`);
    // plain progress lines (stderr is not a terminal), one per session
    expect(r.err.match(/^\[\d\/4\] /gm)).toHaveLength(4);
    expect(r.err).toContain(`${broken}: failed: ${BROKEN_MESSAGE}\n`);
    expect(r.out).toContain("4 sessions: 3 analysed, 0 skipped (results newer than the input), 1 failed\n");
    expect(r.out).toContain(`failed: ${BROKEN_MESSAGE}\n`);
    expect(r.out).toMatch(/easy-b\.csv\.gz +2026-03-09 07:00 +2:\d\d +1\d\d\.\d .* abduction \w+ +ok\n/);

    for (const name of ["easy-a", "easy-b", "easy-c"]) {
      expect(existsSync(join(out, `${name}.analysis.json`))).toBe(true);
      expect(readFileSync(join(out, `${name}.html`), "utf8")).toMatch(/^<!doctype html>[\s\S]*<title>hipgait report: /);
    }
    expect(existsSync(join(out, "broken.analysis.json"))).toBe(false);
  });

  it("writes summary.json and summary.csv equal to the per-session results", () => {
    const rows = summary(out);
    expect(rows.map((x) => [x.file, x.name, x.status])).toEqual([
      [broken, "broken", "failed"],
      [join(inputs, "easy-a.csv"), "easy-a", "ok"],
      [join(inputs, "easy-b.csv.gz"), "easy-b", "ok"],
      [join(inputs, "easy-c.csv"), "easy-c", "ok"],
    ]);
    expect(rows[0]!.error).toBe(BROKEN_MESSAGE);
    expect(rows[0]!.cadence_spm).toBeNull();
    const csv = csvRecords(out);
    expect(Object.keys(csv[0]!)).toEqual([...SUMMARY_CSV_COLUMNS]);
    expect(csv[0]).toMatchObject({ status: "failed", error: BROKEN_MESSAGE, cadence_spm: "", leading_deficit: "" });
    for (const [i, row] of rows.entries()) {
      if (row.status === "failed") continue;
      const doc = readDoc(join(out, `${row.name}.analysis.json`));
      // every number straight from the document
      expect(row.started_at).toBe(doc.input.started_at);
      expect(row.duration_s).toBe(doc.input.duration_s);
      expect(row.steps).toBe(doc.summary.steps);
      expect(row.cadence_spm).toBe(doc.summary.cadence_spm);
      expect([row.pelvic_drop_left_deg, row.pelvic_drop_right_deg]).toEqual([doc.summary.pelvic_drop_deg.left, doc.summary.pelvic_drop_deg.right]);
      expect([row.contact_time_left_ms, row.contact_time_right_ms]).toEqual([doc.summary.contact_time_ms.left, doc.summary.contact_time_ms.right]);
      const lead = doc.deficits.find((d) => d.severity !== "none");
      expect(row.leading_deficit).toEqual(lead ? { function: lead.function, severity: lead.severity } : null);
      expect(row).toMatchObject(sessionMetrics(doc));
      const c = csv[i]!;
      expect(c.file).toBe(row.file);
      expect(Number(c.cadence_spm)).toBe(doc.summary.cadence_spm);
      expect(Number(c.pelvic_drop_right_deg)).toBe(doc.summary.pelvic_drop_deg.right);
      expect(Number(c.contact_time_left_ms)).toBe(doc.summary.contact_time_ms.left);
      expect(c.started_at).toBe(doc.input.started_at ?? "");
      expect(c.leading_deficit).toBe(lead?.function ?? "none");
      expect(c.status).toBe("ok");
    }
    // the sessions really differ: the weak-abductor run has the larger right-stance drop and a deficit
    const b = rows.find((x) => x.name === "easy-b")!, a = rows.find((x) => x.name === "easy-a")!;
    expect(b.pelvic_drop_right_deg! - a.pelvic_drop_right_deg!).toBeGreaterThan(2);
    expect(b.leading_deficit?.function).toBe("abduction");
    expect(rows.find((x) => x.name === "easy-c")!.started_at).toBeNull();
  });

  it("skips sessions whose results are newer than the input, and --force analyses them again", async () => {
    const json = join(out, "easy-a.analysis.json");
    const before = statSync(json).mtimeMs;
    const again = await run(["batch", inputs, "--out", out, "--html"]);
    expect(again.code).toBe(1); // the broken file still fails
    expect(again.out).toContain("4 sessions: 0 analysed, 3 skipped (results newer than the input), 1 failed\n");
    expect(again.err).toContain(`${join(inputs, "easy-a.csv")}: skipped (results up to date)\n`);
    expect(statSync(json).mtimeMs).toBe(before);
    const rows = summary(out);
    expect(rows.map((x) => x.status)).toEqual(["failed", "skipped", "skipped", "skipped"]);
    // a skipped row carries the same numbers, read back from the results
    expect(rows[1]).toMatchObject(sessionMetrics(readDoc(json)));

    // an input changed after its results: only that one is analysed again
    const later = new Date(Date.now() + 5000);
    utimesSync(join(inputs, "easy-c.csv"), later, later);
    const touched = await run(["batch", inputs, "--out", out]);
    expect(summary(out).map((x) => x.status)).toEqual(["failed", "skipped", "skipped", "ok"]);
    expect(touched.out).toContain("1 analysed, 2 skipped");

    const forced = await run(["batch", inputs, "--out", out, "--force"]);
    expect(forced.code).toBe(1);
    expect(summary(out).map((x) => x.status)).toEqual(["failed", "ok", "ok", "ok"]);
    expect(statSync(json).mtimeMs).toBeGreaterThan(before);
  });

  it("gives identical results with --jobs 1 and --jobs 2", async () => {
    const one = join(dir, "one"), two = join(dir, "two");
    expect((await run(["batch", inputs, "--out", one, "--jobs", "1"])).code).toBe(1);
    expect((await run(["batch", inputs, "--out", two, "--jobs", "2"])).code).toBe(1);
    expect(readFileSync(join(one, "summary.json"), "utf8")).toBe(readFileSync(join(two, "summary.json"), "utf8"));
    expect(readFileSync(join(one, "summary.csv"), "utf8")).toBe(readFileSync(join(two, "summary.csv"), "utf8"));
    for (const name of ["easy-a", "easy-b", "easy-c"]) {
      expect(readFileSync(join(one, `${name}.analysis.json`), "utf8")).toBe(readFileSync(join(two, `${name}.analysis.json`), "utf8"));
    }
  });

  it("never replaces a file it did not write, unless --force", async () => {
    const mine = join(dir, "mine");
    mkdirSync(mine);
    writeFileSync(join(mine, "easy-a.analysis.json"), "my own notes\n");
    const r = await run(["batch", join(inputs, "easy-a.csv"), "--out", mine]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`failed: ${join(inputs, "easy-a.csv")}: ${join(mine, "easy-a.analysis.json")} exists and was not written by hipgait; pass --force to replace it\n`);
    expect(readFileSync(join(mine, "easy-a.analysis.json"), "utf8")).toBe("my own notes\n");
    writeFileSync(join(mine, "summary.csv"), "a,b\n1,2\n");
    const s = await run(["batch", join(inputs, "easy-a.csv"), "--out", mine]);
    expect(s).toMatchObject({ code: 1, out: "" });
    expect(s.err).toBe(`hipgait batch: ${join(mine, "summary.csv")} exists and was not written by hipgait batch; pass --force to replace it, or choose another --out\n`);
    const f = await run(["batch", join(inputs, "easy-a.csv"), "--out", mine, "--force"]);
    expect(f.code).toBe(0);
    expect(readDoc(join(mine, "easy-a.analysis.json")).input.file).toBe(join(inputs, "easy-a.csv"));
  });

  it("names results uniquely when inputs share a file name", async () => {
    for (const who of ["anna", "ben"]) {
      mkdirSync(join(dir, "squad", who), { recursive: true });
      await writeSession(join(dir, "squad", who, "tempo.csv"), { seed: who === "anna" ? 4 : 5, minutes: 1 });
    }
    const squad = join(dir, "squad-results");
    const r = await run(["batch", join(dir, "squad", "*", "tempo.csv"), "--out", squad]);
    expect(r.code, r.err).toBe(0);
    expect(summary(squad).map((x) => x.name)).toEqual(["anna__tempo", "ben__tempo"]);
    expect(readDoc(join(squad, "ben__tempo.analysis.json")).input.file).toBe(join(dir, "squad", "ben", "tempo.csv"));
  });

  it("reports bad usage and missing inputs in one line", async () => {
    expect(await run(["batch"])).toMatchObject({ code: 2, err: "hipgait batch: expected one or more session files, folders or globs (see `hipgait batch --help`)\n" });
    expect(await run(["batch", inputs, "--jobs", "0"])).toMatchObject({ code: 2, err: "hipgait batch: --jobs must be between 1 and 256, got 0\n" });
    expect(await run(["batch", inputs, "--jobs", "1.5"])).toMatchObject({ code: 2, err: 'hipgait batch: --jobs expects a whole number, got "1.5"\n' });
    expect(await run(["batch", join(dir, "nowhere")])).toMatchObject({ code: 1, err: `hipgait batch: ${join(dir, "nowhere")}: no such file or folder\n` });
    expect(await run(["batch", join(dir, "*.nothing")])).toMatchObject({ code: 1, err: `hipgait batch: ${join(dir, "*.nothing")}: no file or folder matches this pattern\n` });
    const empty = join(dir, "empty");
    mkdirSync(empty);
    const e = await run(["batch", empty, "--out", join(dir, "empty-out")]);
    expect(e.code).toBe(1);
    expect(e.err).toContain(`hipgait batch: no session file or recognised export found in ${empty}\n`);
    expect(existsSync(join(dir, "empty-out"))).toBe(false);
  });

  it("documents every option in --help, in lines of at most 120 characters", async () => {
    for (const [cmd, options] of [
      ["batch", ["--out DIR", "--jobs N", "--force", "--html", "--format F"]],
      ["trend", ["--json", "--html FILE", "--force", "--jobs N", "--format F"]],
    ] as const) {
      const help = await run([cmd, "--help"]);
      expect(help.code).toBe(0);
      for (const o of options) expect(help.out).toMatch(new RegExp(`^  ${o} `, "m"));
      expect(help.out).toMatch(/\nExamples:\n(  hipgait .+\n)+$/);
      for (const line of help.out.split("\n")) expect(line.length).toBeLessThanOrEqual(120);
    }
    const top = await run(["--help"]);
    expect(top.out).toMatch(/^  batch +analyse many sessions in parallel/m);
    expect(top.out).toMatch(/^  trend +a runner's sessions over weeks/m);
  });

  it("runs through the built CLI", () => {
    const bin = join(new URL("../..", import.meta.url).pathname, "bin/hipgait.js");
    const cliOut = join(dir, "cli");
    const r = spawnSync(process.execPath, [bin, "batch", join(inputs, "easy-a.csv"), join(inputs, "easy-c.csv"), "--out", cliOut], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("2 sessions: 2 analysed, 0 skipped (results newer than the input), 0 failed\n");
    const rows = summary(cliOut);
    expect(rows.map((x) => x.status)).toEqual(["ok", "ok"]);
    // the compiled worker gives the same document as the TypeScript one above
    expect(readFileSync(join(cliOut, "easy-a.analysis.json"), "utf8")).toBe(readFileSync(join(dir, "one", "easy-a.analysis.json"), "utf8"));
  });
});
