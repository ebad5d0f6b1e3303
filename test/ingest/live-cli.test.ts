/**
 * `hipgait live --source sim` end to end through the built CLI: live metrics, a recording that `analyze` reads, no
 * silent overwrite, and a recording killed with SIGKILL mid-run that is still a readable session.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSession } from "../../src/session/index.js";

const root = new URL("../..", import.meta.url).pathname;
const bin = join(root, "bin/hipgait.js");
const dir = mkdtempSync(join(tmpdir(), "hipgait-live-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("hipgait live --source sim", () => {
  it("prints live metrics, records a session that analyze reads, and refuses to overwrite it", () => {
    const rec = join(dir, "run.csv");
    const r = spawnSync(process.execPath, [bin, "live", "--source", "sim", "--preset", "weak-abductor", "--fast", "--minutes", "4", "--record", rec], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/streaming from sim-pgi \(hipgait PGI v1\): 208\.0 Hz, recording to/);
    expect(r.stdout).toMatch(/sensor: hipgait sensor \(LSM6DS3TR-C\), firmware PGI 1\.1 build \d+/);
    expect(r.stdout).toMatch(/clock sync: \d+ of 20 exchanges/);
    expect(r.stdout).toMatch(/battery \d+ %/);
    // the header names the sensor and, from the clock sync, when the first sample was taken
    const head = readFileSync(rec, "utf8").slice(0, 600);
    expect(head).toMatch(/# firmware: PGI 1\.1 build \d+\n/);
    const started = /# started_at: (\S+)\n/.exec(head)?.[1];
    expect(Math.abs(Date.parse(started!) - Date.now())).toBeLessThan(60_000);
    expect(r.stdout).toMatch(/steps \d+ {2}cadence 1\d\d\.\d spm {2}drop L \d\.\d R \d\.\d deg/);
    expect(r.stdout).toMatch(/vs start: cadence [+-]\d/);
    expect(r.stdout).toMatch(/stopped: \d+ samples, \d+ steps, \d+ samples lost in \d+ gaps, 0 reconnections, 0 duplicates dropped, clock 40 ppm/);
    const a = spawnSync(process.execPath, [bin, "analyze", rec, "--json"], { encoding: "utf8", maxBuffer: 1 << 28 });
    expect(a.status, a.stderr).toBe(0);
    const doc = JSON.parse(a.stdout) as { summary: { steps: number; cadence_spm: number }; input: { sample_rate_hz: number } };
    expect(doc.summary.steps).toBeGreaterThan(500);
    expect(doc.summary.cadence_spm).toBeGreaterThan(160);
    expect(Math.abs(doc.input.sample_rate_hz / 208 - 1)).toBeLessThan(1e-4); // the device clock (40 ppm)
    const again = spawnSync(process.execPath, [bin, "live", "--source", "sim", "--preset", "healthy", "--fast", "--minutes", "1", "--record", rec], { encoding: "utf8" });
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(`hipgait live: ${rec} exists; pass --force to overwrite it\n`);
  }, 60_000);

  it("streams in real time by default and ends by itself after --duration", () => {
    const rec = join(dir, "rt.csv");
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [bin, "live", "--source", "sim", "--duration", "3", "--record", rec], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    // paced by the simulated sensor's clock: 3 s of data cannot arrive faster than 3 s
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2900);
    const a = spawnSync(process.execPath, [bin, "info", rec], { encoding: "utf8" });
    expect(a.status, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/\(duration 3\.\d+ s,/);
  }, 30_000);

  it("leaves a readable recording when killed with SIGKILL mid-run", async () => {
    const rec = join(dir, "killed.csv");
    const child = spawn(process.execPath, [bin, "live", "--source", "sim", "--preset", "healthy", "--fast", "--minutes", "120", "--record", rec], { stdio: ["ignore", "pipe", "pipe"] });
    // kill once the recording has been flushed at least once after the first samples
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        try {
          if (statSync(rec).size > 200_000) {
            clearInterval(t);
            resolve();
          }
        } catch {
          /* not created yet */
        }
      }, 50);
    });
    await new Promise((r) => setTimeout(r, 1200));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const reader = await openSession(rec);
    let rows = 0;
    for await (const b of reader) rows += b.length;
    expect(rows).toBeGreaterThan(10_000);
    expect(reader.warnings.every((w) => /truncated/.test(w))).toBe(true);
  }, 60_000);

  it.each(["movesense", "polar"])("streams a simulated %s through link drops and records it", (sensor) => {
    const rec = join(dir, `${sensor}.csv`);
    const r = spawnSync(process.execPath, [bin, "live", "--source", "sim", "--preset", "healthy", "--fast", "--sensor", sensor, "--minutes", "2", "--drop-every", "40", "--record", rec], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`streaming from sim-${sensor} \\(${sensor === "polar" ? "Polar PMD" : "Movesense IMU6"}`));
    expect(r.stdout).toMatch(/link dropped \(supervision timeout\): reconnecting/);
    expect(r.stdout).toMatch(/stopped: \d+ samples, \d+ steps, \d+ samples lost in \d+ gaps, [23] reconnections, 0 duplicates dropped, clock 40 ppm/);
    const a = spawnSync(process.execPath, [bin, "analyze", rec, "--json"], { encoding: "utf8", maxBuffer: 1 << 28 });
    expect(a.status, a.stderr).toBe(0);
    const doc = JSON.parse(a.stdout) as { summary: { steps: number; cadence_spm: number } };
    expect(doc.summary.steps).toBeGreaterThan(200);
    expect(doc.summary.cadence_spm).toBeGreaterThan(160);
  }, 60_000);

  it("captures the raw notifications, and replaying the capture gives the same recording byte for byte", () => {
    for (const sensor of ["pgi", "polar"]) {
      const rec = join(dir, `cap-${sensor}.csv`), cap = join(dir, `cap-${sensor}.ndjson`), again = join(dir, `rep-${sensor}.csv`);
      const r = spawnSync(process.execPath, [bin, "live", "--source", "sim", "--sensor", sensor, "--minutes", "2", "--drop-every", "45", "--fast", "--record", rec, "--capture", cap], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(`captured ${cap}`);
      const p = spawnSync(process.execPath, [bin, "live", "--source", "replay", cap, "--fast", "--record", again], { encoding: "utf8" });
      expect(p.status, p.stderr).toBe(0);
      expect(p.stdout).toMatch(/[23] reconnections, 0 duplicates dropped/);
      const rows = (f: string): string => readFileSync(f, "utf8").replace(/^#.*\n/gm, "");
      expect(rows(again).length).toBeGreaterThan(1_000_000);
      expect(rows(again)).toBe(rows(rec));
    }
  }, 60_000);

  it("reports a damaged capture line with file and line, keeping what came before", () => {
    const cap = join(dir, "cap-pgi.ndjson"), bad = join(dir, "bad.ndjson"), rec = join(dir, "bad.csv");
    const lines = readFileSync(cap, "utf8").split("\n");
    lines[600] = '{"t":1,"e":"n","c":"x","x":"ZZ"}';
    writeFileSync(bad, lines.join("\n"));
    const p = spawnSync(process.execPath, [bin, "live", "--source", "replay", bad, "--fast", "--record", rec], { encoding: "utf8" });
    expect(p.status).toBe(1);
    expect(p.stderr).toBe(`hipgait live: ${bad}:601: x: bytes as hex pairs separated by spaces: expected a capture event (e: w, n, drop or up)\n`);
    expect(readFileSync(rec, "utf8").split("\n").length).toBeGreaterThan(5000);
    writeFileSync(bad, "not json\n");
    const h = spawnSync(process.execPath, [bin, "live", "--source", "replay", bad], { encoding: "utf8" });
    expect(h.status).toBe(1);
    expect(h.stderr).toBe(`hipgait live: ${bad}:1: not JSON: expected a hipgait-capture/1 header line\n`);
  }, 60_000);

  it("keeps memory flat through a link that drops every 30 s for 5 minutes", () => {
    // peak RSS of the whole process (bench/lib/run-measured.mjs reports it): 5 minutes with 9 reconnections against
    // 1 minute with one; what may grow is only the per-step results (about 0.6 kB a step, ~0.5 MB here)
    const peak = (minutes: number): number => {
      const rec = join(dir, `flat-${minutes}.csv`);
      const r = spawnSync(process.execPath, [join(root, "bench/lib/run-measured.mjs"), "live", "--source", "sim", "--preset", "healthy", "--fast", "--minutes", String(minutes), "--drop-every", "30", "--record", rec], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      return (JSON.parse(r.stderr.trim().split("\n").pop()!) as { maxRss_mb: number }).maxRss_mb;
    };
    const one = peak(1), five = peak(5);
    expect(five - one).toBeLessThan(25); // measured 7-9 MB (the V8 heap settles higher on a longer run)
  }, 120_000);

  it("loses at most about one second of a real-time recording to SIGKILL", async () => {
    const rec = join(dir, "killed-realtime.csv");
    const child = spawn(process.execPath, [bin, "live", "--source", "sim", "--preset", "healthy", "--minutes", "1", "--record", rec], { stdio: ["ignore", "pipe", "pipe"] });
    // the simulated sensor paces itself on the wall clock from the start of streaming (catching up after a late
    // timer), so its time at the kill is at least the wall time since the "streaming from" line
    const t0 = await new Promise<number>((resolve) => {
      let text = "";
      child.stdout.on("data", (d: Buffer) => {
        text += d.toString();
        if (text.includes("streaming from")) resolve(performance.now());
      });
    });
    await new Promise((r) => setTimeout(r, 4500));
    const elapsed_s = (performance.now() - t0) / 1000;
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const reader = await openSession(rec);
    let last = 0;
    for await (const b of reader) if (b.length > 0) last = b.t_s[b.length - 1]!;
    // flushed once a second; 0.25 s allowed for the notification in flight and the event loop on a loaded machine
    expect(elapsed_s - last).toBeLessThanOrEqual(1.25);
    expect(last).toBeGreaterThan(2);
  }, 60_000);

  it("stops at a file-size limit with one line and keeps a readable recording up to it", async () => {
    // `ulimit -f` makes writes past 1 MB fail (EFBIG), as a disk filling up part-way through a run does
    const rec = join(dir, "limited.csv");
    const r = spawnSync("bash", ["-c", `ulimit -f 1000; exec "${process.execPath}" "${bin}" live --source sim --preset healthy --fast --minutes 3 --record "${rec}"`], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`hipgait live: ${rec}: the file system refuses a larger file; the file holds what was written before\n`);
    expect(statSync(rec).size).toBeLessThanOrEqual(1000 * 1024);
    const reader = await openSession(rec);
    let rows = 0;
    for await (const b of reader) rows += b.length;
    expect(rows).toBeGreaterThan(10_000); // about 60 s of samples at 208 Hz
    expect(reader.warnings.every((w) => /truncated/.test(w))).toBe(true);
  }, 60_000);

  it.skipIf(!existsSync("/dev/full"))("reports a full disk in one line and exits 1, without a stack trace", () => {
    // /dev/full accepts the open and fails every write with ENOSPC, as a full disk does
    const r = spawnSync(process.execPath, [bin, "live", "--source", "sim", "--preset", "healthy", "--fast", "--minutes", "1", "--record", "/dev/full", "--force"], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^hipgait live: \/dev\/full: the disk is full; the file holds what was written before \(about \d+ rows were given to it\)\n$/);
  }, 60_000);

  it("refuses a compressed recording (a crash would leave it unreadable) and unknown presets", () => {
    const gz = spawnSync(process.execPath, [bin, "live", "--source", "sim", "--preset", "healthy", "--fast", "--record", join(dir, "x.csv.gz")], { encoding: "utf8" });
    expect(gz.status).toBe(2);
    expect(gz.stderr).toContain("plain text so that a crash leaves a readable file");
    const bad = spawnSync(process.execPath, [bin, "live", "--source", "sim", "--preset", "sprinter", "--fast"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown preset "sprinter"');
    const kind = spawnSync(process.execPath, [bin, "live", "--source", "sim", "--preset", "healthy", "--fast", "--sensor", "garmin"], { encoding: "utf8" });
    expect(kind.status).toBe(2);
    expect(kind.stderr).toBe('hipgait live: --sensor: expected one of pgi, movesense, polar, got "garmin"\n');
    const real = spawnSync(process.execPath, [bin, "live", "--sensor", "polar"], { encoding: "utf8" });
    expect(real.status).toBe(2);
    expect(real.stderr).toBe("hipgait live: --sensor needs --source sim\n");
    const src = spawnSync(process.execPath, [bin, "live", "--source", "usb"], { encoding: "utf8" });
    expect(src.status).toBe(2);
    expect(src.stderr).toBe('hipgait live: --source: expected one of ble, sim, replay, got "usb"\n');
    writeFileSync(join(dir, "keep.csv"), "precious");
    const keep = spawnSync(process.execPath, [bin, "live", "--source", "sim", "--preset", "healthy", "--fast", "--record", join(dir, "keep.csv")], { encoding: "utf8" });
    expect(keep.status).toBe(1);
    expect(readFileSync(join(dir, "keep.csv"), "utf8")).toBe("precious");
  });
});
