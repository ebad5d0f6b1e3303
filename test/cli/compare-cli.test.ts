/** `hipgait compare` end to end on simulated sessions: one session's two windows, two sessions, and bad usage. */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/command.js";
import { main } from "../../src/cli/main.js";
import { compareDocumentSchema } from "../../src/output/schema.js";
import { resolveParams, Simulation, simulateToFile } from "../../src/sim/index.js";

const dir = mkdtempSync(join(tmpdir(), "hipgait-compare-"));
const weak = join(dir, "weak.csv");
const healthy = join(dir, "healthy.csv");

beforeAll(async () => {
  await simulateToFile(new Simulation(resolveParams("weak-abductor", { minutes: 8, sampleRate_hz: 100, seed: 4, fatigueStart: 0.4, fatigueRamp_min: 2 }), "weak-abductor"), { out: weak });
  await simulateToFile(new Simulation(resolveParams("healthy", { minutes: 7, sampleRate_hz: 100, seed: 5 }), "healthy"), { out: healthy });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.text += chunk.toString();
    cb();
  }
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new Capture(), stderr = new Capture();
  const io: CliIo = { stdout, stderr };
  const code = await main(argv, io);
  return { code, out: stdout.text, err: stderr.text };
}

describe("hipgait compare", () => {
  it("compares two windows of one session, with trends, and the drift it was built with", async () => {
    const r = await run(["compare", weak, "--windows", "1m-3m,-2m", "--json"]);
    expect(r).toMatchObject({ code: 0, err: "" });
    const doc = compareDocumentSchema.parse(JSON.parse(r.out));
    expect(doc.a.window).toBe("1m-3m");
    expect(doc.b.window).toBe("-2m");
    expect(doc.drift.pelvic_drop_deg.right.delta).toBeGreaterThan(1.5); // 7.5 → 10 deg with fatigue
    expect(doc.drift.pelvic_drop_deg.right.flagged).toBe(true);
    expect(doc.drift.cadence_spm.slope_per_10min).not.toBeNull();
    expect(doc.curves.a.left?.mean.pelvic_obliquity_deg).toHaveLength(101);
  });

  it("compares two sessions without trends and says what else may differ", async () => {
    const r = await run(["compare", weak, healthy]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("window running");
    expect(r.out).not.toContain("per 10 min");
    expect(r.out).toMatch(/pelvic drop right \(deg\) +\d+\.\d +\d\.\d +-\d\.\d .*!/);
    expect(r.out).toContain("two sessions: differences also include");
  });

  it("writes --out once and refuses to overwrite it", async () => {
    const out = join(dir, "cmp.json");
    expect((await run(["compare", weak, "--out", out])).code).toBe(0);
    expect(existsSync(out)).toBe(true);
    const again = await run(["compare", weak, "--out", out]);
    expect(again.code).toBe(1);
    expect(again.err).toContain("exists; pass --force");
  });

  it("reports bad usage in one line", async () => {
    expect((await run(["compare"])).err).toBe("hipgait compare: expected one or two session files, got 0 (see `hipgait compare --help`)\n");
    const one = await run(["compare", weak, "--windows", "1m-3m"]);
    expect(one.code).toBe(2);
    expect(one.err).toContain("expected two windows separated by a comma");
    const empty = await run(["compare", weak, "--windows", "30m-40m,-2m"]);
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/no running steps in the window 30m-40m/);
  });
});
