/** The byte-level number parser agrees exactly with Number() on every decimal token it accepts. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { RowParser } from "../../src/session/parser.js";

/** Parses one line of three numeric fields and returns the values. */
function parseLine(line: string): number[] {
  const cols = [new Float64Array(4), new Float64Array(4), new Float64Array(4)];
  const parser = new RowParser("f.csv", new Int32Array([0, 1, 2]), new Int32Array([-1, -1, -1]), ["a", "b", "c"], 1);
  parser.setTarget({ cols, lines: new Float64Array(4), extra: [] }, 0, 4);
  const buf = Buffer.from(`${line}\n`);
  const end = parser.parse(buf, 0, buf.length);
  expect(end).toBe(buf.length);
  expect(parser.row).toBe(1);
  return cols.map((c) => c[0]!);
}

const decimalToken = fc.stringMatching(/^[+-]?(\d{1,20}(\.\d{0,20})?|\.\d{1,20})([eE][+-]?\d{1,3})?$/).filter((s) => Number.isFinite(Number(s)));
const formattedDouble = fc
  .tuple(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 3 }))
  .map(([v, k, style]) => [String(v), v.toFixed(k), v.toExponential(k), v.toPrecision(k + 1)][style]!);

describe("number parsing", () => {
  it("matches Number() bit for bit on random decimal tokens", () => {
    fc.assert(
      fc.property(decimalToken, formattedDouble, decimalToken, (a, b, c) => {
        const got = parseLine(`${a},${b},${c}`);
        const want = [a, b, c].map(Number);
        expect(got.map((v, i) => Object.is(v, want[i]))).toEqual([true, true, true]);
      }),
      { numRuns: 3000 },
    );
  });

  it("handles hand-picked edge cases", () => {
    expect(parseLine("-0,0.1,9007199254740993")).toEqual([-0, 0.1, 9007199254740993]);
    expect(Object.is(parseLine("-0.0,1,1")[0], -0)).toBe(true);
    expect(parseLine("123456789012345678901234567890,1e-300,4.9e-324")).toEqual([1.2345678901234568e29, 1e-300, 5e-324]);
    expect(parseLine("0.1e1,12345.678901234,1E+2")).toEqual([1, 12345.678901234, 100]);
    expect(parseLine("00012.5000,+.5,-5.")).toEqual([12.5, 0.5, -5]);
  });

  it("rejects what Number() would wrongly accept", () => {
    for (const bad of ["0x10", "Infinity", "1_000", "1e", ".", "-", "1.2.3", "5e3x", "1 2"]) {
      expect(() => parseLine(`1,${bad},1`)).toThrow(new InputError("f.csv", 1, `column b: expected a number, got "${bad}"`));
    }
  });
});
