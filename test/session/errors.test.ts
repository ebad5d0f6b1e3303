/** Every reader error: one line `file:line: reason`, as InputError, saying what was expected. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { openSession, readWholeSession } from "../../src/session/index.js";
import { lines, signalRows, tempDir, writeTemp } from "./helpers.js";

const dir = tempDir("errors");

/** Reads the file and returns the InputError it fails with. */
async function failure(file: string): Promise<InputError> {
  try {
    await readWholeSession(file);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error(`reading ${file} did not fail`);
}

async function expectError(content: string, line: number | null, reason: string, name = "s.csv"): Promise<void> {
  const file = writeTemp(dir, content, name);
  const e = await failure(file);
  expect({ file: e.file, line: e.line, reason: e.reason }).toEqual({ file, line, reason });
  expect(e.message).toBe(line === null ? `${file}: ${reason}` : `${file}:${line}: ${reason}`);
  expect(e.message).not.toContain("\n");
}

describe("file-level errors", () => {
  it("missing file", async () => {
    const file = join(dir, "does-not-exist.csv");
    const e = await failure(file);
    expect(e.message).toBe(`${file}: file not found`);
  });

  it("directory", async () => {
    const sub = join(dir, "a-folder.csv");
    mkdirSync(sub);
    expect((await failure(sub)).message).toBe(`${sub}: is a directory, not a session file`);
  });

  it("empty file", async () => {
    await expectError("", null, 'empty file; expected optional "# key: value" metadata lines, a header row such as t,ax,ay,az,gx,gy,gz and data rows');
  });

  it("metadata but no header", async () => {
    await expectError(lines("# sample_rate_hz: 100", ""), null, "no header row; expected a line such as t,ax,ay,az,gx,gy,gz after the metadata");
  });

  it("data where the header should be", async () => {
    await expectError(lines("# sample_rate_hz: 100", "0,0,0,1", "0.01,0,0,1"), 2, "expected a header row such as t,ax,ay,az,gx,gy,gz but this line holds only numbers");
  });

  it("no data rows", async () => {
    await expectError(lines("# format: hipgait-session/1", "t,ax,ay,az", "# only a comment", ""), 2, "no data rows after the header");
    await expectError("t,ax,ay,az", 1, "no data rows after the header");
  });

  it("a line longer than 1 MB", async () => {
    await expectError(`t,ax,ay,az\n0,0,0,1\n${"9".repeat(3 << 20)}`, null, "found a line longer than 1 MB; is this a CSV session file?");
  });

  it("a gzip file that is not gzip inside", async () => {
    const file = join(dir, "broken.csv.gz");
    writeFileSync(file, Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from("definitely not deflate data, just text\n")]));
    const e = await failure(file);
    expect(e.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not a valid gzip file \\(.+\\)$`));
  });
});

describe("metadata errors (validated with zod)", () => {
  it("sample_rate_hz must be a positive number", async () => {
    await expectError(lines("# format: hipgait-session/1", "# sample_rate_hz: -5", "t,ax,ay,az", "0,0,0,1"), 2, 'metadata sample_rate_hz: expected a positive number, got "-5"');
    await expectError(lines("# sample_rate_hz: fast", "t,ax,ay,az", "0,0,0,1"), 1, 'metadata sample_rate_hz: expected a positive number, got "fast"');
  });

  it("format must be hipgait-session/1", async () => {
    await expectError(lines("# format: hipgait-session/2", "t,ax,ay,az", "0,0,0,1"), 1, 'metadata format: expected "hipgait-session/1" (this version of hipgait reads format v1 only)');
  });

  it("started_at must be ISO 8601", async () => {
    await expectError(lines("# started_at: yesterday at noon", "t,ax,ay,az", "0,0,0,1"), 1, "metadata started_at: expected an ISO 8601 date or date-time such as 2024-05-01T07:30:00Z");
  });

  it("unit keys must name a known unit", async () => {
    await expectError(lines("# runner: A", "# acc_unit: furlongs", "t,ax,ay,az", "0,0,0,1"), 2, 'metadata acc_unit: expected one of g, mg, mps2, ms2, got "furlongs"');
    await expectError(lines("# gyro_unit: rpm", "t,ax,ay,az", "0,0,0,1"), 1, 'metadata gyro_unit: expected one of dps, degs, rads, radps, got "rpm"');
    await expectError(lines("# time_unit: min", "t,ax,ay,az", "0,0,0,1"), 1, 'metadata time_unit: expected one of s, ms, us, got "min"');
  });

  it("a key given twice", async () => {
    await expectError(lines("# sensor: a", "# Sensor: b", "t,ax,ay,az", "0,0,0,1"), 2, 'metadata key "sensor" given twice (lines 1 and 2)');
  });
});

describe("header errors", () => {
  it("missing required column", async () => {
    await expectError(lines("t,ax,az", "0,0,1"), 1, "missing required column ay (expected columns t, ax, ay, az and optionally gx, gy, gz)");
    await expectError(lines("time,x,y,z", "0,0,0,1"), 1, "missing required columns ax, ay, az (expected columns t, ax, ay, az and optionally gx, gy, gz)");
    await expectError(lines("t,acc_is,acc_pa", "0,1,0"), 1, "missing required column acc_ml (expected columns t, acc_is, acc_ml, acc_pa and optionally gyr_is, gyr_ml, gyr_pa)");
  });

  it("names an unknown unit suffix in the missing-column message", async () => {
    await expectError(
      lines("t,ax,ay_furlongs,az", "0,0,0,1"),
      1,
      'missing required column ay (expected columns t, ax, ay, az and optionally gx, gy, gz); column "ay_furlongs" has an unknown unit suffix "_furlongs" (accepted: _g, _mg, _mps2, _ms2)',
    );
  });

  it("missing t without sample_rate_hz", async () => {
    await expectError(lines("ax,ay,az", "0,0,1"), 1, 'missing column t (needed unless the metadata gives the rate as "# sample_rate_hz: <Hz>")');
  });

  it("duplicate column", async () => {
    await expectError(lines("# sensor: x", "t,ax,ay,az,AX", "0,0,0,1,0"), 2, 'duplicate column "AX" (columns 2 and 5)');
    await expectError(lines("t,ax,ay,az,ax_mg", "0,0,0,1,0"), 1, 'duplicate column: "ax" (column 2) and "ax_mg" (column 5) are both ax');
  });

  it("incomplete gyroscope triple", async () => {
    await expectError(lines("t,ax,ay,az,gx,gy", "0,0,0,1,0,0"), 1, "gyroscope columns come as all three or none: found gx, gy but not gz");
  });

  it("mixed sensor and body frames", async () => {
    await expectError(
      lines("t,ax,ay,az,gyr_is,gyr_ml,gyr_pa", "0,0,0,1,0,0,0"),
      1,
      "header mixes sensor-frame columns (ax, ay, az) and body-frame columns (gyr_is, gyr_ml, gyr_pa); use one frame",
    );
  });

  it("conflicting unit declarations", async () => {
    await expectError(lines("t,ax_g,ay_mg,az", "0,0,0,1"), 1, "acceleration columns declare different units (ax_g, ay_mg); use one unit for all of them");
    await expectError(lines("# acc_unit: g", "t,ax_mg,ay,az", "0,0,0,1000"), 2, "column ax_mg declares mg but metadata acc_unit says g");
  });
});

describe("row errors", () => {
  const header = "t,ax,ay,az,gx,gy,gz";

  it("wrong field count", async () => {
    await expectError(lines(header, "0.00,0,0,1,0,0,0", "0.01,0,0,1,0", "0.02,0,0,1,0,0,0"), 3, "expected 7 fields, got 5");
    await expectError(lines(header, "0.00,0,0,1,0,0,0", "0.01,0,0,1,0,0,0,9"), 3, "expected 7 fields, got 8");
  });

  it("non-numeric value", async () => {
    await expectError(lines(header, "0.00,0,0,1,0,0,0", "0.01,0,abc,1,0,0,0"), 3, 'column ay: expected a number, got "abc"');
    await expectError(lines(header, "0.00,0,0,1,0,0,0", "0.01,0,0,1,0,0,0x1F"), 3, 'column gz: expected a number, got "0x1F"');
  });

  it("NaN, infinities and empty cells", async () => {
    await expectError(lines(header, "0.00,0,NaN,1,0,0,0"), 2, 'column ay: expected a number, got "NaN"');
    await expectError(lines(header, "0.00,0,0,1,0,-Infinity,0"), 2, 'column gy: expected a number, got "-Infinity"');
    await expectError(lines(header, "0.00,0,0,1,0,0,0", "0.01,0,,1,0,0,0"), 3, "column ay: expected a number, got an empty field");
    await expectError(lines(header, "0.00,0,0,1e999,0,0,0"), 2, 'column az: expected a number, got "1e999"');
  });

  it("time not strictly increasing", async () => {
    await expectError(
      lines("t,ax,ay,az", "12.30,0,0,1", "12.31,0,0,1", "12.32,0,0,1", "12.33,0,0,1", "12.34,0,0,1", "12.335,0,0,1", "12.35,0,0,1"),
      7,
      "t went from 12.340 to 12.335 s; expected strictly increasing time",
    );
    await expectError(lines("t_ms,ax,ay,az", "1000,0,0,1", "1010,0,0,1", "1010,0,0,1"), 4, "t went from 1.010 to 1.010 s; expected strictly increasing time");
    // Enough decimals to tell the two times apart.
    await expectError(lines("t_s,ax,ay,az", "5.0001,0,0,1", "5.0002,0,0,1", "5.00015,0,0,1"), 4, "t went from 5.0002 to 5.0001 s; expected strictly increasing time");
    await expectError(lines("t_s,ax,ay,az", "7.000001,0,0,1", "7.0000012,0,0,1", "7.0000011,0,0,1"), 4, "t went from 7.0000012 to 7.0000011 s; expected strictly increasing time");
  });

  it("cannot infer the time unit", async () => {
    await expectError(
      lines("t,ax,ay,az", "0,0,0,1", "150,0,0,1", "300,0,0,1"),
      null,
      'cannot infer the time unit: the median step between rows is 150, not a plausible sample period (10 Hz to 5 kHz) in s, ms or us; declare it with a column named t_s, t_ms or t_us, or "# time_unit: s|ms|us"',
    );
  });

  it("cannot infer the acceleration unit", async () => {
    await expectError(
      lines("t,ax,ay,az", "0,0,0,3.1", "0.01,0,0,3.1", "0.02,0,0,3.2"),
      null,
      'cannot infer the acceleration unit: the median |a| over the first 0.02 s is 3.10, not near 1 (g), 9.81 (m/s²) or 1000 (mg); declare it with a column suffix (_g, _mg, _mps2) or "# acc_unit: g|mg|mps2"',
    );
  });

  it("reports a bad row after the look-ahead during iteration, with its line", async () => {
    const rows = signalRows(9000, 200);
    rows[8000] = rows[8000]!.replace(/,[^,]*$/, ",oops");
    const file = writeTemp(dir, lines("t,ax,ay,az,gx,gy,gz", ...rows));
    const reader = await openSession(file, { blockSize: 1000 });
    let seen = 0;
    await expect(async () => {
      for await (const b of reader) seen += b.length;
    }).rejects.toThrow(new InputError(file, 8002, 'column gz: expected a number, got "oops"'));
    expect(seen).toBe(8000);
  });

  it("reports time going backwards in a later block", async () => {
    const rows = signalRows(6000, 100);
    rows[5000] = rows[5000]!.replace(/^[^,]*/, "49.985");
    const file = writeTemp(dir, lines("t,ax,ay,az,gx,gy,gz", ...rows));
    const reader = await openSession(file);
    await expect(async () => {
      for await (const b of reader) void b;
    }).rejects.toThrow(`${file}:5002: t went from 49.990 to 49.985 s; expected strictly increasing time`);
  });
});

describe("bad options", () => {
  it("rejects a non-positive block size", async () => {
    const file = writeTemp(dir, lines("t,ax,ay,az", "0,0,0,1"));
    await expect(openSession(file, { blockSize: 0 })).rejects.toThrow(RangeError);
  });
});
