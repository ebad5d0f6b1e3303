/**
 * The inputs the fuzz suites (and the review around them) found to crash, hang or return non-finite samples, each
 * kept as a plain test of the behaviour that replaced it: a UserError naming the file (and line), a documented codec
 * error, or a correct result.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import yazl from "yazl";
import { InputError, UserError } from "../../src/core/errors.js";
import { openInput } from "../../src/importers/index.js";
import { mergeStreams, type RawBlock, type RawStream } from "../../src/importers/merge.js";
import { decodeGspNotification, GSP_NOTIFY_UUID, GSP_WRITE_UUID, GspError } from "../../src/ingest/movesense.js";
import { MovesenseClient } from "../../src/ingest/movesense-client.js";
import { decodeDataFrame, decodeSetConfigResponse, encodeDataFrame, encodeSetConfigResponse, PGI_TYPE, PgiError } from "../../src/ingest/pgi.js";
import { PgiStream, type StreamBlock } from "../../src/ingest/pgi-stream.js";
import { pmdFactor } from "../../src/ingest/polar-client.js";
import { decodePmdFrame, PmdError } from "../../src/ingest/polar-pmd.js";
import { openSession, readWholeSession } from "../../src/session/index.js";
import { expectUserError, fuzzDir, withinLimit } from "./helpers.js";

const FIX = fileURLToPath(new URL("../fixtures/importers/", import.meta.url));
const dir = fuzzDir("regress");
let counter = 0;

/** A copy of a golden export folder, with `edit` applied to its files; returns the copy's path. */
function goldenCopy(name: string, edit: (root: string) => void): string {
  const root = join(dir, `${counter++}-${name.replace(/\//g, "-")}`);
  cpSync(join(FIX, name), root, { recursive: true });
  edit(root);
  return root;
}

function editLine(file: string, line: number, f: (l: string) => string): void {
  const lines = readFileSync(file, "utf8").split("\n");
  lines[line] = f(lines[line]!);
  writeFileSync(file, lines.join("\n"));
}

async function readAll(path: string, opts: Parameters<typeof openInput>[1] = {}): Promise<StreamBlock[]> {
  const r = await openInput(path, opts);
  const out: StreamBlock[] = [];
  for await (const b of r) out.push({ ...b, t_s: b.t_s.slice(), ax_g: b.ax_g.slice() });
  return out;
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

describe("fuzz regressions: session reader", () => {
  it("a cell holding a carriage return or NUL gives a one-line message with them escaped", async () => {
    // found by the mutation fuzz: insertBytes [0, 13, 0] at the start of a data row of the sample run's head
    const file = join(dir, "cr-in-cell.csv");
    writeFileSync(file, "t,ax,ay,az\n\u0000\r\u00000.000029,0,0,1\n");
    const e = await rejection(openSession(file));
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).toBe(`${file}:2: column t: expected a number, got "\\x00\\r\\x000.000029"`);
    expectUserError(e, [file]);
  });

  it("a sample_rate_hz so small that t = i / rate overflows is refused (it gave t = Infinity from the second row)", async () => {
    // found by the mutation fuzz: the first number of "# sample_rate_hz: 104" replaced with 1e-320, no t column
    const file = join(dir, "tiny-rate.csv");
    writeFileSync(file, "# sample_rate_hz: 1e-320\nax,ay,az\n0,0,1\n0,0,1\n");
    const e = await rejection(openSession(file));
    expect((e as Error).message).toBe(`${file}:1: metadata sample_rate_hz: expected a rate from 0.001 to 1000000 Hz, got 1e-320`);
  });

  it("a gyro value in rad/s too large to convert to deg/s is an error at its line, not Infinity", async () => {
    const file = join(dir, "rads-overflow.csv");
    writeFileSync(file, "# gyro_unit: rads\nt,ax,ay,az,gx,gy,gz\n0,0,0,1,0,0,0\n0.01,0,0,1,1e307,0,0\n");
    const e = await rejection(readWholeSession(file));
    expect((e as Error).message).toBe(`${file}:4: column gx: 1e+307 rad/s is too large to convert to deg/s`);
  });
});

