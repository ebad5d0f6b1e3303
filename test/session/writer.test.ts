/** Session writer: exact text, round trip through the reader, gzip, overwrite protection, argument checks. */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { createSessionWriter, readWholeSession } from "../../src/session/index.js";
import { tempDir } from "./helpers.js";

const dir = tempDir("writer");
let n = 0;
const fresh = (name = "w.csv"): string => join(dir, `${n++}-${name}`);
const COLS = ["t", "ax", "ay", "az", "gx", "gy", "gz"];

describe("text written", () => {
  it("writes format, metadata, header and rows with the default decimals", async () => {
    const file = fresh();
    const w = await createSessionWriter(file, {
      metadata: { sample_rate_hz: 208, sensor: "LSM6DS3TR-C", runner: "A. Runner", started_at: "2024-05-01T07:30:00Z" },
      columns: COLS,
    });
    w.writeRow([0, 0.012345678, -0.5, 1, 123.4567, -0.0004, 0]);
    w.writeRow([1 / 208, -0.000004, 2.000006, -1e-9, -1234.5, 0.0005, 99999.9999]);
    expect(w.rows).toBe(2);
    await w.close();
    expect(readFileSync(file, "utf8")).toBe(
      [
        "# format: hipgait-session/1",
        "# sample_rate_hz: 208",
        "# sensor: LSM6DS3TR-C",
        "# runner: A. Runner",
        "# started_at: 2024-05-01T07:30:00Z",
        "t,ax,ay,az,gx,gy,gz",
        "0.000000,0.01235,-0.50000,1.00000,123.457,0.000,0.000",
        "0.004808,0.00000,2.00001,0.00000,-1234.500,0.001,100000.000",
        "",
      ].join("\n"),
    );
  });

  it("uses per-column decimals and falls back to exponent-free toFixed for huge values", async () => {
    const file = fresh();
    const w = await createSessionWriter(file, { metadata: { sample_rate_hz: 10 }, columns: ["ax_mg", "ay_mg", "az_mg", "count"], decimals: [0, 1, 2, 0] });
    w.writeRow([999.5, -0.04, 1000.006, 1e17]);
    await w.close();
    expect(readFileSync(file, "utf8").split("\n")[3]).toBe(`1000,0.0,1000.01,${(1e17).toFixed(0)}`);
  });

  it("hands text to the file only on flush, close or past about 256 KB", async () => {
    const file = fresh();
    const w = await createSessionWriter(file, { metadata: {}, columns: ["t", "ax", "ay", "az"] });
    w.writeRow([0, 0, 0, 1]);
    await new Promise((r) => setTimeout(r, 20));
    expect(statSync(file).size).toBe(0);
    await w.flush();
    await new Promise((r) => setTimeout(r, 20));
    expect(readFileSync(file, "utf8")).toBe("# format: hipgait-session/1\nt,ax,ay,az\n0.000000,0.00000,0.00000,1.00000\n");
    for (let i = 1; i < 20000; i++) w.writeRow([i / 100, 0, 0, 1]);
    await new Promise((r) => setTimeout(r, 50));
    expect(statSync(file).size).toBeGreaterThan(256 * 1024);
    await w.close();
    expect(readFileSync(file, "utf8").split("\n").length).toBe(2 + 20000 + 1);
  });
});

describe("round trip", () => {
  it("reads back what was written, within the written precision", async () => {
    for (const name of ["rt.csv", "rt.csv.gz"]) {
      const file = fresh(name);
      const w = await createSessionWriter(file, { metadata: { sample_rate_hz: 416, mount: "upright", note_x: "kept" }, columns: [...COLS, "temp_c"] });
      const rows: number[][] = [];
      let seed = 7;
      const rnd = (): number => {
        seed = (seed * 16807) % 2147483647;
        return seed / 2147483647;
      };
      for (let i = 0; i < 10000; i++) {
        const row = [i / 416 + rnd() * 1e-4, rnd() * 4 - 2, rnd() * 4 - 2, 1 + rnd() * 4 - 2, rnd() * 1000 - 500, rnd() * 1000 - 500, rnd() * 1000 - 500, 20 + rnd() * 15];
        rows.push(row);
        w.writeRow(row);
        if (i % 4096 === 0) await w.flush();
      }
      await w.close();
      if (name.endsWith(".gz")) expect(gunzipSync(readFileSync(file)).toString("utf8").startsWith("# format: hipgait-session/1\n")).toBe(true);
      const s = await readWholeSession(file);
      expect(s.header.format).toBe("hipgait-session/1");
      expect(s.header.metadata).toEqual({ format: "hipgait-session/1", sample_rate_hz: "416", mount: "upright", note_x: "kept" });
      expect(s.header.extraColumns).toEqual(["temp_c"]);
      expect(s.samples.length).toBe(10000);
      const tol = [0.5e-6, 0.5e-5, 0.5e-5, 0.5e-5, 0.5e-3, 0.5e-3, 0.5e-3];
      const cols = [s.samples.t_s, s.samples.ax_g, s.samples.ay_g, s.samples.az_g, s.samples.gx_dps, s.samples.gy_dps, s.samples.gz_dps];
      // Largest error relative to half the last written decimal, per column (8 = the extra column, 6 decimals).
      const worst = new Array<number>(8).fill(0);
      for (let i = 0; i < 10000; i++) {
        for (let c = 0; c < 7; c++) worst[c] = Math.max(worst[c]!, Math.abs(cols[c]![i]! - rows[i]![c]!) / tol[c]!);
        worst[7] = Math.max(worst[7]!, Math.abs(Number(s.samples.extra[0]![i]) - rows[i]![7]!) / 0.5e-6);
      }
      for (const w of worst) expect(w).toBeLessThanOrEqual(1 + 1e-6);
      expect(Math.min(...worst)).toBeGreaterThan(0.5); // the rounding really happened in every column
      expect(s.stats.gaps).toEqual([]);
    }
  });

  it("writes t-less and body-frame sessions the reader accepts", async () => {
    const file = fresh();
    const w = await createSessionWriter(file, { metadata: { sample_rate_hz: 100, acc_unit: "mps2" }, columns: ["acc_is", "acc_ml", "acc_pa"] });
    w.writeRow([9.80665, 0, 0]);
    w.writeRow([9.80665, 0.980665, 0]);
    await w.close();
    const s = await readWholeSession(file);
    expect(s.header.frame).toBe("body");
    expect(s.header.hasTime).toBe(false);
    expect(Array.from(s.samples.t_s)).toEqual([0, 0.01]);
    expect(s.samples.ay_g[1]).toBeCloseTo(0.98067 / 9.80665, 12); // 0.980665 m/s² written with 5 decimals
  });
});

