/** Reader of session format v1: metadata, header, units (declared and inferred), frames, encodings, gaps, blocks. */
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { openSession, readWholeSession, type SampleBlock } from "../../src/session/index.js";
import { lines, signalRows, tempDir, writeTemp } from "./helpers.js";

const dir = tempDir("reader");

function arr(a: Float64Array | null): number[] {
  if (a === null) throw new Error("expected an array");
  return Array.from(a);
}

describe("basic reading", () => {
  const content = lines(
    "# format: hipgait-session/1",
    "# sample_rate_hz: 100",
    "# sensor: LSM6DS3TR-C",
    "# started_at: 2024-05-01T07:30:00Z",
    "# Custom_Key: hello: world",
    "# a free comment without a key",
    "t,ax,ay,az,gx,gy,gz",
    "0.00,0,0,1,100,-50,3",
    "0.01,0.6,0,0.8,-120.5,0,1e2",
    "0.02,0,0.6,-0.8,0,0,0",
  );

  it("parses metadata, header, units and values", async () => {
    const file = writeTemp(dir, content);
    const s = await readWholeSession(file);
    expect(s.header).toEqual({
      file,
      metadata: {
        format: "hipgait-session/1",
        sample_rate_hz: "100",
        sensor: "LSM6DS3TR-C",
        started_at: "2024-05-01T07:30:00Z",
        custom_key: "hello: world",
      },
      format: "hipgait-session/1",
      declaredSampleRate_hz: 100,
      frame: "sensor",
      hasGyro: true,
      hasTime: true,
      units: { time: "s", acc: "g", gyro: "dps" },
      columns: ["t", "ax", "ay", "az", "gx", "gy", "gz"],
      extraColumns: [],
      notes: [
        "time units not declared; assumed seconds (median step 0.0100 between rows, i.e. 100 Hz)",
        "acceleration units not declared; assumed g (median |a| 1.00 over the first 0.02 s)",
        "gyro units not declared; assumed deg/s (max |ω| 157 over the first 0.02 s)",
      ],
      headerLine: 7,
    });
    expect(s.samples.length).toBe(3);
    expect(s.samples.firstLine).toBe(8);
    expect(arr(s.samples.t_s)).toEqual([0, 0.01, 0.02]);
    expect(arr(s.samples.ax_g)).toEqual([0, 0.6, 0]);
    expect(arr(s.samples.ay_g)).toEqual([0, 0, 0.6]);
    expect(arr(s.samples.az_g)).toEqual([1, 0.8, -0.8]);
    expect(arr(s.samples.gx_dps)).toEqual([100, -120.5, 0]);
    expect(arr(s.samples.gy_dps)).toEqual([-50, 0, 0]);
    expect(arr(s.samples.gz_dps)).toEqual([3, 100, 0]);
    expect(s.samples.extra).toEqual([]);
    expect(s.stats).toEqual({
      rows: 3,
      first_s: 0,
      last_s: 0.02,
      duration_s: 0.02,
      sampleRate_hz: s.stats.sampleRate_hz,
      gaps: [],
      droppedTruncatedLine: false,
      commentLines: 0,
    });
    expect(s.stats.sampleRate_hz).toBeCloseTo(100, 9);
    expect(s.warnings).toEqual([]);
  });

  it("reads the same values from CRLF, BOM and gzip variants", async () => {
    const variants = [
      writeTemp(dir, content.replace(/\n/g, "\r\n")),
      writeTemp(dir, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(content)])),
      writeTemp(dir, content, "s.csv.gz"),
      writeTemp(dir, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(content.replace(/\n/g, "\r\n"))]), "s.csv.gz"),
    ];
    for (const file of variants) {
      const s = await readWholeSession(file);
      expect(s.header.columns).toEqual(["t", "ax", "ay", "az", "gx", "gy", "gz"]);
      expect(s.header.metadata["format"]).toBe("hipgait-session/1");
      expect(arr(s.samples.t_s)).toEqual([0, 0.01, 0.02]);
      expect(arr(s.samples.gz_dps)).toEqual([3, 100, 0]);
      expect(s.warnings).toEqual([]);
    }
  });

  it("ignores blank lines, counts comment lines after the header and keeps a final line without newline", async () => {
    const file = writeTemp(
      dir,
      ["t,ax,ay,az", "", "0.00,0,0,1", "# a comment", "  ", "0.01,0,0,1", "#another", "0.02,0,0,1.5", "", ""].join("\n") + "0.03,0,0,1",
    );
    const s = await readWholeSession(file);
    expect(arr(s.samples.t_s)).toEqual([0, 0.01, 0.02, 0.03]);
    expect(arr(s.samples.az_g)).toEqual([1, 1, 1.5, 1]);
    expect(s.stats.commentLines).toBe(2);
    expect(s.stats.droppedTruncatedLine).toBe(false);
    expect(s.header.hasGyro).toBe(false);
    expect(s.header.units.gyro).toBeNull();
    expect(s.samples.gx_dps).toBeNull();
    expect(s.warnings).toEqual([]);
  });

  it("accepts spaces around fields, quoted numbers, exponents and signs", async () => {
    const file = writeTemp(dir, lines(" t , ax ,ay,az", "0 , 1.5e-1 ,\"-0.25\",+1", "1E-2,-.5,.5,1."));
    const s = await readWholeSession(file);
    expect(arr(s.samples.t_s)).toEqual([0, 0.01]);
    expect(arr(s.samples.ax_g)).toEqual([0.15, -0.5]);
    expect(arr(s.samples.ay_g)).toEqual([-0.25, 0.5]);
    expect(arr(s.samples.az_g)).toEqual([1, 1]);
  });
});

