/**
 * `hipgait convert`: an export written as a session file analyses exactly like the export itself (the converted
 * values are rounded to 1e-5 g and 1e-3 deg/s, far under the sensors' noise); a session converts to itself; a bad
 * row or an existing file leaves nothing behind and changes nothing.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { openInput } from "../../src/importers/index.js";
import { analyzeFile } from "../../src/pipeline/analyze-file.js";
import { canonicalCsv, instants, renderPhyphox, simulateDense, writeZip, type Dense } from "../importers/render.js";

const dir = mkdtempSync(join(tmpdir(), "hipgait-convert-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.text += chunk.toString();
    cb();
  }
}
async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(argv, { stdout, stderr });
  return { code, out: stdout.text, err: stderr.text };
}

let d: Dense;
beforeAll(() => {
  d = simulateDense("healthy", 3, 31);
}, 60_000);

describe("hipgait convert", () => {
  it("writes a phyphox zip as a session that analyses like the zip, with its start time, rate and origin", async () => {
    const zip = join(dir, "phyphox.zip");
    await writeZip(zip, renderPhyphox(d, "android", instants(d, 100, 3, 0.4, 1), instants(d, 200, 1, 0.3, 2)));
    const out = join(dir, "phyphox.csv.gz");
    const r = await cli(["convert", zip, "--out", out]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^wrote .*phyphox\.csv\.gz: \d+ samples, \d+\.\d s at 100 Hz, no gaps \(read as phyphox \(Android\)\)\n$/);
    const session = await openInput(out);
    expect(session.header.format).toBe("hipgait-session/1");
    expect(session.header.declaredSampleRate_hz).toBe(100);
    expect(session.header.units).toEqual({ time: "s", acc: "g", gyro: "dps" });
    expect(session.header.metadata.notes).toMatch(/^converted by hipgait \S+ from phyphox\.zip \(phyphox \(Android\); .*resampled to 100 Hz/);
    const imported = await openInput(zip);
    for await (const b of imported) void b;
    if (imported.header.metadata.started_at !== undefined) expect(session.header.metadata.started_at).toBe(imported.header.metadata.started_at);
    session.close();
    const [a, b] = [await analyzeFile(zip), await analyzeFile(out)];
    expect(b.summary.steps).toBe(a.summary.steps);
    expect(Math.abs(b.summary.cadence_spm! - a.summary.cadence_spm!)).toBeLessThan(0.01);
    expect(Math.abs(b.summary.pelvic_drop_deg.left! - a.summary.pelvic_drop_deg.left!)).toBeLessThan(0.01);
    expect(Math.abs(b.summary.pelvic_drop_deg.right! - a.summary.pelvic_drop_deg.right!)).toBeLessThan(0.01);
    expect(Math.abs(b.summary.contact_time_ms.left! - a.summary.contact_time_ms.left!)).toBeLessThan(0.5);
  }, 120_000);

  it("converts a session to the same samples, keeping its metadata and gaps", async () => {
    const src = join(dir, "canonical.csv");
    writeFileSync(src, canonicalCsv(d, instants(d, 200, 0, 0, 3).filter((i) => i < 60_000 || i > 61_500)));
    const out = join(dir, "canonical-copy.csv");
    const r = await cli(["convert", src, "--out", out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("1 gap kept");
    const rows = (text: string): string[][] => text.split("\n").filter((l) => l !== "" && !l.startsWith("#")).slice(1).map((l) => l.split(","));
    const [x, y] = [rows(readFileSync(src, "utf8")), rows(readFileSync(out, "utf8"))];
    expect(y.length).toBe(x.length);
    for (let i = 0; i < x.length; i += 97) for (let c = 0; c < 7; c++) expect(Math.abs(Number(y[i]![c]) - Number(x[i]![c]))).toBeLessThanOrEqual(c === 0 ? 5e-7 : c < 4 ? 5e-6 : 5e-4);
  }, 60_000);

  it("refuses to replace a file without --force and leaves it unchanged; replaces it with --force", async () => {
    const src = join(dir, "small.csv");
    writeFileSync(src, canonicalCsv(d, instants(d, 100, 0, 0, 4).slice(0, 3000)));
    const out = join(dir, "exists.csv");
    writeFileSync(out, "precious\n");
    const r = await cli(["convert", src, "--out", out]);
    expect(r).toEqual({ code: 1, out: "", err: `hipgait convert: ${out} exists; pass --force to overwrite it\n` });
    expect(readFileSync(out, "utf8")).toBe("precious\n");
    expect((await cli(["convert", src, "--out", out, "--force"])).code).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^# format: hipgait-session\/1\n/);
  }, 60_000);

  it("stops at a bad row with file:line and leaves no partial file", async () => {
    const src = join(dir, "bad.csv");
    const lines = canonicalCsv(d, instants(d, 100, 0, 0, 5).slice(0, 30_000)).split("\n");
    lines[20_000] = "12.5,0.1,zebra,0.9,1,2,3";
    writeFileSync(src, lines.join("\n"));
    const out = join(dir, "bad-out.csv");
    const r = await cli(["convert", src, "--out", out]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^hipgait convert: ${src.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:20001: .*\n$`));
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes(".partial-"))).toEqual([]);
  }, 60_000);

  it("checks its arguments before reading anything", async () => {
    expect((await cli(["convert", "x.zip"])).err).toBe("hipgait convert: --out FILE is required: the session file to write (see `hipgait convert --help`)\n");
    expect((await cli(["convert", "x.zip", "--out", "x.json"])).code).toBe(2);
    expect((await cli(["convert", "x.csv", "--out", "x.csv"])).code).toBe(2);
    expect((await cli(["convert", "x.csv", "--out", "y.csv", "--units", "t=ms"])).code).toBe(2);
    const help = await cli(["convert", "--help"]);
    expect(help.code).toBe(0);
    for (const flag of ["--out", "--force", "--format", "--columns", "--units"]) expect(help.out).toContain(flag);
    for (const line of help.out.split("\n")) expect(line.length).toBeLessThanOrEqual(120);
  });
});
