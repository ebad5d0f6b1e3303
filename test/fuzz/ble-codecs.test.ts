/**
 * Fuzzing the BLE codecs and the stateful stream parsers behind them. Decoders get random bytes and mutations of
 * their golden vectors (firmware-protocol/vectors.json, test/fixtures/*-vectors.json): each returns a decoded value
 * (null where documented: unknown PGI frame types, GSP command results) or throws its documented error type
 * (PgiError, GspError, PmdError), never a RangeError from reading past a DataView or anything else. The stream
 * parsers (PgiStream, and the PGI, Movesense and Polar clients over an in-memory connection) get sequences of
 * frames with losses, repeats, reordering, corrupted and random frames: no exception escapes a notification handler,
 * and every block they emit has finite times and values (a NaN would stop the session writer of a live recording).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeGspNotification, encodeSubscribe, GSP_NOTIFY_UUID, GSP_WRITE_UUID, GspError } from "../../src/ingest/movesense.js";
import { MovesenseClient } from "../../src/ingest/movesense-client.js";
import { decodeDataFrame, decodeResponse, decodeSetConfigResponse, encodeDataFrame, encodeSetConfigResponse, fromHex, PGI_CONTROL_UUID, PGI_DATA_UUID, PGI_TYPE, PgiError, type PgiConfig } from "../../src/ingest/pgi.js";
import { PgiClient } from "../../src/ingest/pgi-client.js";
import { decodeGyroBiasCalResponse, decodeInfo, decodeStatus, decodeTimeSyncRequest, decodeTimeSyncResponse, fitClockSync } from "../../src/ingest/pgi-control.js";
import { PgiStream, type StreamBlock } from "../../src/ingest/pgi-stream.js";
import { PolarClient, pmdFactor } from "../../src/ingest/polar-client.js";
import { decodePmdFrame, PMD_CONTROL_UUID, PMD_DATA_UUID, PMD_MEASUREMENT, PmdError, pmdSampleTimes } from "../../src/ingest/polar-pmd.js";
import type { Connection } from "../../src/ingest/transport.js";
import { applyMutations, byteMutationArb, fuzzParams, type Mutation } from "./helpers.js";

interface PgiVectors {
  data: Array<{ hex: string }>;
  skipped: Array<{ hex: string }>;
  invalid: Array<{ hex: string }>;
  control: Array<{ name: string; hex: string; kind?: string }>;
}
const PGI = JSON.parse(readFileSync(new URL("../../firmware-protocol/vectors.json", import.meta.url), "utf8")) as PgiVectors;
const GSP = JSON.parse(readFileSync(new URL("../fixtures/movesense-gsp-vectors.json", import.meta.url), "utf8")) as { subscribe: { hex: string }; imu6: { hex: string }; result: { hex: string }; invalid: Array<{ hex: string }> };
const PMD = JSON.parse(readFileSync(new URL("../fixtures/polar-pmd-vectors.json", import.meta.url), "utf8")) as { frames: Array<{ hex: string; factor: number }> };

const bytesOf = (hex: string): Uint8Array => fromHex(hex);

/** Random bytes, or a seed with one to four byte mutations (flips, set bytes, insertions, deletions, cuts). */
function fuzzedBytes(seeds: readonly Uint8Array[], maxLength = 300): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.uint8Array({ maxLength }),
    fc.tuple(fc.constantFrom(...seeds), fc.array(byteMutationArb, { minLength: 1, maxLength: 4 })).map(([s, m]) => mutate(s, m)),
  );
}

function mutate(bytes: Uint8Array, muts: readonly Mutation[]): Uint8Array {
  // a fresh ArrayBuffer at a non-zero offset: decoders must honour byteOffset
  const out = applyMutations(Buffer.from(bytes), muts);
  const backing = new Uint8Array(out.length + 3);
  backing.set(out, 3);
  return backing.subarray(3);
}

