/**
 * Fuzzing the session reader (openSession + iteration to the end): random bytes, and mutations of valid session
 * files (the head of fixtures/sample-run.csv.gz and a few generated layouts), plain and gzip-compressed. The only
 * acceptable outcomes are a result whose samples are finite with strictly increasing time, or a UserError with a
 * one-line message naming the file (and the line, for an InputError that has one), within the per-case limit.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openSession } from "../../src/session/index.js";
import { applyMutations, expectUserError, fuzzDir, fuzzParams, mutationsArb, Outcomes, withinLimit } from "./helpers.js";

const dir = fuzzDir("session");
let counter = 0;

/** The first `rows` data rows of the sample run with its metadata and header. */
function sampleHead(rows: number): Buffer {
  const text = gunzipSync(readFileSync(new URL("../../fixtures/sample-run.csv.gz", import.meta.url))).toString("utf8");
  const lines = text.split("\n");
  const header = lines.findIndex((l) => l.startsWith("t,"));
  return Buffer.from(`${lines.slice(0, header + 1 + rows).join("\n")}\n`);
}

/** Small layouts that take other paths of the reader: inferred units, no time column, extra text columns, body frame. */
function generated(): Buffer[] {
  const rows = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i)).join("\n");
  const s = (i: number): number => Math.sin(i / 7);
  return [
    // no metadata: time in ms, acceleration in m/s², gyro in rad/s, all inferred
    Buffer.from(`t,ax,ay,az,gx,gy,gz\n${rows(80, (i) => `${i * 5},${(0.3 * s(i) * 9.80665).toFixed(4)},0.5,${(9.80665 + s(i)).toFixed(4)},${(0.5 * s(i)).toFixed(4)},0.1,-0.2`)}\n`),
    // no time column (rate from metadata), quoted extra text column, CRLF line ends
    Buffer.from(`# sample_rate_hz: 104\r\n# acc_unit: mg\r\nax,ay,az,label\r\n${rows(60, (i) => `${Math.round(300 * s(i))},-20,${1000 + Math.round(100 * s(i))},"step ${i}, ok"`).replace(/\n/g, "\r\n")}\r\n`),
    // body frame with unit suffixes, microseconds, no gyroscope, a comment line and a blank line inside
    Buffer.from(`# format: hipgait-session/1\nt_us,acc_is_g,acc_ml_g,acc_pa_g\n${rows(30, (i) => `${1_000_000 + i * 4808},${(1 + 0.4 * s(i)).toFixed(5)},0.01,-0.02`)}\n# a comment\n\n${rows(30, (i) => `${1_000_000 + (i + 30) * 4808},1.0,0.02,-0.01`)}`),
  ];
}

const BASES: Buffer[] = [sampleHead(60), sampleHead(4030), ...generated()];

const blockSizeArb = fc.constantFrom(undefined, 1, 7, 64, 4096);

/** Writes `bytes`, opens and reads it to the end; checks the outcome against the acceptance rule. */
async function readCase(out: Outcomes, bytes: Buffer, name: string, blockSize: number | undefined, reuseBlocks: boolean): Promise<void> {
  const file = join(dir, `${counter++}-${name}`);
  writeFileSync(file, bytes);
  await withinLimit(file, async () => {
    try {
      const r = await openSession(file, { ...(blockSize !== undefined ? { blockSize } : {}), reuseBlocks });
      let rows = 0;
      let prev = Number.NEGATIVE_INFINITY;
      for await (const b of r) {
        expect(b.length).toBeGreaterThan(0);
        const cols = [b.ax_g, b.ay_g, b.az_g, ...(r.header.hasGyro ? [b.gx_dps, b.gy_dps, b.gz_dps] : [])];
        for (let i = 0; i < b.length; i++) {
          const t = b.t_s[i]!;
          if (!(Number.isFinite(t) && t > prev)) throw new Error(`row ${rows + i}: t ${t} after ${prev}`);
          prev = t;
          for (const c of cols) if (!Number.isFinite(c![i]!)) throw new Error(`row ${rows + i}: a value is ${c![i]}`);
        }
        rows += b.length;
      }
      expect(r.stats().rows).toBe(rows);
      for (const w of r.warnings) expect(w).not.toMatch(/[\r\n]/);
      out.add(rows > 0 ? `read ${r.warnings.length > 0 ? "with warnings" : "cleanly"}` : "read, no rows");
    } catch (e) {
      expectUserError(e, [file]);
      out.add(`error: ${(e as Error).message.replace(file, "").replace(/^:\d+:/, "").replace(/^: /, "").slice(0, 40)}`);
    }
  });
}

describe("fuzz: session reader", () => {
  it("random bytes and random text", async () => {
    const out = new Outcomes("session: random");
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
          fc.string({ unit: "binary", maxLength: 1500 }).map((s) => Buffer.from(s, "utf8")),
          // text made of the characters a session file is made of, so that some of it gets past the header
          fc.array(fc.constantFrom("t", "ax", "ay", "az", "gx", "gy", "gz", ",", "\n", "\r\n", "#", ":", " ", "0", "1", ".", "-", "e", "9", "5", "_ms", "_g"), { maxLength: 400 }).map((a) => Buffer.from(a.join(""))),
        ),
        blockSizeArb,
        async (bytes, blockSize) => readCase(out, bytes, "random.csv", blockSize, false),
      ),
      fuzzParams(0x5e55, 300),
    );
    out.report();
  });

  it("mutated session files", async () => {
    const out = new Outcomes("session: mutated");
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: BASES.length - 1 }), mutationsArb(5), blockSizeArb, fc.boolean(), async (base, muts, blockSize, reuse) =>
        readCase(out, applyMutations(BASES[base]!, muts), "mutated.csv", blockSize, reuse),
      ),
      fuzzParams(0x5e56, 400),
    );
    out.report();
  });

  it("gzip: compressed mutations, damaged compressed data, and garbage behind the gzip magic", async () => {
    const gz = fc.oneof(
      // a mutated file, compressed
      fc.tuple(fc.integer({ min: 0, max: BASES.length - 1 }), mutationsArb(3)).map(([b, m]) => gzipSync(applyMutations(BASES[b]!, m))),
      // a valid file whose compressed bytes are mutated or cut short
      fc.tuple(fc.integer({ min: 0, max: BASES.length - 1 }), mutationsArb(2)).map(([b, m]) => applyMutations(gzipSync(BASES[b]!), m)),
      // the gzip magic followed by garbage
      fc.uint8Array({ maxLength: 500 }).map((a) => Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from(a)])),
      // gzip of random bytes
      fc.uint8Array({ maxLength: 2000 }).map((a) => gzipSync(Buffer.from(a))),
    );
    const out = new Outcomes("session: gzip");
    await fc.assert(
      fc.asyncProperty(gz, blockSizeArb, async (bytes, blockSize) => readCase(out, bytes, "fuzz.csv.gz", blockSize, false)),
      fuzzParams(0x5e57, 300),
    );
    out.report();
  });
});
