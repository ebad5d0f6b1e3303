/** The per-step CSV export: written from a real (simulated, analysed) session and read back against the document. */
import fs, { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { writeJsonDocument } from "../../src/output/json.js";
import { streamNewFile } from "../../src/output/new-file.js";
import { STEP_CSV_COLUMNS, stepCsvRow, stepsCsvChunks, stepsCsvHeader, writeStepsCsv } from "../../src/output/steps-csv.js";
import type { AnalysisDocument } from "../../src/pipeline/document.js";
import { STEP_DECIMALS, type StepResult } from "../../src/pipeline/types.js";
import { simulatedDocument } from "./simulated-document.js";

let doc: AnalysisDocument;
let dir: string;
/** The steps as the JSON document has them (written by the JSON writer and parsed back). */
let jsonSteps: Array<Record<string, unknown>>;

beforeAll(async () => {
  ({ doc, dir } = await simulatedDocument());
  const text = await writeJsonDocument(doc, null);
  jsonSteps = (JSON.parse(text) as { steps: Array<Record<string, unknown>> }).steps;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Splits the CSV text into the header's names and the rows' cells; the text must end in exactly one `\n`. */
function parseCsv(text: string): { header: string[]; rows: string[][] } {
  expect(text.endsWith("\n")).toBe(true);
  expect(text).not.toContain("\r");
  const lines = text.slice(0, -1).split("\n");
  return { header: lines[0]!.split(","), rows: lines.slice(1).map((l) => l.split(",")) };
}

/** Files in `dir` whose names contain `.partial-` (left-overs of an interrupted write). */
const partials = (d: string): string[] => readdirSync(d).filter((f) => f.includes(".partial-"));

describe("steps CSV", () => {
  it("has the JSON step field names as its header, in the document's order", () => {
    expect(jsonSteps.length).toBeGreaterThan(100);
    expect(stepsCsvHeader()).toBe(`${Object.keys(jsonSteps[0]!).join(",")}\n`);
    expect(STEP_CSV_COLUMNS.map(([k]) => k)).toEqual(["t", "side", ...Object.keys(STEP_DECIMALS).filter((k) => k !== "t")]);
  });

  it("writes one row per step whose cells read back as the JSON values within half a unit of the last decimal", async () => {
    const path = join(dir, "steps.csv");
    await writeStepsCsv(doc, path);
    const { header, rows } = parseCsv(readFileSync(path, "utf8"));
    expect(header).toEqual(Object.keys(jsonSteps[0]!));
    expect(rows).toHaveLength(doc.steps.length);
    let nulls = 0;
    rows.forEach((cells, i) => {
      const json = jsonSteps[i]!;
      expect(cells, `row ${i}`).toHaveLength(header.length);
      header.forEach((key, c) => {
        const cell = cells[c]!;
        const v = json[key];
        const where = `step ${i} ${key}`;
        if (key === "side") {
          expect(cell, where).toBe(v);
          return;
        }
        if (v === null) {
          nulls++;
          expect(cell, where).toBe("");
          return;
        }
        const d = STEP_DECIMALS[key as keyof typeof STEP_DECIMALS];
        expect(cell, where).toMatch(new RegExp(`^-?\\d+\\.\\d{${d}}$`));
        expect(cell, where).not.toMatch(/^-0(\.0*)?$/);
        expect(typeof v).toBe("number");
        expect(Math.abs(Number(cell) - (v as number)), where).toBeLessThanOrEqual(0.5 * 10 ** -d + 1e-9);
      });
    });
    // the session has both kinds of null: the last step of a bout and angles withheld after lost data
    expect(doc.steps.some((s) => s.step_time_ms === null)).toBe(true);
    expect(doc.steps.some((s) => s.step_time_ms !== null && s.pelvic_drop_deg === null)).toBe(true);
    expect(nulls).toBe(doc.steps.reduce((a, s) => a + Object.values(s).filter((v) => v === null).length, 0));
  });

  it("writes a value that rounds to zero without a minus sign, and a whole number with its decimals", () => {
    const step: StepResult = { ...doc.steps[0]!, flight_time_ms: -0.04, pelvic_drop_deg: -0.001, anterior_tilt_deg: -0, contact_time_ms: 246, peak_propulsion_g: -0.0004 };
    const cells = stepCsvRow(step).slice(0, -1).split(",");
    const cell = (k: keyof StepResult): string => cells[STEP_CSV_COLUMNS.findIndex(([c]) => c === k)]!;
    expect(cell("flight_time_ms")).toBe("0.0");
    expect(cell("pelvic_drop_deg")).toBe("0.00");
    expect(cell("anterior_tilt_deg")).toBe("0.00");
    expect(cell("peak_propulsion_g")).toBe("0.000");
    expect(cell("contact_time_ms")).toBe("246.0");
    expect(stepCsvRow({ ...step, pelvic_drop_deg: -0.006 }).split(",")[STEP_CSV_COLUMNS.findIndex(([c]) => c === "pelvic_drop_deg")]).toBe("-0.01");
  });

  it("streams in batches that join to the same text", () => {
    const steps = doc.steps.slice(0, 5);
    const chunks = [...stepsCsvChunks(steps, 2)];
    expect(chunks).toHaveLength(4); // header, 2 + 2 + 1 rows
    expect(chunks.join("")).toBe(stepsCsvHeader() + steps.map((s, i) => stepCsvRow(s, i)).join(""));
  });

  it("refuses to replace a file without force (one-line UserError naming it, file unchanged) and replaces it with force", async () => {
    const path = join(dir, "again.csv");
    writeFileSync(path, "keep me\n");
    const err = await writeStepsCsv(doc, path).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe(`${path} exists; pass --force to overwrite it`);
    expect((err as UserError).exitCode).toBe(1);
    expect(readFileSync(path, "utf8")).toBe("keep me\n");
    await writeStepsCsv(doc, path, { force: true });
    expect(readFileSync(path, "utf8")).toBe([...stepsCsvChunks(doc.steps)].join(""));
    expect(partials(dir)).toEqual([]);
  });

  it("reports a missing folder as a one-line UserError and leaves nothing behind", async () => {
    const path = join(dir, "no-such-folder", "steps.csv");
    await expect(writeStepsCsv(doc, path)).rejects.toThrow(new UserError(`cannot create ${path}: the folder ${join(dir, "no-such-folder")} does not exist`));
    expect(existsSync(join(dir, "no-such-folder"))).toBe(false);
  });

  it("leaves neither the file nor a .partial- file behind when a step cannot be written (a bug: plain Error)", async () => {
    const path = join(dir, "broken.csv");
    const steps = [...doc.steps];
    steps[1500 % steps.length] = { ...steps[1500 % steps.length]!, contact_time_ms: Number.NaN };
    const broken: AnalysisDocument = { ...doc, steps };
    const err = await writeStepsCsv(broken, path).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/^steps CSV: step \d+: contact_time_ms must be a finite number, got NaN$/);
    expect(existsSync(path)).toBe(false);
    expect(partials(dir)).toEqual([]);
    expect(() => stepCsvRow({ ...doc.steps[0]!, peak_braking_g: null as unknown as number }, 3)).toThrow("steps CSV: step 3: peak_braking_g must not be null");
  });

  it("removes the temporary file when the source fails, whether before or after the file is open", async () => {
    for (const failAfter of [0, 1, 50]) {
      const path = join(dir, `fails-${failAfter}.txt`);
      function* chunks(): Generator<string> {
        for (let i = 0; i < failAfter; i++) yield "x".repeat(100_000);
        throw new Error(`source failed after ${failAfter}`);
      }
      await expect(streamNewFile(path, chunks())).rejects.toThrow(`source failed after ${failAfter}`);
      expect(existsSync(path)).toBe(false);
      expect(partials(dir)).toEqual([]);
    }
    // A source failing before the file's open has completed (the open runs in the background): the clean-up must wait
    // for the open, or the open creates the file after its removal. The open is held back here to make that order
    // certain; the check does not depend on how long anything takes.
    const realOpen = fs.open;
    let opened: () => void = () => undefined;
    const openDone = new Promise<void>((resolve) => (opened = resolve));
    const held = vi.spyOn(fs, "open").mockImplementation(((...args: unknown[]) => {
      const cb = args.pop() as (err: Error | null, fd?: number) => void;
      setTimeout(() => Reflect.apply(realOpen, fs, [...args, (err: Error | null, fd?: number) => (cb(err, fd), opened())]), 100);
    }) as typeof fs.open);
    try {
      function* early(): Generator<string> {
        yield "abc";
        throw new Error("early");
      }
      await expect(streamNewFile(join(dir, "early.txt"), early())).rejects.toThrow("early");
      expect(held).toHaveBeenCalledTimes(1);
      await openDone; // (already so when the clean-up waited for it)
    } finally {
      held.mockRestore();
    }
    expect(partials(dir)).toEqual([]);
    expect(existsSync(join(dir, "early.txt"))).toBe(false);
  });

  it("does not remove a temporary file it did not create, and says which one is in the way", async () => {
    const path = join(dir, "blocked.csv");
    const tmp = `${path}.partial-${process.pid}`;
    writeFileSync(tmp, "someone else's\n");
    await expect(writeStepsCsv(doc, path)).rejects.toThrow(new UserError(`cannot create ${tmp}: a file of that name exists (left by an interrupted write?); remove it and try again`));
    expect(readFileSync(tmp, "utf8")).toBe("someone else's\n");
    expect(existsSync(path)).toBe(false);
    rmSync(tmp);
  });
});