/** Runs `decode`; a throw must be of the documented class. */
function expectDocumented<T>(decode: () => T, errorClass: new (...args: never[]) => Error): T | undefined {
  try {
    return decode();
  } catch (e) {
    if (!(e instanceof errorClass)) throw new Error(`expected ${errorClass.name} or a value, got ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    expect((e as Error).message).not.toBe("");
    return undefined;
  }
}

/** A block as the stream parsers hand it on: consistent lengths, finite times and values. */
function checkBlock(b: StreamBlock, where: string): void {
  const cols = [b.t_s, b.ax_g, b.ay_g, b.az_g, b.gx_dps, b.gy_dps, b.gz_dps];
  for (const c of cols) if (c !== null) expect(c.length, where).toBe(b.length);
  for (const c of cols) {
    if (c === null) continue;
    for (let i = 0; i < b.length; i++) if (!Number.isFinite(c[i]!)) throw new Error(`${where}: sample ${i} holds ${c[i]} (a block must be finite)`);
  }
}

/** Sequence perturbations of a list of frames: lose, repeat, swap, corrupt, cut, or insert random frames. */
type SeqOp = { op: "drop"; at: number } | { op: "dup"; at: number } | { op: "swap"; a: number; b: number } | { op: "corrupt"; at: number; muts: Mutation[] } | { op: "random"; at: number; bytes: Uint8Array };

const seqOpArb = (maxRandom: number): fc.Arbitrary<SeqOp> =>
  fc.oneof(
    fc.record({ op: fc.constant("drop" as const), at: fc.nat() }),
    fc.record({ op: fc.constant("dup" as const), at: fc.nat() }),
    fc.record({ op: fc.constant("swap" as const), a: fc.nat(), b: fc.nat() }),
    fc.record({ op: fc.constant("corrupt" as const), at: fc.nat(), muts: fc.array(byteMutationArb, { minLength: 1, maxLength: 3 }) }),
    fc.record({ op: fc.constant("random" as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: maxRandom }) }),
  );

/** Only what a working link does to well-formed frames: lose them, send them again, deliver them out of order. */
const benignOpArb: fc.Arbitrary<SeqOp> = fc.oneof(
  fc.record({ op: fc.constant("drop" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("dup" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("swap" as const), a: fc.nat(), b: fc.nat() }),
);

/** Checks that the times of successive blocks keep increasing (what the session reader demands of a recording). */
function increasing(blocks: readonly StreamBlock[]): void {
  let prev = Number.NEGATIVE_INFINITY;
  blocks.forEach((b, k) => {
    for (let i = 0; i < b.length; i++) {
      if (!(b.t_s[i]! > prev)) throw new Error(`block ${k} sample ${i}: t ${b.t_s[i]} after ${prev}`);
      prev = b.t_s[i]!;
    }
  });
}

function perturb(frames: readonly Uint8Array[], ops: readonly SeqOp[]): Uint8Array[] {
  const out = [...frames];
  for (const o of ops) {
    const n = out.length;
    if (o.op === "random") out.splice(n === 0 ? 0 : o.at % (n + 1), 0, o.bytes);
    else if (n === 0) continue;
    else if (o.op === "drop") out.splice(o.at % n, 1);
    else if (o.op === "dup") out.splice(o.at % n, 0, out[o.at % n]!);
    else if (o.op === "swap") [out[o.a % n], out[o.b % n]] = [out[o.b % n]!, out[o.a % n]!];
    else out[o.at % n] = mutate(out[o.at % n]!, o.muts);
  }
  return out;
}

/** An in-memory device: records the notification handlers, answers writes with `answer`. */
function fakeConnection(answer: (characteristic: string, data: Uint8Array, notify: (c: string, d: Uint8Array) => void) => void): Connection & { notify(c: string, d: Uint8Array): void } {
  const handlers = new Map<string, (d: Uint8Array) => void>();
  const notify = (c: string, d: Uint8Array): void => handlers.get(c)?.(d);
  return {
    id: "fuzz-device",
    mtu: 247,
    async read() {
      return new Uint8Array(0);
    },
    async write(_s: string, c: string, data: Uint8Array) {
      setImmediate(() => answer(c, data, notify));
    },
    async subscribe(_s: string, c: string, on: (d: Uint8Array) => void) {
      handlers.set(c, on);
    },
    onDisconnect() {},
    async disconnect() {},
    notify,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// PGI

const PGI_CONFIG: PgiConfig = { cfgId: 3, odr_hz: 208, accScale_mps2: 0.004785645287483931, gyroScale_dps: 0.07, nPerFrame: 19 };

/**
 * A run of PGI DATA frames: consecutive sample indices, the device clock near its 32-bit wrap at times; `nominal`
 * keeps the clock at the configured rate (otherwise any period, as a confused device might send).
 */
const pgiRun = (nominal: boolean) => fc
  .record({
    frames: fc.integer({ min: 1, max: 30 }),
    n: fc.integer({ min: 1, max: 19 }),
    type: fc.constantFrom(PGI_TYPE.IMU6_I16, PGI_TYPE.ACC_I16),
    t0: fc.oneof(fc.constant(2 ** 32 - 30_000), fc.nat({ max: 2 ** 32 - 1 })),
    idx0: fc.oneof(fc.constant(0), fc.nat({ max: 2 ** 31 })),
    period_us: nominal ? fc.constant(1e6 / 208) : fc.oneof(fc.constant(1e6 / 208), fc.double({ min: 1, max: 1e5, noNaN: true })),
  })
  .map(({ frames, n, type, t0, idx0, period_us }) =>
    Array.from({ length: frames }, (_, k) => {
      const ch = type === PGI_TYPE.IMU6_I16 ? 6 : 3;
      const samples = Int16Array.from({ length: n * ch }, (_, i) => ((i * 977 + k * 131) % 65536) - 32768);
      return encodeDataFrame({ type, seq: k, cfgId: PGI_CONFIG.cfgId, flags: 0, idx0: idx0 + k * n, t0_us: Math.round(t0 + k * n * period_us) % 2 ** 32, samples });
    }),
  );
const pgiRunArb = pgiRun(false);

describe("fuzz: PGI codec", () => {
  const dataSeeds = [...PGI.data, ...PGI.skipped, ...PGI.invalid].map((v) => bytesOf(v.hex));
  const controlSeeds = PGI.control.map((v) => bytesOf(v.hex));

  it("DATA frames: a frame, null for another type, or PgiError", () => {
    fc.assert(
      fc.property(fuzzedBytes(dataSeeds), (bytes) => {
        const f = expectDocumented(() => decodeDataFrame(bytes), PgiError);
        if (f) {
          expect(f.version).toBe(1);
          expect(f.n).toBeGreaterThan(0);
          expect(f.samples.length).toBe(f.n * f.channels);
        }
      }),
      fuzzParams(0xb1e1, 500),
    );
  });

  it("CONTROL responses and every payload decoder: a value or PgiError", () => {
    const payloads = controlSeeds.flatMap((b) => [b, b.subarray(Math.min(4, b.length))]);
    fc.assert(
      fc.property(fuzzedBytes([...controlSeeds, ...payloads]), (bytes) => {
        const r = expectDocumented(() => decodeResponse(bytes), PgiError);
        if (r) expect(r.payload.length).toBe(bytes.length - 4);
        const cfg = expectDocumented(() => decodeSetConfigResponse(bytes), PgiError);
        if (cfg) expect(bytes.length).toBeGreaterThanOrEqual(14);
        const info = expectDocumented(() => decodeInfo(bytes), PgiError);
        if (info) expect(info.rates_hz.every((x) => Number.isInteger(x))).toBe(true);
        expectDocumented(() => decodeStatus(bytes), PgiError);
        const ts = expectDocumented(() => decodeTimeSyncResponse(bytes), PgiError);
        if (ts) expect(Number.isSafeInteger(ts.t1_us)).toBe(true);
        expectDocumented(() => decodeTimeSyncRequest(bytes), PgiError);
        const bias = expectDocumented(() => decodeGyroBiasCalResponse(bytes), PgiError);
        if (bias) expect(bias).toHaveLength(3);
      }),
      fuzzParams(0xb1e2, 500),
    );
  });

  it("hex text: bytes or PgiError", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.array(fc.constantFrom("0", "9", "A", "f", "G", " ", "\t", "\n", "-", "0x"), { maxLength: 40 }).map((a) => a.join(""))), (text) => {
        const b = expectDocumented(() => fromHex(text), PgiError);
        if (b) expect(b.every((x) => x >= 0 && x <= 255)).toBe(true);
      }),
      fuzzParams(0xb1e3, 300),
    );
  });

  it("clock sync over random exchanges: a finite mapping, or PgiError for none", () => {
    const u32 = fc.nat({ max: 2 ** 32 - 1 });
    const us = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
    fc.assert(
      fc.property(fc.array(fc.record({ t1_us: us, t2_us: u32, t3_us: u32, t4_us: us }), { maxLength: 30 }), u32, (xs, d) => {
        const s = expectDocumented(() => fitClockSync(xs), PgiError);
        if (s) {
          expect(Number.isFinite(s.rtt_us)).toBe(true);
          expect(Number.isFinite(s.toHost_us(d))).toBe(true);
        }
      }),
      fuzzParams(0xb1e4, 300),
    );
  });

  it("PgiStream over lost, repeated, reordered, corrupted and foreign frames: finite blocks, counts that add up", () => {
    fc.assert(
      fc.property(pgiRunArb, fc.array(seqOpArb(60), { maxLength: 8 }), (run, ops) => {
        const s = new PgiStream(PGI_CONFIG);
        let emitted = 0;
        for (const [k, bytes] of perturb(run, ops).entries()) {
          let f;
          try {
            f = decodeDataFrame(bytes);
          } catch (e) {
            expect(e).toBeInstanceOf(PgiError);
            continue;
          }
          if (!f) continue;
          const b = s.push(f);
          if (b) {
            checkBlock(b, `frame ${k}`);
            emitted += b.length;
          }
        }
        expect(s.stats.samples).toBe(emitted);
        for (const v of [s.stats.lostSamples, s.stats.duplicateSamples, s.stats.foreignConfigFrames]) expect(v).toBeGreaterThanOrEqual(0);
        for (const [a, b] of s.gaps) expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true);
      }),
      fuzzParams(0xb1e5, 400),
    );
  });

  it("PgiStream: times keep increasing through losses, repeats and reordering, across the clock's wrap", () => {
    fc.assert(
      fc.property(pgiRun(true), fc.array(benignOpArb, { maxLength: 8 }), (run, ops) => {
        const s = new PgiStream(PGI_CONFIG);
        const blocks: StreamBlock[] = [];
        for (const bytes of perturb(run, ops)) {
          const b = s.push(decodeDataFrame(bytes)!);
          if (b) blocks.push(b);
        }
        increasing(blocks);
      }),
      fuzzParams(0xb1ed, 300),
    );
  });

  it("PgiClient: random CONTROL answers and DATA notifications never throw out of a handler", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(encodeSetConfigResponse(PGI_CONFIG)), fc.uint8Array({ maxLength: 20 }), fc.array(byteMutationArb, { minLength: 1, maxLength: 3 }).map((m) => mutate(encodeSetConfigResponse(PGI_CONFIG), m))),
        pgiRunArb,
        fc.array(seqOpArb(60), { maxLength: 8 }),
        fc.array(fuzzedBytes(controlSeeds, 40), { maxLength: 5 }),
        async (cfgPayload, run, ops, strayControl) => {
          const conn = fakeConnection((c, data, notify) => {
            if (c !== PGI_CONTROL_UUID) return;
            const body = data[0] === 2 ? cfgPayload : new Uint8Array(0);
            notify(PGI_CONTROL_UUID, Uint8Array.from([0xf0, data[0]!, data[1]!, 0, ...body]));
          });
          const client = new PgiClient(conn, { timeout_ms: 1000 });
          const blocks: StreamBlock[] = [];
          try {
            await client.start((b) => blocks.push(b));
          } catch (e) {
            // a SET_CONFIG answer too short to decode refuses the start with the codec's error
            expect(e).toBeInstanceOf(PgiError);
            return;
          }
          for (const bytes of strayControl) conn.notify(PGI_CONTROL_UUID, bytes);
          for (const bytes of perturb(run, ops)) conn.notify(PGI_DATA_UUID, bytes);
          blocks.forEach((b, i) => checkBlock(b, `block ${i}`));
        },
      ),
      fuzzParams(0xb1e6, 200),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Movesense GSP

/** A GSP IMU6 notification of `n` samples at device time `ts` (ms). */
function gspFrame(ref: number, ts: number, n: number, k: number): Uint8Array {
  const out = new Uint8Array(6 + 24 * n);
  const v = new DataView(out.buffer);
  out[0] = 2;
  out[1] = ref;
  v.setUint32(2, ts % 2 ** 32, true);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) v.setFloat32(6 + 12 * i + 4 * c, (c === 2 ? 9.81 : 0.5) + Math.sin(k + i + c), true);
    for (let c = 0; c < 3; c++) v.setFloat32(6 + 12 * n + 12 * i + 4 * c, 100 * Math.cos(k + i + c), true);
  }
  return out;
}

const GSP_REF = 0x63;
const gspRun = (nominal: boolean) => fc
  .record({ frames: fc.integer({ min: 1, max: 40 }), n: fc.constantFrom(1, 2, 4, 8), ts0: fc.oneof(fc.constant(2 ** 32 - 200), fc.nat({ max: 2 ** 32 - 1 })), step_ms: nominal ? fc.constant(1000 / 208) : fc.oneof(fc.constant(1000 / 208), fc.double({ min: 0, max: 5000, noNaN: true })) })
  .map(({ frames, n, ts0, step_ms }) => Array.from({ length: frames }, (_, k) => gspFrame(GSP_REF, Math.round(ts0 + k * n * step_ms), n, k)));
const gspRunArb = gspRun(false);

/** Starts a MovesenseClient on an in-memory device whose first notification is `first`; returns it and its blocks. */
async function movesenseOn(first: Uint8Array): Promise<{ client: MovesenseClient; conn: ReturnType<typeof fakeConnection>; blocks: StreamBlock[] }> {
  const conn = fakeConnection((c, data, notify) => {
    if (c === GSP_WRITE_UUID && data[0] === 1) notify(GSP_NOTIFY_UUID, first);
  });
  const client = new MovesenseClient(conn, 208, 1000);
  const blocks: StreamBlock[] = [];
  await client.start((b) => blocks.push(b));
  return { client, conn, blocks };
}

describe("fuzz: Movesense GSP codec", () => {
  const seeds = [GSP.subscribe, GSP.imu6, GSP.result, ...GSP.invalid].map((v) => bytesOf(v.hex));

  it("notifications: IMU6 samples, null for a command result, or GspError", () => {
    fc.assert(
      fc.property(fuzzedBytes([...seeds, gspFrame(GSP_REF, 123, 8, 0)], 250), (bytes) => {
        const d = expectDocumented(() => decodeGspNotification(bytes), GspError);
        if (d) {
          expect([1, 2, 4, 8]).toContain(d.n);
          for (const c of [d.ax_g, d.ay_g, d.az_g, d.gx_dps, d.gy_dps, d.gz_dps]) expect(c).toHaveLength(d.n);
        }
      }),
      fuzzParams(0xb1e7, 500),
    );
  });

  it("SUBSCRIBE encoding of any reference and path: bytes or GspError", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -2, max: 300 }), fc.double()), fc.string({ maxLength: 30 }), (ref, path) => {
        const b = expectDocumented(() => encodeSubscribe(ref, path), GspError);
        if (b) expect(b[0]).toBe(1);
      }),
      fuzzParams(0xb1e8, 300),
    );
  });

  it("MovesenseClient over lost, repeated, reordered, corrupted and random notifications: finite blocks", async () => {
    await fc.assert(
      fc.asyncProperty(gspRunArb, fc.array(seqOpArb(200), { maxLength: 8 }), async (run, ops) => {
        const { client, conn, blocks } = await movesenseOn(run[0]!);
        for (const bytes of perturb(run.slice(1), ops)) conn.notify(GSP_NOTIFY_UUID, bytes);
        blocks.forEach((b, i) => checkBlock(b, `block ${i}`));
        for (const [a, b] of client.gaps) expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true);
      }),
      fuzzParams(0xb1e9, 300),
    );
  });

  it("MovesenseClient: times keep increasing through losses, repeats and reordering, across the clock's wrap", async () => {
    await fc.assert(
      fc.asyncProperty(gspRun(true), fc.array(benignOpArb, { maxLength: 8 }), async (run, ops) => {
        const { client, conn, blocks } = await movesenseOn(run[0]!);
        for (const bytes of perturb(run.slice(1), ops)) conn.notify(GSP_NOTIFY_UUID, bytes);
        increasing(blocks);
        expect(client.stats.lostSamples).toBeLessThanOrEqual(8 * run.length);
      }),
      fuzzParams(0xb1ee, 200),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Polar PMD

/** A raw (frame type 1, int16) PMD frame of `n` samples whose last sample is at `ts` ns. */
function pmdFrame(measType: number, ts: bigint, n: number, k: number): Uint8Array {
  const out = new Uint8Array(10 + 6 * n);
  const v = new DataView(out.buffer);
  out[0] = measType;
  v.setBigUint64(1, BigInt.asUintN(64, ts), true);
  out[9] = 1;
  for (let i = 0; i < 3 * n; i++) v.setInt16(10 + 2 * i, Math.round(1000 * Math.sin(k + i)), true);
  return out;
}

const POLAR_RATE = 52;
const pmdRun = (nominal: boolean) => fc
  .record({ frames: fc.integer({ min: 1, max: 30 }), n: fc.integer({ min: 1, max: 36 }), ts0: fc.oneof(fc.constant(7_000_000_000n), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })), period_ns: nominal ? fc.constant(1e9 / POLAR_RATE) : fc.oneof(fc.constant(1e9 / POLAR_RATE), fc.double({ min: 0, max: 1e10, noNaN: true })), gyroLag_ns: nominal ? fc.integer({ min: -1_000_000, max: 1_000_000 }) : fc.integer({ min: -100_000_000, max: 100_000_000 }) })
  .map(({ frames, n, ts0, period_ns, gyroLag_ns }) =>
    Array.from({ length: frames }, (_, k) => {
      const ts = ts0 + BigInt(Math.round((k + 1) * n * period_ns));
      return [pmdFrame(PMD_MEASUREMENT.ACC, ts, n, k), pmdFrame(PMD_MEASUREMENT.GYRO, ts + BigInt(gyroLag_ns), n, k + 7)];
    }).flat(),
  );
const pmdRunArb = pmdRun(false);

describe("fuzz: Polar PMD codec", () => {
  const seeds = PMD.frames.map((v) => bytesOf(v.hex));

  it("frames, raw and delta-compressed, with any factor and channel count: samples or PmdError", () => {
    fc.assert(
      fc.property(fuzzedBytes([...seeds, pmdFrame(PMD_MEASUREMENT.GYRO, 5n, 4, 0)], 700), fc.constantFrom(1, 0.000244, 0.001, -1, 0, Number.NaN), fc.integer({ min: 1, max: 4 }), fc.option(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })), fc.constantFrom(0, 52, 208, Number.NaN), (bytes, factor, channels, previous, rate) => {
        const f = expectDocumented(() => decodePmdFrame(bytes, factor, channels), PmdError);
        if (f) {
          expect(Number.isInteger(f.n)).toBe(true);
          expect(f.values.length).toBe(f.n * f.channels);
          expect(pmdSampleTimes(f, previous, rate)).toHaveLength(f.n);
        }
      }),
      fuzzParams(0xb1ea, 500),
    );
  });

  it("START response parameters: a positive finite factor, or PmdError", () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.tuple(fc.uint8Array({ maxLength: 8 }), fc.float()).map(([pre, x]) => Uint8Array.from([...pre, 5, 1, ...new Uint8Array(Float32Array.of(x).buffer)]))), (params) => {
        const f = expectDocumented(() => pmdFactor(params), PmdError);
        if (f !== undefined) expect(f > 0 && Number.isFinite(f)).toBe(true);
      }),
      fuzzParams(0xb1eb, 300),
    );
  });

  it("PolarClient over lost, repeated, reordered, corrupted and random frames, any START answer: finite blocks", async () => {
    const factorParams = fc.oneof(
      fc.constant(Uint8Array.of()),
      fc.constant(Uint8Array.of(5, 1, 0x00, 0x00, 0x80, 0x3f)), // FACTOR 1.0
      fc.float().map((x) => {
        const b = new Uint8Array(6);
        b[0] = 5;
        b[1] = 1;
        new DataView(b.buffer).setFloat32(2, x, true);
        return b;
      }),
      fc.uint8Array({ maxLength: 12 }),
    );
    await fc.assert(
      fc.asyncProperty(pmdRunArb, fc.array(seqOpArb(120), { maxLength: 8 }), factorParams, async (run, ops, params) => {
        const conn = fakeConnection((c, data, notify) => {
          if (c === PMD_CONTROL_UUID) notify(PMD_CONTROL_UUID, Uint8Array.from([0xf0, data[0]!, data[1]!, 0, 0, ...params]));
        });
        const client = new PolarClient(conn, POLAR_RATE, 1000);
        const blocks: StreamBlock[] = [];
        try {
          await client.start((b) => blocks.push(b));
        } catch (e) {
          // a FACTOR that is not a positive number refuses the start with the codec's error
          expect(e).toBeInstanceOf(PmdError);
          return;
        }
        for (const bytes of perturb(run, ops)) conn.notify(PMD_DATA_UUID, bytes);
        blocks.forEach((b, i) => checkBlock(b, `block ${i}`));
        for (const [a, b] of client.gaps) expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true);
        expect(client.stats.lostSamples).toBeGreaterThanOrEqual(0);
      }),
      fuzzParams(0xb1ec, 300),
    );
  });

  it("PolarClient: times keep increasing through losses, repeats and reordering", async () => {
    await fc.assert(
      fc.asyncProperty(pmdRun(true), fc.array(benignOpArb, { maxLength: 8 }), async (run, ops) => {
        const conn = fakeConnection((c, data, notify) => {
          if (c === PMD_CONTROL_UUID) notify(PMD_CONTROL_UUID, Uint8Array.from([0xf0, data[0]!, data[1]!, 0, 0]));
        });
        const client = new PolarClient(conn, POLAR_RATE, 1000);
        const blocks: StreamBlock[] = [];
        await client.start((b) => blocks.push(b));
        for (const bytes of perturb(run, ops)) conn.notify(PMD_DATA_UUID, bytes);
        increasing(blocks);
      }),
      fuzzParams(0xb1ef, 200),
    );
  });
});
