/** Shared helpers for the session tests: temporary files and small CSV builders. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll } from "vitest";

/** A fresh temporary folder for one test file, removed after its tests. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `hipgait-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

let counter = 0;

/** Writes `content` to a new file in `dir` (gzip-compressed when the name ends in .gz) and returns its path. */
export function writeTemp(dir: string, content: string | Buffer, name = "s.csv"): string {
  const path = join(dir, `${counter++}-${name}`);
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  writeFileSync(path, name.endsWith(".gz") ? gzipSync(bytes) : bytes);
  return path;
}

/** Joins lines with "\n" and appends a final newline. */
export function lines(...rows: string[]): string {
  return `${rows.join("\n")}\n`;
}

/**
 * Rows of a gentle running-like signal: n rows at `rate` Hz, acc in g around (0, 0, 1) with ±0.6 g of motion,
 * gyro in deg/s with amplitude `gyroAmp`. `fmt` formats a row from [t, ax, ay, az, gx, gy, gz].
 */
export function signalRows(n: number, rate: number, gyroAmp = 150, fmt: (v: number[]) => string = (v) => v.map((x) => x.toFixed(5)).join(",")): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    const ph = 2 * Math.PI * 2.7 * t;
    out.push(fmt([t, 0.3 * Math.sin(ph / 2), 0.2 * Math.cos(ph), 1 + 0.6 * Math.sin(ph), gyroAmp * Math.sin(ph / 2), (gyroAmp / 2) * Math.cos(ph), (gyroAmp / 3) * Math.sin(ph + 1)]));
  }
  return out;
}
