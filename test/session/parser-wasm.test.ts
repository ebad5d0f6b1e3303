/**
 * The WebAssembly fast row loop (assembly/csv.ts behind RowParser): plain decimals parse to exactly Number(text), and
 * on mixed input (lines the fast loop declines between plain ones, CRLF, comments, long mantissas, 22-23 decimals,
 * 16+ integer digits) the fast path gives the same values, line numbers and comment counts as the general loop alone,
 * whether the bytes lie in the kernel's memory (read buffers, parsed in place) or elsewhere (copied through its
 * scratch area), in whatever regions and row limits they come. The kernel's SIMD method takes fields of at most 15
 * bytes, two at a time (8-byte fields in one vector), in 64-byte blocks of the line, and reads past the region's
 * end: fields at those edges (8/9, 15/16 bytes, lines over 64 and 128 bytes, digits and delimiters right after the
 * region) are tested here too.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvKernel, RowParser } from "../../src/session/parser.js";

/** What parsing a text gave: the value columns (one per numeric field), the line of each row, the comment lines. */
interface Parsed {
  cols: number[][];
  lines: number[];
  comments: number;
}

const kernel = new CsvKernel({ readBuffers: 1, readBytes: 1 << 20, scratchBytes: 4096 });

/**
 * Parses `text` (complete lines) with `fields` numeric fields and, if `extra`, one text column after them (which
 * keeps every line on the general loop). `cuts` splits the text into regions at line ends; `stops` limits the rows
 * of successive targets. `inKernel` puts the text into the kernel's read buffer first (parsed in place), else it is
 * parsed from an ordinary Buffer (copied through the 4 kB scratch area, lines longer than that in place). `after`
 * (with `inKernel`) is written, repeated, right after the text.
 */
function parseText(
  text: string,
  fields: number,
  opts: { extra?: boolean; cuts?: number[]; stops?: number[]; inKernel?: boolean; after?: string },
): Parsed {
  const extra = opts.extra === true;
  const n = fields + (extra ? 1 : 0);
  const slotOf = Int32Array.from({ length: n }, (_, f) => (f < fields ? f : -1));
  const extraOf = Int32Array.from({ length: n }, (_, f) => (f < fields ? -1 : 0));
  const names = Array.from({ length: n }, (_, f) => `c${f}`);
  const p = new RowParser("m.csv", slotOf, extraOf, names, 1, kernel);
  let buf: Buffer = Buffer.from(text);
  if (opts.inKernel === true) {
    const rb = kernel.readBuffers[0]!;
    if (buf.length > rb.length) throw new Error("text too long for the test's read buffer");
    buf.copy(rb);
    // What lies after the region in memory (the kernel reads a little past its end and must not use it).
    if (opts.after !== undefined) rb.write(opts.after.repeat(8), buf.length, "latin1");
    buf = rb.subarray(0, buf.length);
  }
  // Region ends: at line ends near the requested cut points.
  const ends: number[] = [];
  for (const c of [...(opts.cuts ?? []), buf.length].sort((a, b) => a - b)) {
    const at = Math.min(buf.length, c);
    const nl = buf.indexOf(10, Math.max(0, at - 1));
    const end = nl < 0 ? buf.length : nl + 1;
    if (end > (ends.at(-1) ?? 0)) ends.push(end);
  }
  const cols: number[][] = Array.from({ length: fields }, () => []);
  const lines: number[] = [];
  const stops = opts.stops ?? [];
  let k = 0;
  let region = 0;
  let pos = 0;
  while (region < ends.length) {
    const cap = Math.max(1, stops[k++ % Math.max(1, stops.length)] ?? 1000);
    const target = { cols: Array.from({ length: fields }, () => new Float64Array(cap)), lines: new Float64Array(cap), extra: [new Array<string>(cap)] };
    p.setTarget(target, 0, cap);
    while (p.row < cap && region < ends.length) {
      const end = ends[region]!;
      pos = p.parse(buf, pos, end);
      if (pos >= end) region++;
    }
    for (let f = 0; f < fields; f++) cols[f]!.push(...target.cols[f]!.subarray(0, p.row));
    lines.push(...target.lines.subarray(0, p.row));
  }
  return { cols, lines, comments: p.commentLines };
}