describe("truncated last line", () => {
  const head = ["t,ax,ay,az,gx,gy,gz", "0.00,0,0,1,50,0,0", "0.01,0,0,1,50,0,0"];

  it("drops a last line with too few fields, with a warning naming file and line", async () => {
    const file = writeTemp(dir, `${head.join("\n")}\n0.02,0,0`);
    const s = await readWholeSession(file);
    expect(s.samples.length).toBe(2);
    expect(s.stats.droppedTruncatedLine).toBe(true);
    expect(s.warnings).toEqual([`${file}:4: last line is truncated (expected 7 fields, got 3); dropped it`]);
  });

  it("drops a last line with an unparsable number", async () => {
    const file = writeTemp(dir, `${head.join("\n")}\n0.02,0,0,1,50,0,1e`);
    const s = await readWholeSession(file);
    expect(s.samples.length).toBe(2);
    expect(s.warnings).toEqual([`${file}:4: last line is truncated (column gz: expected a number, got "1e"); dropped it`]);
  });

  it("keeps a last line without newline that parses", async () => {
    const file = writeTemp(dir, `${head.join("\n")}\n0.02,0,0,1,50,0,7`);
    const s = await readWholeSession(file);
    expect(s.samples.length).toBe(3);
    expect(arr(s.samples.gz_dps)).toEqual([0, 0, 7]);
    expect(s.stats.droppedTruncatedLine).toBe(false);
    expect(s.warnings).toEqual([]);
  });

  it("drops a truncated last line of a gzip file too", async () => {
    const file = writeTemp(dir, `${head.join("\n")}\n0.02,0,0,1,5`, "s.csv.gz");
    const s = await readWholeSession(file);
    expect(s.samples.length).toBe(2);
    expect(s.warnings).toEqual([`${file}:4: last line is truncated (expected 7 fields, got 5); dropped it`]);
  });
});

