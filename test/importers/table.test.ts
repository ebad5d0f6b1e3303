/** Delimited text as apps write it: separators, quoted headers, decimal commas, NaN, errors naming file and line. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openBundle } from "../../src/importers/bundle.js";
import { detectDialect, openTable, parseCell, splitCells } from "../../src/importers/table.js";

const dir = mkdtempSync(join(tmpdir(), "hipgait-table-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rows(text: string, name = "x.csv") {
  const p = join(dir, name);
  writeFileSync(p, text);
  const b = await openBundle(p);
  const t = await openTable(b.entries[0]!, name);
  const out: number[][] = [];
  for await (const blk of t.rows(t.header.map((_, i) => i))) for (let i = 0; i < blk.n; i++) out.push(blk.cols.map((c) => c[i]!));
  return { t, out };
}

describe("delimited text", () => {
  it("splits quoted cells and detects the dialect", () => {
    expect(splitCells('"Time (s)","Acceleration x (m/s^2)",3', ",")).toEqual(["Time (s)", "Acceleration x (m/s^2)", "3"]);
    expect(splitCells('"a ""b""";c', ";")).toEqual(['a "b"', "c"]);
    expect(detectDialect(['"Time (s)";"X (m/s^2)"', "1,5E-2;9,81"])).toEqual({ separator: ";", decimalComma: true });
    expect(detectDialect(["Phone timestamp;sensor timestamp [ns];X [mg]", "2022-04-25T11:39:36.978;704201974831254116;-777"])).toEqual({ separator: ";", decimalComma: false });
    expect(detectDialect(["time,seconds_elapsed,z,y,x", "1663326947268860700,0.01,-0.12612228813767432,1,2"])).toEqual({ separator: ",", decimalComma: false });
    expect(parseCell("6.999333331E-3", false)).toBeCloseTo(0.006999333331, 12);
    expect(parseCell("-8,514133530E-1", true)).toBeCloseTo(-0.851413353, 9);
    expect(parseCell("NaN", false)).toBeNaN();
    expect(parseCell("abc", false)).toBeNull();
  });

  it("reads phyphox's semicolon/decimal-comma flavour and a BOM", async () => {
    const { t, out } = await rows('\uFEFF"Time (s)";"Acceleration x (m/s^2)"\r\n0,000000000E0;9,810000000E0\r\n1,000000000E-2;NaN\r\n');
    expect(t.header).toEqual(["Time (s)", "Acceleration x (m/s^2)"]);
    expect(out[0]).toEqual([0, 9.81]);
    expect(out[1]![0]).toBeCloseTo(0.01, 12);
    expect(out[1]![1]).toBeNaN();
  });

  it("names the file and line of a cell that is not a number", async () => {
    await expect(rows("t,x\n0,1\n0.01,oops\n", "bad.csv")).rejects.toThrow('bad.csv:3: "oops" in column "x": expected a number');
    await expect(rows("t,x\n0,1\n0.01\n", "short.csv")).rejects.toThrow("short.csv:3: 1 cells: expected 2 (t, x)");
    await expect(rows("", "empty.csv")).rejects.toThrow("empty.csv: empty file: expected a header line");
  });
});