/** Appends the text column ",x" to every data line (before its CR LF / LF), for the general-loop reference. */
function withExtraColumn(text: string): string {
  return text
    .split("\n")
    .map((l) => {
      const t = l.trim();
      if (t === "" || t.startsWith("#")) return l;
      return l.endsWith("\r") ? `${l.slice(0, -1)},x\r` : `${l},x`;
    })
    .join("\n");
}

const digits = (min: number, max: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });

/** A plain decimal `-?digits[.digits]`, biased to the edges: 15-20 integer digits, 0-23 decimals, leading zeros. */
const plainToken: fc.Arbitrary<string> = fc
  .tuple(
    fc.boolean(),
    fc.oneof(digits(1, 6), digits(7, 14), digits(15, 20), fc.tuple(fc.constantFrom("0", "000", "0000000000000000000000"), digits(1, 5)).map(([z, d]) => z + d)),
    fc.option(fc.oneof(digits(0, 9), digits(10, 18), digits(19, 23), fc.tuple(fc.constantFrom("000000000000000000", "0000000000000000000000"), digits(0, 2)).map(([z, d]) => z + d)), { nil: null }),
  )
  .map(([neg, int, frac]) => `${neg ? "-" : ""}${int}${frac === null ? "" : `.${frac}`}`);

/** A plain decimal that Number() reads exactly like the fast loop would (any length: the general loop takes the rest). */
const shortPlain: fc.Arbitrary<string> = fc
  .tuple(fc.boolean(), digits(1, 9), fc.option(digits(0, 9), { nil: null }))
  .map(([neg, int, frac]) => `${neg ? "-" : ""}${int}${frac === null ? "" : `.${frac}`}`);

/** A number the fast loop declines but the general loop accepts. */
const oddToken: fc.Arbitrary<string> = fc.oneof(
  shortPlain.map((t) => `+${t.replace("-", "")}`),
  digits(1, 5).map((d) => `.${d}`),
  fc.tuple(shortPlain, fc.integer({ min: -30, max: 30 })).map(([t, e]) => `${t}e${e}`),
  shortPlain.map((t) => ` ${t} `),
  shortPlain.map((t) => `"${t}"`),
  digits(16, 30),
  fc.tuple(digits(1, 3), digits(22, 26)).map(([i, f]) => `${i}.${f}`),
);