describe("gzip edge cases", () => {
  const rows = Array.from({ length: 20000 }, (_, i) => `${(i / 100).toFixed(2)},0.1,0.2,${(1 + 0.1 * Math.sin(i)).toFixed(5)}`);

  it("reads what there is of a truncated .gz file and drops the cut-off line", async () => {
    const gz = gzipSync(lines("t,ax,ay,az", ...rows));
    const file = writeTemp(dir, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const s = await readWholeSession(file);
    const n = s.samples.length;
    expect(n).toBeGreaterThan(5000);
    expect(n).toBeLessThan(20000);
    expect(s.samples.t_s[n - 1]).toBe(Number(rows[n - 1]!.split(",")[0]));
    expect(s.samples.az_g[n - 1]).toBe(Number(rows[n - 1]!.split(",")[3]));
    expect(s.stats.droppedTruncatedLine).toBe(true);
    expect(s.warnings).toEqual([
      `${file}: the compressed data ends early (truncated .gz file?); read what was there`,
      `${file}:${n + 2}: last line is cut off where the compressed data ends; dropped it`,
    ]);
  });

  it("reads concatenated gzip members as one file", async () => {
    const half = 10000;
    const file = writeTemp(dir, Buffer.concat([gzipSync(lines("t,ax,ay,az", ...rows.slice(0, half))), gzipSync(lines(...rows.slice(half)))]));
    const s = await readWholeSession(file);
    expect(s.samples.length).toBe(20000);
    expect(s.samples.az_g[half]).toBe(Number(rows[half]!.split(",")[3]));
    expect(s.warnings).toEqual([]);
  });
});

describe("declared units", () => {
  const cases: Array<{ header: string; row: string; t: number; a: number; g: number | null; units: object }> = [
    { header: "t_s,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps", row: "1.5,0.5,0,1,90,0,0", t: 1.5, a: 0.5, g: 90, units: { time: "s", acc: "g", gyro: "dps" } },
    { header: "t_ms,ax_mg,ay_mg,az_mg,gx_degs,gy_degs,gz_degs", row: "1500,500,0,1000,90,0,0", t: 1.5, a: 0.5, g: 90, units: { time: "ms", acc: "mg", gyro: "dps" } },
    { header: "t_us,ax_mps2,ay_mps2,az_mps2,gx_rads,gy_rads,gz_rads", row: "1500000,4.903325,0,9.80665,3.14159265358979,0,0", t: 1.5, a: 0.5, g: 180, units: { time: "us", acc: "mps2", gyro: "rads" } },
    { header: "t_s,ax_ms2,ay_ms2,az_ms2,gx_radps,gy_radps,gz_radps", row: "1.5,4.903325,0,9.80665,1.5707963267949,0,0", t: 1.5, a: 0.5, g: 90, units: { time: "s", acc: "mps2", gyro: "rads" } },
    { header: "T_MS,AX_MG,Ay_Mg,aZ_mG", row: "1500,500,0,1000", t: 1.5, a: 0.5, g: null, units: { time: "ms", acc: "mg", gyro: null } },
  ];
  for (const c of cases) {
    it(`converts ${c.header}`, async () => {
      const file = writeTemp(dir, lines(c.header, c.row));
      const s = await readWholeSession(file);
      expect(s.header.units).toEqual(c.units);
      expect(s.header.notes).toEqual([]);
      expect(s.samples.t_s[0]).toBeCloseTo(c.t, 12);
      expect(s.samples.ax_g[0]).toBeCloseTo(c.a, 12);
      expect(s.samples.az_g[0]).toBeCloseTo(1, 12);
      if (c.g === null) expect(s.samples.gx_dps).toBeNull();
      else expect(s.samples.gx_dps?.[0]).toBeCloseTo(c.g, 9);
    });
  }

  it("takes units from acc_unit, gyro_unit and time_unit metadata", async () => {
    const file = writeTemp(dir, lines("# acc_unit: m/s^2", "# gyro_unit: rad/s", "# time_unit: ms", "t,ax,ay,az,gx,gy,gz", "10,9.80665,0,0,1,0,0", "20,0,0,9.80665,0,0,2"));
    const s = await readWholeSession(file);
    expect(s.header.units).toEqual({ time: "ms", acc: "mps2", gyro: "rads" });
    expect(s.header.notes).toEqual([]);
    expect(arr(s.samples.t_s)).toEqual([0.01, 0.02]);
    expect(s.samples.ax_g[0]).toBeCloseTo(1, 12);
    expect(s.samples.gz_dps?.[1]).toBeCloseTo(114.59155902616465, 9);
  });

  it("lets a suffix on one axis declare the unit of the other axes", async () => {
    const file = writeTemp(dir, lines("t,ax_mg,ay,az", "0,0,500,1000", "0.01,0,0,1000"));
    const s = await readWholeSession(file);
    expect(s.header.units.acc).toBe("mg");
    expect(arr(s.samples.ay_g)).toEqual([0.5, 0]);
  });
});

describe("unit inference", () => {
  it("infers milliseconds and microseconds from the median step", async () => {
    const ms = writeTemp(dir, lines("t,ax,ay,az", "1000,0,0,1", "1005,0,0,1", "1010,0,0,1", "1015,0,0,1"));
    const a = await readWholeSession(ms);
    expect(a.header.units.time).toBe("ms");
    expect(a.header.notes[0]).toBe("time units not declared; assumed milliseconds (median step 5.00 between rows, i.e. 200 Hz)");
    expect(arr(a.samples.t_s)).toEqual([1, 1.005, 1.01, 1.015]);

    const us = writeTemp(dir, lines("t,ax,ay,az", "0,0,0,1", "2500,0,0,1", "5000,0,0,1"));
    const b = await readWholeSession(us);
    expect(b.header.units.time).toBe("us");
    expect(b.header.notes[0]).toBe("time units not declared; assumed microseconds (median step 2500 between rows, i.e. 400 Hz)");
    expect(arr(b.samples.t_s)).toEqual([0, 0.0025, 0.005]);
  });

  it("infers m/s² and mg from the median norm", async () => {
    const mps2 = writeTemp(dir, lines("t,ax,ay,az", "0,0,0,9.81", "0.01,0,0,9.79", "0.02,0,0,9.83"));
    const a = await readWholeSession(mps2);
    expect(a.header.units.acc).toBe("mps2");
    expect(a.header.notes[1]).toBe("acceleration units not declared; assumed m/s² (median |a| 9.81 over the first 0.02 s)");
    expect(a.samples.az_g[0]).toBeCloseTo(9.81 / 9.80665, 12);

    const mg = writeTemp(dir, lines("t,ax,ay,az", "0,0,0,1003", "0.01,0,0,990", "0.02,0,0,1010"));
    const b = await readWholeSession(mg);
    expect(b.header.units.acc).toBe("mg");
    expect(b.header.notes[1]).toBe("acceleration units not declared; assumed mg (median |a| 1003 over the first 0.02 s)");
    expect(arr(b.samples.az_g)).toEqual([1.003, 0.99, 1.01]);
  });

  it("assumes rad/s for small rates while the accelerometer shows motion", async () => {
    // |a| alternates 0.4 g and 1.6 g (std 0.6 g); |ω| at most 5.
    const rows = Array.from({ length: 200 }, (_, i) => `${(i / 100).toFixed(2)},0,0,${i % 2 === 0 ? 0.4 : 1.6},${(5 * Math.sin(i / 10)).toFixed(4)},0,0`);
    const file = writeTemp(dir, lines("t,ax,ay,az,gx,gy,gz", ...rows));
    const s = await readWholeSession(file);
    expect(s.header.units.gyro).toBe("rads");
    expect(s.header.notes[2]).toBe("gyro units not declared; assumed rad/s (max |ω| 5.00 while the accelerometer shows motion, std |a| 0.60 g, over the first 2 s)");
    expect(s.samples.gx_dps?.[10]).toBeCloseTo(5 * Math.sin(1) * (180 / Math.PI), 2);
  });

  it("assumes deg/s for small rates when the accelerometer is quiet, and says it is unsure", async () => {
    const rows = Array.from({ length: 100 }, (_, i) => `${(i / 100).toFixed(2)},0,0,1,${(5 * Math.sin(i / 10)).toFixed(4)},0,0`);
    const s = await readWholeSession(writeTemp(dir, lines("t,ax,ay,az,gx,gy,gz", ...rows)));
    expect(s.header.units.gyro).toBe("dps");
    expect(s.header.notes[2]).toBe(
      "gyro units not declared; assumed deg/s (max |ω| 5.00 over the first 0.99 s; too little motion to be sure, declare gyro_unit if this is wrong)",
    );
    expect(s.samples.gx_dps?.[10]).toBe(4.2074);
  });

  it("assumes deg/s for moderate rates with motion, and for rates above 40", async () => {
    const moderate = Array.from({ length: 100 }, (_, i) => `${(i / 100).toFixed(2)},0,0,${i % 2 === 0 ? 0.4 : 1.6},20,0,0`);
    const a = await readWholeSession(writeTemp(dir, lines("t,ax,ay,az,gx,gy,gz", ...moderate)));
    expect(a.header.units.gyro).toBe("dps");
    expect(a.header.notes[2]).toBe("gyro units not declared; assumed deg/s (max |ω| 20.0 over the first 0.99 s)");

    const fast = writeTemp(dir, lines("t,ax,ay,az,gx,gy,gz", ...signalRows(2000, 100, 300)));
    const b = await readWholeSession(fast);
    expect(b.header.units.gyro).toBe("dps");
    expect(b.header.notes[2]).toMatch(/^gyro units not declared; assumed deg\/s \(max \|ω\| 3\d\d over the first 10 s\)$/);
  });

  it("infers from the first 10 s only", async () => {
    // 20 s at 100 Hz: small rates with motion for the first 10 s (rad/s), large ones afterwards.
    const rows = Array.from({ length: 2000 }, (_, i) => {
      const t = i / 100;
      return `${t.toFixed(2)},0,0,${i % 2 === 0 ? 0.6 : 1.4},${t <= 10 ? 3 : 300},0,0`;
    });
    const s = await readWholeSession(writeTemp(dir, lines("t,ax,ay,az,gx,gy,gz", ...rows)));
    expect(s.header.units.gyro).toBe("rads");
    expect(s.header.notes[2]).toContain("over the first 10 s");
    expect(s.samples.gx_dps?.[1500]).toBeCloseTo(300 * (180 / Math.PI), 9);
  });

  it("infers from at most 4000 rows", async () => {
    // 1000 Hz: the look-ahead ends at 4000 rows, i.e. 4 s, before the 10 s window.
    const rows = Array.from({ length: 6000 }, (_, i) => `${(i / 1000).toFixed(3)},0,0,1,${i < 4000 ? 5 : 50},0,0`);
    const s = await readWholeSession(writeTemp(dir, lines("t,ax,ay,az,gx,gy,gz", ...rows)));
    expect(s.header.notes[2]).toBe(
      "gyro units not declared; assumed deg/s (max |ω| 5.00 over the first 4 s; too little motion to be sure, declare gyro_unit if this is wrong)",
    );
    expect(s.samples.length).toBe(6000);
  });
});

describe("frames, optional columns and extra columns", () => {
  it("reads body-frame columns into ax/ay/az = is/ml/pa", async () => {
    const file = writeTemp(dir, lines("t,acc_is_mps2,acc_ml_mps2,acc_pa_mps2,gyr_is_dps,gyr_ml_dps,gyr_pa_dps", "0,9.80665,0.980665,-1.96133,10,20,30"));
    const s = await readWholeSession(file);
    expect(s.header.frame).toBe("body");
    expect(s.header.units).toEqual({ time: "s", acc: "mps2", gyro: "dps" });
    expect(s.samples.ax_g[0]).toBeCloseTo(1, 12);
    expect(s.samples.ay_g[0]).toBeCloseTo(0.1, 12);
    expect(s.samples.az_g[0]).toBeCloseTo(-0.2, 12);
    expect([s.samples.gx_dps?.[0], s.samples.gy_dps?.[0], s.samples.gz_dps?.[0]]).toEqual([10, 20, 30]);
  });

  it("reads body-frame columns without gyro or suffixes", async () => {
    const s = await readWholeSession(writeTemp(dir, lines("ACC_PA,acc_ml,acc_is,t", "0.1,0.2,0.9,0", "0.1,0.2,1.1,0.01")));
    expect(s.header.frame).toBe("body");
    expect(s.header.hasGyro).toBe(false);
    expect(arr(s.samples.ax_g)).toEqual([0.9, 1.1]);
    expect(arr(s.samples.az_g)).toEqual([0.1, 0.1]);
  });

  it("synthesises t from sample_rate_hz when there is no time column", async () => {
    const s = await readWholeSession(writeTemp(dir, lines("# sample_rate_hz: 50", "ax,ay,az", "0,0,1", "0,0,1", "0,0,1", "0,0,1")));
    expect(s.header.hasTime).toBe(false);
    expect(s.header.units.time).toBe("s");
    expect(s.header.notes[0]).toBe("no time column; t = sample index / 50 Hz (from sample_rate_hz)");
    expect(arr(s.samples.t_s)).toEqual([0, 0.02, 0.04, 0.06]);
    expect(s.stats.sampleRate_hz).toBe(50);
    expect(s.stats.duration_s).toBeCloseTo(0.06, 12);
  });

  it("carries extra columns through as text, including quoted fields", async () => {
    const file = writeTemp(dir, lines('t,ax,temp_c,ay,az,label,ax_raw', '0,0,31.5,0,1,"left, stance",12', '0.01,0,,0,1,"say ""hi""",13'));
    const s = await readWholeSession(file);
    expect(s.header.extraColumns).toEqual(["temp_c", "label", "ax_raw"]);
    expect(s.header.columns).toEqual(["t", "ax", "temp_c", "ay", "az", "label", "ax_raw"]);
    expect(s.samples.extra).toEqual([
      ["31.5", ""],
      ["left, stance", 'say "hi"'],
      ["12", "13"],
    ]);
    expect(arr(s.samples.az_g)).toEqual([1, 1]);
  });
});

describe("gaps and rate", () => {
  it("reports steps longer than 2.5 median periods as gaps", async () => {
    // Median step 0.01 s, so the threshold is 0.025 s: 0.03 is a gap, 0.02 is not.
    const t = [0, 0.01, 0.02, 0.03, 0.04, 0.06, 0.07, 0.1, 0.11, 0.12, 0.5, 0.51];
    const s = await readWholeSession(writeTemp(dir, lines("t,ax,ay,az", ...t.map((x) => `${x},0,0,1`))));
    expect(s.stats.gaps).toEqual([
      [0.07, 0.1],
      [0.12, 0.5],
    ]);
    // The rate estimate leaves gaps out: 9 steps totalling 0.1 s.
    expect(s.stats.sampleRate_hz).toBeCloseTo(90, 6);
    expect(s.stats.duration_s).toBeCloseTo(0.51, 12);
  });

  it("judges gaps against sample_rate_hz when the time column agrees with it", async () => {
    // declared 100 Hz (threshold 25 ms) while the rows step at 95 Hz: within 10 %, so 0.03 s is a gap
    const t = [0, 0.0105, 0.021, 0.0315, 0.042, 0.072, 0.0825];
    const file = writeTemp(dir, lines("# sample_rate_hz: 100", "t,ax,ay,az", ...t.map((x) => `${x},0,0,1`)));
    const s = await readWholeSession(file);
    expect(s.stats.gaps).toEqual([[0.042, 0.072]]);
    expect(s.warnings).toEqual([]);
  });

  it("judges gaps against the time column, with a warning, when sample_rate_hz disagrees with it by over 10 %", async () => {
    // declared 400 Hz but the rows step at 100 Hz: every step would be a gap against the declared rate
    const t = [0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.1, 0.11];
    const file = writeTemp(dir, lines("# sample_rate_hz: 400", "t,ax,ay,az", ...t.map((x) => `${x},0,0,1`)));
    const s = await readWholeSession(file);
    expect(s.stats.gaps).toEqual([[0.05, 0.1]]);
    expect(s.warnings).toEqual([`${file}: metadata sample_rate_hz is 400 Hz but the time column steps at 100 Hz (median step 0.0100 s); using the time column's 100 Hz`]);
  });

  it("finds gaps across block boundaries", async () => {
    const rows = signalRows(10000, 200).filter((_, i) => i < 5000 || i >= 5100);
    const file = writeTemp(dir, lines("t,ax,ay,az,gx,gy,gz", ...rows));
    const reader = await openSession(file, { blockSize: 333 });
    let n = 0;
    for await (const b of reader) n += b.length;
    expect(n).toBe(9900);
    const st = reader.stats();
    expect(st.gaps).toEqual([[4999 / 200, 5100 / 200]]);
    expect(st.sampleRate_hz).toBeCloseTo(200, 6);
  });
});

describe("blocks", () => {
  async function collect(file: string, blockSize: number): Promise<SampleBlock[]> {
    const reader = await openSession(file, { blockSize });
    const out: SampleBlock[] = [];
    for await (const b of reader) out.push(b);
    return out;
  }

  it("gives identical data for block sizes 7 and 4096", async () => {
    const rows = signalRows(9000, 250).map((r, i) => `${r},note${i}`);
    const withComments = rows.flatMap((r, i) => (i % 1000 === 999 ? [r, "# marker"] : [r]));
    const file = writeTemp(dir, lines("# sample_rate_hz: 250", "t,ax,ay,az,gx,gy,gz,note", ...withComments));
    const small = await collect(file, 7);
    const large = await collect(file, 4096);
    expect(small.length).toBe(Math.ceil(9000 / 7));
    expect(large.map((b) => b.length)).toEqual([4096, 4096, 808]);
    expect(small.slice(0, -1).every((b) => b.length === 7)).toBe(true);
    const flat = (blocks: SampleBlock[], key: "t_s" | "ax_g" | "ay_g" | "az_g" | "gx_dps" | "gy_dps" | "gz_dps"): number[] =>
      blocks.flatMap((b) => Array.from(b[key] ?? []));
    for (const key of ["t_s", "ax_g", "ay_g", "az_g", "gx_dps", "gy_dps", "gz_dps"] as const) {
      expect(flat(small, key)).toEqual(flat(large, key));
    }
    expect(small.flatMap((b) => b.extra[0] ?? [])).toEqual(large.flatMap((b) => b.extra[0] ?? []));
    expect(large[1]?.firstLine).toBe(3 + 4096 + 4); // header on line 2, four "# marker" lines before row 4096
    expect(small[1]?.firstLine).toBe(10);
    expect(flat(large, "t_s")[8999]).toBeCloseTo(8999 / 250, 9);
    expect(large[2]?.extra[0]?.[807]).toBe("note8999");
  });

  it("streams gzip files across many chunks", async () => {
    const rows = signalRows(30000, 400);
    const content = lines("t,ax,ay,az,gx,gy,gz", ...rows);
    const plain = await readWholeSession(writeTemp(dir, content));
    const gz = await readWholeSession(writeTemp(dir, content, "s.csv.gz"));
    expect(gz.samples.length).toBe(30000);
    expect(Array.from(gz.samples.gy_dps ?? [])).toEqual(Array.from(plain.samples.gy_dps ?? []));
    expect(gz.samples.gy_dps?.[29999]).toBe(Number(rows[29999]?.split(",")[5]));
  });

  it("can stop early: break out of the loop, or close without iterating", async () => {
    const file = writeTemp(dir, lines("t,ax,ay,az,gx,gy,gz", ...signalRows(50000, 200)));
    const reader = await openSession(file, { blockSize: 100 });
    let blocks = 0;
    for await (const b of reader) {
      expect(b.length).toBe(100);
      if (++blocks === 3) break;
    }
    expect(reader.stats().rows).toBeGreaterThanOrEqual(300);
    const unread = await openSession(file);
    expect(unread.header.hasGyro).toBe(true);
    unread.close();
    unread.close();
  });

  it("can be iterated once only", async () => {
    const reader = await openSession(writeTemp(dir, lines("t,ax,ay,az", "0,0,0,1")));
    for await (const b of reader) expect(b.length).toBe(1);
    await expect(async () => {
      for await (const b of reader) void b;
    }).rejects.toThrow("a SessionReader can be iterated only once");
  });
});