describe("overwrite protection and errors", () => {
  it("refuses to overwrite an existing file unless asked", async () => {
    const file = fresh();
    writeFileSync(file, "precious\n");
    await expect(createSessionWriter(file, { metadata: {}, columns: COLS })).rejects.toThrow(new UserError(`${file} exists; pass --force to overwrite`));
    await expect(createSessionWriter(file, { metadata: {}, columns: COLS })).rejects.toBeInstanceOf(UserError);
    expect(readFileSync(file, "utf8")).toBe("precious\n");
    const w = await createSessionWriter(file, { metadata: {}, columns: COLS, overwrite: true });
    w.writeRow([0, 0, 0, 1, 0, 0, 0]);
    await w.close();
    expect(readFileSync(file, "utf8").startsWith("# format: hipgait-session/1\n")).toBe(true);
  });

  it("reports a missing folder as a UserError", async () => {
    const file = join(dir, "no-such-folder", "x.csv");
    await expect(createSessionWriter(file, { metadata: {}, columns: COLS })).rejects.toThrow(new UserError(`cannot create ${file}: the folder does not exist`));
  });

  it("checks columns, metadata and decimals before creating the file", async () => {
    const file = fresh();
    await expect(createSessionWriter(file, { metadata: {}, columns: ["t", "ax", "az"] })).rejects.toThrow(
      `createSessionWriter(${file}): the columns would not make a readable session: missing required column ay (expected columns t, ax, ay, az and optionally gx, gy, gz)`,
    );
    await expect(createSessionWriter(file, { metadata: {}, columns: ["ax", "ay", "az"] })).rejects.toThrow(/missing column t/);
    await expect(createSessionWriter(file, { metadata: { sample_rate_hz: -1 }, columns: COLS })).rejects.toThrow(
      `createSessionWriter(${file}): metadata sample_rate_hz: expected a positive number, got "-1"`,
    );
    await expect(createSessionWriter(file, { metadata: { format: "hipgait-session/9" }, columns: COLS })).rejects.toThrow(/metadata format/);
    await expect(createSessionWriter(file, { metadata: { "bad key": 1 }, columns: COLS })).rejects.toThrow(/bad metadata key "bad key"/);
    await expect(createSessionWriter(file, { metadata: { notes: "two\nlines" }, columns: COLS })).rejects.toThrow(/line break/);
    await expect(createSessionWriter(file, { metadata: { sensor: "a", Sensor: "b" }, columns: COLS })).rejects.toThrow(/metadata key "Sensor" given twice/);
    await expect(createSessionWriter(file, { metadata: {}, columns: ["t", "ax", "ay", "a,z"] })).rejects.toThrow(/bad column name "a,z"/);
    await expect(createSessionWriter(file, { metadata: {}, columns: COLS, decimals: [6, 5] })).rejects.toThrow(/2 decimals for 7 columns/);
    await expect(createSessionWriter(file, { metadata: {}, columns: COLS, decimals: [6, 5, 5, 5, 3, 3, 16] })).rejects.toThrow(/0\.\.15/);
    expect(existsSync(file)).toBe(false);
  });

  it("rejects rows of the wrong length and non-finite values without writing half a row", async () => {
    const file = fresh();
    const w = await createSessionWriter(file, { metadata: {}, columns: ["t", "ax", "ay", "az"] });
    w.writeRow([0, 0, 0, 1]);
    expect(() => w.writeRow([0, 0, 1])).toThrow(RangeError);
    expect(() => w.writeRow([0.01, 0, Number.NaN, 1])).toThrow("SessionWriter.writeRow: column ay of row 2 is NaN; values must be finite");
    w.writeRow([0.01, 0, 0, 1]);
    await w.close();
    expect(() => w.writeRow([0.02, 0, 0, 1])).toThrow(/closed/);
    expect(readFileSync(file, "utf8")).toBe("# format: hipgait-session/1\nt,ax,ay,az\n0.000000,0.00000,0.00000,1.00000\n0.010000,0.00000,0.00000,1.00000\n");
  });
});