/** A line of `fields` fields: plain, with odd numbers, a comment or a blank line; LF or CRLF. */
function mixedLine(fields: number): fc.Arbitrary<string> {
  const row = (tok: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.array(tok, { minLength: fields, maxLength: fields }).map((v) => v.join(","));
  return fc
    .tuple(
      fc.oneof(
        { weight: 6, arbitrary: row(plainToken) },
        { weight: 2, arbitrary: row(fc.oneof({ weight: 4, arbitrary: plainToken }, { weight: 1, arbitrary: oddToken })) },
        { weight: 1, arbitrary: fc.constantFrom("# a comment, 1,2,3", "#", "", "   ", "\t") },
      ),
      fc.boolean(),
    )
    .map(([l, crlf]) => `${l}${crlf ? "\r\n" : "\n"}`);
}

describe("WebAssembly fast row loop", () => {
  it("parses random rows of plain decimals to exactly Number(text), in place and copied", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.array(fc.array(plainToken, { minLength: 7, maxLength: 7 }), { minLength: 1, maxLength: 30 }), fc.boolean(), (fields, rows, inKernel) => {
        const text = rows.map((r) => `${r.slice(0, fields).join(",")}\n`).join("");
        const got = parseText(text, fields, { inKernel });
        expect(got.lines).toEqual(rows.map((_, i) => i + 1));
        for (let f = 0; f < fields; f++) {
          const want = rows.map((r) => Number(r[f]));
          const same = got.cols[f]!.every((v, i) => Object.is(v, want[i]));
          if (!same) expect(got.cols[f]).toEqual(want);
          expect(same).toBe(true);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it("agrees with the general loop on mixed input, in any regions and row limits", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }).chain((fields) => fc.tuple(fc.constant(fields), fc.array(mixedLine(fields), { minLength: 1, maxLength: 60 }))),
        fc.array(fc.nat(4000), { maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 4 }),
        fc.boolean(),
        ([fields, lineList], cuts, stops, inKernel) => {
          const text = lineList.join("");
          const fast = parseText(text, fields, { cuts, stops, inKernel });
          const general = parseText(withExtraColumn(text), fields, { extra: true });
          expect(fast.lines).toEqual(general.lines);
          expect(fast.comments).toBe(general.comments);
          for (let f = 0; f < fields; f++) {
            const same = fast.cols[f]!.every((v, i) => Object.is(v, general.cols[f]![i]));
            if (!same) expect(fast.cols[f]).toEqual(general.cols[f]);
            expect(same).toBe(true);
          }
          // And both are Number() of each field's text.
          const want: number[][] = Array.from({ length: fields }, () => []);
          for (const l of lineList) {
            const t = l.trim();
            if (t === "" || t.startsWith("#")) continue;
            t.split(",").forEach((tok, f) => want[f]!.push(Number(tok.trim().replace(/^"(.*)"$/, "$1"))));
          }
          for (let f = 0; f < fields; f++) expect(fast.cols[f]!.every((v, i) => Object.is(v, want[f]![i]))).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("handles hand-picked edges", () => {
    const one = (line: string, inKernel = true): number[] => parseText(`${line}\n`, 3, { inKernel }).cols.map((c) => c[0]!);
    // 2^53 - 1 is taken, 2^53 and more go to the general loop (which rounds as Number() does).
    expect(one("9007199254740991,9007199254740992,9007199254740993")).toEqual([9007199254740991, 9007199254740992, 9007199254740992]);
    // Digit runs that would overflow an i64 (20+ digits) and long runs of leading zeros.
    expect(one("123456789012345678901234567890,00000000000000000000000000012,-0000000000000000000000.5")).toEqual([1.2345678901234568e29, 12, -0.5]);
    // 22 and 23 decimals, small and large mantissas.
    expect(one("0.0000000000000000000001,0.00000000000000000000001,1.2345678901234567890123")).toEqual([1e-22, 1e-23, 1.2345678901234567]);
    expect(one("0.1234567890123456789012,4503599627370495.5,4503599627370496.5")).toEqual([0.1234567890123456789012, 4503599627370495.5, 4503599627370496.5]);
    // Signs, zeros, a bare trailing point, CRLF.
    const z = one("-0,-0.000,5.");
    expect(Object.is(z[0], -0) && Object.is(z[1], -0) && z[2] === 5).toBe(true);
    expect(parseText("1,2,3\r\n-4.5,5,6\r\n", 3, { inKernel: true })).toEqual({ cols: [[1, -4.5], [2, 5], [3, 6]], lines: [1, 2], comments: 0 });
    // A line longer than the scratch area (parsed in place by the general loop when copied).
    const long = `${"0".repeat(10000)}1.25,2,3`;
    expect(one(long, false)).toEqual([1.25, 2, 3]);
    expect(one(long, true)).toEqual([1.25, 2, 3]);
  });

  /** A plain decimal of exactly `len` bytes (sign and point included), with or without sign and point. */
  const sized = (len: number): fc.Arbitrary<string> =>
    fc.tuple(fc.boolean(), fc.boolean(), fc.nat(), digits(len, len)).map(([minus, point, at, d]) => {
      const neg = minus && len >= 2;
      const rest = len - (neg ? 1 : 0);
      if (!point || rest < 2) return `${neg ? "-" : ""}${d.slice(0, rest)}`;
      const int = 1 + (at % (rest - 1)); // digits before the point: 1 ... rest - 1
      return `${neg ? "-" : ""}${d.slice(0, int)}.${d.slice(int, rest - 1)}`;
    });
  /** Bytes after the region: digits, points, delimiters, a sign, a high byte. */
  const garbage = fc.constantFrom("", "7", "12,34\n", ".5,-6\r\n", ",,,,", "\n\n", "999999999999999999", "-", "\u00e9\u00ff,1");

  it("takes fields of 1 to 17 bytes, lines across 64-byte blocks and the region's end as Number() does", () => {
    const lengths = fc.constantFrom(1, 2, 3, 7, 8, 9, 10, 14, 15, 16, 17);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.tuple(fc.array(lengths.chain(sized), { minLength: 7, maxLength: 7 }), fc.boolean()), { minLength: 1, maxLength: 12 }),
        garbage,
        fc.boolean(),
        (fields, rows, after, inKernel) => {
          const text = rows.map(([r, crlf]) => `${r.slice(0, fields).join(",")}${crlf ? "\r\n" : "\n"}`).join("");
          const got = parseText(text, fields, { inKernel, after });
          expect(got.lines).toEqual(rows.map((_, i) => i + 1));
          for (let f = 0; f < fields; f++) {
            const want = rows.map(([r]) => Number(r[f]));
            const same = got.cols[f]!.every((v, i) => Object.is(v, want[i]));
            if (!same) expect(got.cols[f]).toEqual(want);
            expect(same).toBe(true);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("handles the SIMD method's edges like the general loop", () => {
    const lines = [
      // 8 and 9 bytes (one vector for two fields up to 8 bytes), 15 and 16 bytes (the longest it takes, and 1 more).
      "12345678,-1234567,1234567.,-123456.7,0.1234567,-.1234567,-0.123456",
      "123456789,-12345678,1234567.8,-1234567.,0.12345678,12345678.,-0.1234567",
      "123456789012345,-12345678901234,1234567890123.4,-123456789012.3,0.1234567890123,-.12345678901234,1.",
      "1234567890123456,-123456789012345,123456789012345.,-12345678901234.5,0.12345678901234,9.99999999999999,-0",
      // 17, 18, 19 digits and long fractions (the byte loop's i64 and 2^53 rules).
      "12345678901234567,123456789012345678,1234567890123456789,0.1234567890123456789,0.1234567890123456789012,9007199254740993,-9007199254740991",
      // Forms the kernel declines and the general loop reads (or the kernel takes as the byte loop does).
      "5.,-5.,.5,-.5,+5,1e3,-0.",
      " 1,2 ,\"3\",4,5,6,7",
      // Over 64 and 128 bytes: fields across the 64-byte blocks.
      "-1234567.890123,-1234567.890123,-1234567.890123,-1234567.890123,-1234567.890123,-1234567.890123,-1234567.890123",
      "-1234567.8901234567,-1234567.8901234567,-1234567.8901234567,-1234567.8901234567,-1234567.8901234567,-1234567.8901234567,7",
      "0.000423,0.99601,0.00634,0.00000,0.630,0.000,-1.190",
      "10799.994823,1.78315,-0.02001,-0.57145,35.350,-6.930,41.160",
    ];
    for (const fields of [1, 2, 3, 4, 6, 7]) {
      for (const crlf of [false, true]) {
        const text = lines.map((l) => `${l.split(",").slice(0, fields).join(",")}${crlf ? "\r\n" : "\n"}`).join("");
        for (const after of ["", "9,9.9\n", "\r", "-1,"]) {
          const fast = parseText(text, fields, { inKernel: true, after });
          const copied = parseText(text, fields, {});
          const general = parseText(withExtraColumn(text), fields, { extra: true });
          expect(fast.lines).toEqual(general.lines);
          expect(copied).toEqual(fast);
          for (let f = 0; f < fields; f++) {
            const want = text.split("\n").slice(0, -1).map((l) => Number(l.split(",")[f]!.trim().replace(/^"(.*)"$/, "$1")));
            expect(fast.cols[f]!.every((v, i) => Object.is(v, general.cols[f]![i]) && Object.is(v, want[i]))).toBe(true);
          }
        }
      }
    }
    // Rows that end at the region's end, digits and a delimiter right after them in memory.
    const tail = parseText("1.5,-2\n3,4.25\n", 2, { inKernel: true, after: "999,\n" });
    expect(tail).toEqual({ cols: [[1.5, 3], [-2, 4.25]], lines: [1, 2], comments: 0 });
    // A line the kernel declines (a field of 16 bytes), then plain lines again.
    const mixed = ["1234567890123456,1", ...Array.from({ length: 40 }, (_, k) => `${k}.5,-${k}`)].join("\n") + "\n";
    expect(parseText(mixed, 2, { inKernel: true }).cols[1]).toEqual([1, ...Array.from({ length: 40 }, (_, k) => -k)]);
  });

  it("reports bad lines with their line numbers as before", () => {
    const bad = (text: string): string => {
      try {
        parseText(text, 3, { inKernel: true });
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
      return "no error";
    };
    expect(bad("1,2,3\n4,5\n")).toBe("m.csv:2: expected 3 fields, got 2");
    expect(bad("1,2,3\n# c\n4,5,6,7\n")).toBe("m.csv:3: expected 3 fields, got 4");
    expect(bad("1,2,3\n4,x,6\n")).toBe('m.csv:2: column c1: expected a number, got "x"');
    expect(bad("1,2,3\n4,,6\r\n")).toBe("m.csv:2: column c1: expected a number, got an empty field");
  });
});
