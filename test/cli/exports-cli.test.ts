/** `hipgait analyze --steps-csv FILE --fit FILE` end to end on the bundled sample session, through the CLI entry point. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { Decoder, Stream } from "@garmin/fitsdk";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/command.js";
import { main } from "../../src/cli/main.js";

const SAMPLE = "fixtures/sample-run.csv.gz";
const dir = mkdtempSync(join(tmpdir(), "hipgait-exports-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.text += chunk.toString();
    cb();
  }
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const io: CliIo = { stdout, stderr };
  const code = await main(argv, io);
  return { code, out: stdout.text, err: stderr.text };
}

describe("hipgait analyze --steps-csv --fit", () => {
  const fit = join(dir, "run.fit");
  const csv = join(dir, "run.steps.csv");

  it("writes both files and says so, then refuses to replace them without --force", async () => {
    const r = await run(["analyze", SAMPLE, "--fit", fit, "--steps-csv", csv]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);

    const rows = readFileSync(csv, "utf8").trimEnd().split("\n").length - 1;
    const m = /^wrote (.+): per-step CSV \((\d+) steps\)$/m.exec(r.out);
    expect(m?.slice(1)).toEqual([csv, String(rows)]);

    const stream = Stream.fromBuffer(readFileSync(fit));
    const decoder = new Decoder(stream);
    expect(decoder.checkIntegrity()).toBe(true);
    const { messages, errors } = decoder.read();
    expect(errors).toEqual([]);
    const records = messages.recordMesgs ?? [];
    const running = records.filter((x) => x.stanceTime !== undefined).length;
    // the sample session's own started_at is 2026-01-01T08:00:00Z
    expect(r.out).toContain(`wrote ${fit}: FIT activity (${records.length} one-second records, ${running} with running values; start 2026-01-01T08:00:00Z, the input's started_at)\n`);
    expect(records.length).toBeGreaterThan(600); // a 10-minute session

    const before = [readFileSync(fit), readFileSync(csv)];
    for (const [flag, file] of [
      ["--fit", fit],
      ["--steps-csv", csv],
    ] as const) {
      const again = await run(["analyze", SAMPLE, flag, file]);
      expect(again).toEqual({ code: 1, out: "", err: `hipgait analyze: ${file} exists; pass --force to overwrite it\n` });
    }
    expect(readFileSync(fit).equals(before[0]!)).toBe(true);
    expect(readFileSync(csv).equals(before[1]!)).toBe(true);
  });

  it("replaces them with --force", async () => {
    writeFileSync(fit, "old");
    writeFileSync(csv, "old");
    const r = await run(["analyze", SAMPLE, "--fit", fit, "--steps-csv", csv, "--force"]);
    expect(r.code).toBe(0);
    expect(Decoder.isFIT(Stream.fromBuffer(readFileSync(fit)))).toBe(true);
    expect(readFileSync(csv, "utf8")).toMatch(/^t,side,toe_off_s,/);
  });

  it("rejects an export that names the same file as another output or the input, as a usage error", async () => {
    const same = join(dir, "same.out");
    for (const [args, msg] of [
      [["--fit", same, "--out", same], "--fit and --out name the same file"],
      [["--fit", same, "--steps-csv", same], "--fit and --steps-csv name the same file"],
      [["--steps-csv", same, "--html", same], "--steps-csv and --html name the same file"],
      [["--fit", SAMPLE, "--force"], `--fit ${SAMPLE} would replace the input file`],
      [["--fit", ""], "--fit expects a file name"],
    ] as const) {
      const r = await run(["analyze", SAMPLE, ...args]);
      expect(r, args.join(" ")).toEqual({ code: 2, out: "", err: `hipgait analyze: ${msg}\n` });
    }
  });
});