describe("fuzz regressions: importers", () => {
  it("a first time stamp beyond the range of dates gives no started_at instead of a RangeError", async () => {
    // found by the mutation fuzz: phyphox Android, the first data row of Accelerometer.csv replaced with "1e22"
    const row = goldenCopy("phyphox/android", (r) => editLine(join(r, "Accelerometer.csv"), 1, () => "1e22"));
    const e = await rejection(readAll(row));
    expectUserError(e, [row]);
    expect((e as Error).message).toBe(`${row}:Accelerometer.csv:2: 1 cells: expected 4 (Time (s), Acceleration x (m/s^2), Acceleration y (m/s^2), Acceleration z (m/s^2))`);
    // the same through meta/time.csv: a START system time of 1e13 s is past the year 275760
    const start = goldenCopy("phyphox/android", (r) => editLine(join(r, "meta/time.csv"), 1, (l) => l.replace("1747882304.534", "1e13")));
    const r = await openInput(start);
    expect(r.header.metadata["started_at"]).toBeUndefined();
    r.close();
  });

  it("a damaged entry inside a zip is a UserError naming the zip, not unzipper's own error", async () => {
    // found by the zip fuzz: a stored phyphox Android zip whose bytes were damaged gave "Error: FILE_ENDED"
    const zipPath = join(dir, "damaged.zip");
    const zip = new yazl.ZipFile();
    zip.addBuffer(readFileSync(join(FIX, "phyphox/android/Accelerometer.csv")), "Accelerometer.csv");
    zip.addBuffer(readFileSync(join(FIX, "phyphox/android/Gyroscope.csv")), "Gyroscope.csv");
    zip.end();
    const chunks: Buffer[] = [];
    for await (const c of zip.outputStream as AsyncIterable<Buffer>) chunks.push(c);
    const bytes = Buffer.concat(chunks);
    // the first entry's deflate stream starts after its 30-byte local header and name: damage it there
    for (let i = 30 + "Accelerometer.csv".length; i < 30 + "Accelerometer.csv".length + 12; i++) bytes[i] = 0xff;
    writeFileSync(zipPath, bytes);
    const e = await rejection(readAll(zipPath));
    expectUserError(e, [zipPath]);
  });

  it("an accelerometer file with one sample is an error, not an endless loop in the resampler", async () => {
    // found by the mutation fuzz: Sensor Logger Android, TotalAcceleration.csv cut after its first data row
    const path = goldenCopy("sensor-logger/android", (r) => {
      const f = join(r, "TotalAcceleration.csv");
      writeFileSync(f, readFileSync(f, "utf8").split("\n").slice(0, 2).join("\n") + "\n");
    });
    const e = await withinLimit("one-sample export", () => rejection(readAll(path)), 5000);
    expect((e as Error).message).toBe(`${path}:TotalAcceleration.csv: fewer than 2 samples with increasing time stamps at the start: cannot tell the sample rate`);
  });

  it("streams whose rates are too far apart to filter are refused rather than designing a huge filter", async () => {
    const stream = (rate: number, n: number): RawStream => {
      const b: RawBlock = { n, t: Float64Array.from({ length: n }, (_, i) => i / rate), x: new Float64Array(n), y: new Float64Array(n), z: new Float64Array(n).fill(1) };
      return { blocks: [b][Symbol.iterator]() as unknown as AsyncIterator<RawBlock> };
    };
    const it = mergeStreams(stream(100, 200), stream(1e6, 2000), { labels: { acc: "a.csv", gyro: "g.csv" } });
    const e = await rejection(it.next());
    expect((e as Error).message).toMatch(/^g\.csv: 1\.000e\+6 Hz is too far above the output rate of 100\.0 Hz to filter down \(\d+ taps\)/);
  });

  it("Infinity, or a number too large for a double, in a cell is an error at its line, not NaN samples", async () => {
    // found by the --columns fuzz: "1e23" inserted inside a number of the Movesense IMU CSV made it overflow
    const src = join(FIX, "movesense/showcase-imu/2024-05-02_10-11-12_223030000123_ImuActivity.csv");
    for (const cell of ["Infinity", "1e999"]) {
      const file = join(dir, `${counter++}-imu.csv`);
      writeFileSync(file, readFileSync(src, "utf8"));
      editLine(file, 3, (l) => l.split(",").map((c, i) => (i === 2 ? cell : c)).join(","));
      const e = await rejection(readAll(file, { columns: "t=Timestamp,ax=AccX,ay=AccY,az=AccZ,gx=GyroX,gy=GyroY,gz=GyroZ", units: "t=ms,acc=mps2" }));
      expect((e as Error).message).toBe(`${file}:4: "${cell}" in column "AccY": expected a number`);
    }
  });

  it("a value that overflows once converted (or in the resampler) is an error, not Infinity or NaN samples", async () => {
    const path = goldenCopy("phyphox/android", (r) => editLine(join(r, "Accelerometer.csv"), 10, (l) => l.replace(/,[^,]+$/, ",1e308")));
    const e = await rejection(readAll(path));
    expect((e as Error).message).toBe(`${path}:Accelerometer.csv:11: column "Acceleration z (m/s^2)" gives 1.02e+307 in g or deg/s: beyond ±1000000000, not a sensor reading`);
  });
});

