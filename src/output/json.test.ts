/** writeJsonDocument: validated pretty JSON, returned for stdout or written to a file that is never silently replaced. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../core/errors.js";
import { accOnlyDocument, exampleDocument } from "../../test/output/example-document.js";
import { checkJsonTarget, formatJson, writeJsonDocument } from "./json.js";

const dir = mkdtempSync(join(tmpdir(), "hipgait-json-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("formatJson", () => {
  it("round-trips and keeps arrays of plain values on one line", () => {
    const doc = exampleDocument();
    const text = formatJson(doc);
    expect(JSON.parse(text)).toEqual(doc);
    expect(text).toContain('  "schema": "hipgait/analysis@1",\n');
    expect(text).toContain('"gaps": [\n      [600.5, 600.62],\n      [1201, 1201.3]\n    ]');
    expect(text).toContain('"q_sensor_to_body": [0.9993, 0, 0.0366, 0]');
    expect(text).toContain('"rechecks": [\n      {\n        "t": 900,');
    expect(text).toContain('"unit_notes": ["time units declared: s"]');
    expect(text).toContain('"warnings": [\n      "runs/tempo-2026-03-14.csv.gz:384003: last line');
    expect(formatJson({ a: [], b: {}, c: 'quote " and \\ slash', d: undefined })).toBe('{\n  "a": [],\n  "b": {},\n  "c": "quote \\" and \\\\ slash"\n}');
  });
});

describe("writeJsonDocument", () => {
  it("returns the JSON text for stdout when the path is null", async () => {
    const text = await writeJsonDocument(accOnlyDocument(), null);
    expect(text.endsWith("}\n")).toBe(true);
    expect(JSON.parse(text)).toEqual(accOnlyDocument());
  });

  it("writes a file and refuses to replace it without force", async () => {
    const path = join(dir, "a.json");
    const text = await writeJsonDocument(exampleDocument(), path);
    expect(readFileSync(path, "utf8")).toBe(text);
    const again = writeJsonDocument(accOnlyDocument(), path);
    await expect(again).rejects.toThrow(UserError);
    await expect(writeJsonDocument(accOnlyDocument(), path)).rejects.toThrow(`${path} exists; pass --force to overwrite it`);
    expect(readFileSync(path, "utf8")).toBe(text);
    await writeJsonDocument(accOnlyDocument(), path, { force: true });
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(accOnlyDocument());
  });

  it("reports a missing folder as the user's problem", async () => {
    const path = join(dir, "no-such-folder", "a.json");
    await expect(writeJsonDocument(exampleDocument(), path)).rejects.toThrow(`cannot create ${path}: the folder does not exist`);
    expect(() => checkJsonTarget(path)).toThrow(UserError);
  });

  it("treats a document that fails the schema as a bug (plain Error naming the paths), writing nothing", async () => {
    const doc = exampleDocument();
    doc.summary.cadence_spm = Number.NaN;
    const path = join(dir, "bad.json");
    const err = await writeJsonDocument(doc, path).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(UserError);
    expect(String(err)).toContain("does not match the hipgait/analysis@1 schema");
    expect(String(err)).toContain("summary.cadence_spm: ");
    expect(() => readFileSync(path)).toThrow();
  });

  it("lists at most ten schema issues", async () => {
    const doc = accOnlyDocument();
    doc.steps = doc.steps.concat(doc.steps, doc.steps, doc.steps).map((s) => ({ ...s, anterior_tilt_deg: 1 }));
    await expect(writeJsonDocument(doc, null)).rejects.toThrow(/\.\.\. and 6 more$/);
  });
});

describe("checkJsonTarget", () => {
  it("accepts a new file, refuses an existing one unless forced, and refuses a folder", () => {
    const path = join(dir, "exists.json");
    expect(() => checkJsonTarget(path)).not.toThrow();
    writeFileSync(path, "{}");
    expect(() => checkJsonTarget(path)).toThrow(`${path} exists; pass --force to overwrite it`);
    expect(() => checkJsonTarget(path, { force: true })).not.toThrow();
    expect(() => checkJsonTarget(dir, { force: true })).toThrow(`cannot write ${dir}: it is a folder`);
  });
});

describe("jsonDocumentChunks / streamJsonDocument", () => {
  it("stream exactly the text of writeJsonDocument, batch by batch", async () => {
    const { documentSchema, jsonDocumentChunks } = await import("./json.js");
    const schema = await documentSchema();
    for (const doc of [exampleDocument(), accOnlyDocument()]) {
      const { steps, ...rest } = doc;
      const many = { ...rest, steps: Array.from({ length: 2500 }, (_, i) => ({ ...steps[0]!, t: i })) };
      const whole = await writeJsonDocument(many, null);
      expect([...jsonDocumentChunks(many, schema, 7)].join("")).toBe(whole);
      expect(JSON.parse(whole).steps).toHaveLength(2500);
    }
  });

  it("refuses a bad step with its index and leaves no file behind", async () => {
    const { streamJsonDocument } = await import("./json.js");
    const doc = exampleDocument();
    const bad = { ...doc, steps: [doc.steps[0]!, { ...doc.steps[0]!, contact_time_ms: Number.NaN }] };
    const sub = mkdtempSync(join(dir, "bad-"));
    const path = join(sub, "bad.json");
    await expect(streamJsonDocument(bad, path, () => undefined)).rejects.toThrow(/steps\.1\.contact_time_ms/);
    expect(readdirSync(sub)).toEqual([]);
  });
});

describe("jsonNumber / stepJson", () => {
  it("writes a rounded number with exactly the characters of JSON.stringify", async () => {
    const { jsonNumber } = await import("./json.js");
    const fc = await import("fast-check");
    fc.assert(
      fc.property(fc.double({ min: -1e7, max: 1e7, noNaN: true }), fc.integer({ min: 0, max: 6 }), (x, d) => {
        const r = Math.round(x * 10 ** d) / 10 ** d;
        expect(jsonNumber(r, d)).toBe(JSON.stringify(r));
        expect(jsonNumber(x, d)).toBe(JSON.stringify(x)); // not rounded: falls back, still exact
      }),
      { numRuns: 5000 },
    );
    for (const [x, d] of [[0, 2], [-0, 2], [0.05, 2], [-0.05, 2], [1e-4, 4], [-12.5, 1], [123456.7891, 4], [1e20, 2]] as const) {
      expect(jsonNumber(x, d)).toBe(JSON.stringify(x));
    }
  });

  it("writes a step as JSON.stringify does and refuses what the schema forbids", async () => {
    const { stepJson } = await import("./json.js");
    const step = exampleDocument().steps[0]!;
    expect(stepJson(step, true, 0)).toBe(JSON.stringify(step));
    expect(() => stepJson({ ...step, side: "middle" as "left" }, true, 3)).toThrow(/steps\.3\.side/);
    expect(() => stepJson({ ...step, t: null as unknown as number }, true, 0)).toThrow(/steps\.0\.t: must not be null/);
    expect(() => stepJson({ ...step, peak_vertical_g: Number.POSITIVE_INFINITY }, true, 0)).toThrow(/finite/);
    expect(() => stepJson({ ...step, pelvic_drop_deg: 1.5 }, false, 0)).toThrow(/no gyroscope/);
    expect(() => stepJson({ ...step, extra: 1 } as typeof step, true, 0)).toThrow(/unexpected or missing/);
  });
});
