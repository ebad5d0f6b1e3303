/** `hipgait info`: text summary, --json, and one-line errors with exit codes, run through the CLI entry point. */
import { Writable } from "node:stream";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/command.js";
import { main } from "../../src/cli/main.js";
import { lines, tempDir, writeTemp } from "./helpers.js";

const dir = tempDir("info");

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

const t = [0, 0.01, 0.02, 0.03, 0.5, 0.51, 0.52];
const content =
  lines("# format: hipgait-session/1", "# sensor: test-imu", "t,ax,ay,az,gx,gy,gz,temp_c", ...t.map((x, i) => `${x},0,0,1,${50 + i},0,0,30`), "# lap") + "0.53,0,0";

describe("hipgait info", () => {
  it("prints a text summary", async () => {
    const file = writeTemp(dir, content);
    const r = await run(["info", file]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        `file:      ${file}`,
        "format:    hipgait-session/1",
        "frame:     sensor (the device's own axes)",
        "columns:   t, ax, ay, az, gx, gy, gz",
        "extra:     temp_c (carried through as text)",
        "units:     time s, acceleration g, gyroscope deg/s",
        "           note: time units not declared; assumed seconds (median step 0.0100 between rows, i.e. 100 Hz)",
        "           note: acceleration units not declared; assumed g (median |a| 1.00 over the first 0.52 s)",
        "           note: gyro units not declared; assumed deg/s (max |ω| 56.0 over the first 0.52 s)",
        "metadata:  format: hipgait-session/1",
        "           sensor: test-imu",
        "rows:      7",
        "time:      0.000 s to 0.520 s (duration 0.520 s, 0:00.5)",
        "rate:      100.00 Hz (estimated)",
        "gaps:      1 (0.470 s in total)",
        "           0.030 s to 0.500 s (0.470 s)",
        "comments:  1 comment line among the data",
        `warnings:  ${file}:12: last line is truncated (expected 8 fields, got 3); dropped it`,
        "",
      ].join("\n"),
    );
  });

  it("prints one JSON object with --json", async () => {
    const file = writeTemp(dir, content, "s.csv.gz");
    const r = await run(["info", "--json", file]);
    expect(r.code).toBe(0);
    expect(r.out.trim().split("\n").length).toBe(1);
    const j = JSON.parse(r.out) as {
      file: string;
      header: { frame: string; units: object; extraColumns: string[]; metadata: object };
      stats: { rows: number; gaps: number[][]; commentLines: number; droppedTruncatedLine: boolean };
      warnings: string[];
    };
    expect(j.file).toBe(file);
    expect(j.header.frame).toBe("sensor");
    expect(j.header.units).toEqual({ time: "s", acc: "g", gyro: "dps" });
    expect(j.header.extraColumns).toEqual(["temp_c"]);
    expect(j.header.metadata).toEqual({ format: "hipgait-session/1", sensor: "test-imu" });
    expect(j.stats.rows).toBe(7);
    expect(j.stats.gaps).toEqual([[0.03, 0.5]]);
    expect(j.stats.commentLines).toBe(1);
    expect(j.stats.droppedTruncatedLine).toBe(true);
    expect(j.warnings).toEqual([`${file}:12: last line is truncated (expected 8 fields, got 3); dropped it`]);
  });

  it("reports a bad file in one line with exit code 1", async () => {
    const missing = join(dir, "nope.csv");
    expect(await run(["info", missing])).toEqual({ code: 1, out: "", err: `hipgait info: ${missing}: file not found\n` });
    const bad = writeTemp(dir, lines("t,ax,ay,az", "0,0,0,1", "0.01,0,zz,1"));
    expect(await run(["info", bad])).toEqual({ code: 1, out: "", err: `hipgait info: ${bad}:3: column ay: expected a number, got "zz"\n` });
  });

  it("reports usage errors with exit code 2 and has help", async () => {
    const none = await run(["info"]);
    expect(none.code).toBe(2);
    expect(none.err).toBe("hipgait info: expected one session file, got none (see `hipgait info --help`)\n");
    const flag = await run(["info", "--bogus", "x.csv"]);
    expect(flag.code).toBe(2);
    expect(flag.err).toMatch(/^hipgait info: Unknown option '--bogus'/);
    const help = await run(["info", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("Usage: hipgait info PATH [--json] [--format F | --columns MAP [--units LIST]]");
    expect(help.out).toContain("--json");
  });
});