describe("fuzz regressions: BLE codecs and stream parsers", () => {
  it("a GSP notification holding a NaN float is a GspError (a NaN sample stopped the live recording's writer)", () => {
    // found by the Movesense client fuzz: one byte of a float set to 0x7f
    const out = new Uint8Array(6 + 24);
    const v = new DataView(out.buffer);
    out[0] = 2;
    out[1] = 0x63;
    for (let c = 0; c < 6; c++) v.setFloat32(6 + 4 * c, 1, true);
    v.setFloat32(6 + 12 + 4, Number.NaN, true); // gy
    expect(() => decodeGspNotification(out)).toThrow(new GspError("IMU6 sample 0 of 1: gy is not a finite float"));
  });

  it("a PMD START answer whose FACTOR is not a positive number is a PmdError (Infinity gave NaN samples)", () => {
    // found by the Polar client fuzz: parameters 05 01 00 00 80 7F (FACTOR = +Infinity)
    expect(() => pmdFactor(Uint8Array.of(5, 1, 0, 0, 0x80, 0x7f))).toThrow(PmdError);
    expect(() => pmdFactor(Uint8Array.of(5, 1, 0, 0, 0, 0))).toThrow(PmdError);
    expect(pmdFactor(Uint8Array.of(5, 1, 0, 0, 0x80, 0x3f))).toBe(1);
  });

  it("a raw PMD frame without samples is a PmdError (it gave a frame with no time and NaN gaps)", () => {
    // found by the Polar client fuzz: an ACC frame cut to its 10-byte header
    expect(() => decodePmdFrame(Uint8Array.of(2, 0, 134, 59, 161, 1, 0, 0, 0, 1))).toThrow(new PmdError("raw frame without samples: expected at least one"));
  });

  it("a SET_CONFIG answer with a NaN, zero or absurd rate or scale is a PgiError", () => {
    const good = { cfgId: 3, odr_hz: 208, accScale_mps2: 0.0048, gyroScale_dps: 0.07, nPerFrame: 19 };
    for (const bad of [{ odr_hz: Number.NaN }, { odr_hz: 0 }, { odr_hz: 1e30 }, { accScale_mps2: Number.POSITIVE_INFINITY }, { gyroScale_dps: -1 }]) {
      expect(() => decodeSetConfigResponse(encodeSetConfigResponse({ ...good, ...bad }))).toThrow(PgiError);
    }
    expect(decodeSetConfigResponse(encodeSetConfigResponse(good)).cfgId).toBe(3);
  });

  it("a PGI frame sent again across the device clock's wrap is dropped, not counted as a second wrap", () => {
    // found by the PgiStream fuzz: times jumped by 2^32 µs (71.6 min) and the fitted period became 71 s
    const n = 10, period = 1e6 / 208, t0 = 2 ** 32 - 3 * n * period;
    const frames = Array.from({ length: 6 }, (_, k) => decodeDataFrame(encodeDataFrame({ type: PGI_TYPE.IMU6_I16, seq: k, cfgId: 3, flags: 0, idx0: k * n, t0_us: Math.round(t0 + k * n * period) % 2 ** 32, samples: new Int16Array(6 * n) }))!);
    const s = new PgiStream({ cfgId: 3, odr_hz: 208, accScale_mps2: 0.0048, gyroScale_dps: 0.07, nPerFrame: n });
    const firsts = [0, 1, 2, 3, 2, 4, 5].map((k) => s.push(frames[k]!)?.t_s[0] ?? null);
    expect(firsts[4]).toBeNull();
    expect(firsts[6]).toBeCloseTo((5 * n) / 208, 4);
    expect(s.stats.period_s).toBeCloseTo(1 / 208, 7);
    expect(s.stats.duplicateSamples).toBe(n);
  });

  it("a Movesense notification sent again across the device clock's wrap is dropped, not a 49.7-day jump", async () => {
    const frame = (ts: number): Uint8Array => {
      const out = new Uint8Array(6 + 24 * 8);
      const v = new DataView(out.buffer);
      out[0] = 2;
      out[1] = 0x63;
      v.setUint32(2, ts % 2 ** 32, true);
      for (let i = 0; i < 48; i++) v.setFloat32(6 + 4 * i, 1, true);
      return out;
    };
    const frames = Array.from({ length: 8 }, (_, k) => frame(Math.round(2 ** 32 - 100 + (k * 8 * 1000) / 208)));
    const handlers = new Map<string, (d: Uint8Array) => void>();
    const conn = {
      id: "regress",
      mtu: 247,
      read: async () => new Uint8Array(0),
      write: async (_s: string, c: string, d: Uint8Array) => {
        if (c === GSP_WRITE_UUID && d[0] === 1) setImmediate(() => handlers.get(GSP_NOTIFY_UUID)?.(frames[0]!));
      },
      subscribe: async (_s: string, c: string, on: (d: Uint8Array) => void) => void handlers.set(c, on),
      onDisconnect: () => undefined,
      disconnect: async () => undefined,
    };
    const client = new MovesenseClient(conn, 208, 1000);
    const blocks: StreamBlock[] = [];
    await client.start((b) => blocks.push(b));
    for (const k of [1, 2, 3, 2, 4, 5, 6, 7]) handlers.get(GSP_NOTIFY_UUID)?.(frames[k]!);
    expect(blocks).toHaveLength(8);
    expect(blocks[7]!.t_s[0]).toBeCloseTo((7 * 8) / 208, 2);
    expect(client.stats.lostSamples).toBe(0);
    expect(client.stats.duplicateSamples).toBe(8);
  });
});

describe("fuzz regressions: UserError messages", () => {
  it("are one line whatever they quote", () => {
    expect(new UserError("a\nb\rc\u2028d\u0007").message).toBe("a\\nb\\rc\\u2028d\\x07");
    const e = new InputError("f.csv", 3, "got \"x\ny\"");
    expect(e.message).toBe('f.csv:3: got "x\\ny"');
    expect(e.reason).toBe('got "x\\ny"');
  });
});
