/**
 * Session reader speed bench: `npx tsx bench/read-speed.ts [--rows N] [--repeat K] [--file PATH ...]`; prints numbers only.
 */
// Writes a large temporary session (plain .csv and .csv.gz) with the session writer (or takes the --file paths),
// reads each back in a fresh child process with the options `hipgait analyze` uses, and prints rows/s, MB/s and the
// child's peak RSS; generated files are deleted afterwards.
import { fork } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createSessionWriter, openSession } from "../src/session/index.js";

/** As in src/pipeline/analyze-file.ts. */
const READ_OPTIONS = { blockSize: 8192, reuseBlocks: true };

interface ReadResult {
  rows: number;
  seconds: number;
  checksum: number;
  maxRss_MB: number;
  /** Peak RSS of the child before it started reading (node + tsx + modules). */
  baseRss_MB: number;
}

/** Child mode: read one file, report timing and peak RSS to the parent. */
async function readOnce(file: string): Promise<ReadResult> {
  const baseRss_MB = process.resourceUsage().maxRSS / 1024;
  const start = process.hrtime.bigint();
  const reader = await openSession(file, READ_OPTIONS);
  let rows = 0;
  let checksum = 0;
  for await (const b of reader) {
    rows += b.length;
    checksum += b.ax_g[b.length - 1]! + (b.gz_dps?.[0] ?? 0);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { rows, seconds, checksum, maxRss_MB: process.resourceUsage().maxRSS / 1024, baseRss_MB };
}

function readInChild(file: string): Promise<ReadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ["--read", file], { execArgv: process.execArgv });
    let result: ReadResult | null = null;
    child.on("message", (m) => {
      result = m as ReadResult;
    });
    child.on("error", reject);
    child.on("exit", (code) => (result !== null ? resolve(result) : reject(new Error(`reader child exited with ${code}`))));
  });
}

/** Writes `rows` rows of plausible running data at 416 Hz; returns the seconds it took. */
async function generate(file: string, rows: number): Promise<number> {
  const start = process.hrtime.bigint();
  const rate = 416;
  const w = await createSessionWriter(file, {
    metadata: { sample_rate_hz: rate, sensor: "bench", mount: "upright" },
    columns: ["t", "ax", "ay", "az", "gx", "gy", "gz"],
  });
  const row = new Float64Array(7);
  let seed = 12345;
  const noise = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648 - 0.5;
  };
  for (let i = 0; i < rows; i++) {
    const t = i / rate;
    const ph = 2 * Math.PI * 2.8 * t;
    row[0] = t;
    row[1] = 1 + 0.9 * Math.sin(ph) + 0.05 * noise();
    row[2] = 0.3 * Math.sin(ph / 2) + 0.05 * noise();
    row[3] = 0.4 * Math.cos(ph) + 0.05 * noise();
    row[4] = 120 * Math.sin(ph / 2) + 3 * noise();
    row[5] = 60 * Math.cos(ph) + 3 * noise();
    row[6] = 35 * Math.sin(ph + 1) + 3 * noise();
    w.writeRow(row);
    if ((i & 0xffff) === 0) await w.flush();
  }
  await w.close();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const mb = (b: number): string => (b / 1e6).toFixed(1);

/** Reads `file` `repeat` times, each in a fresh child, and prints the best run. */
async function benchFile(label: string, file: string, expectedRows: number | null, repeat: number, plainBytes: number | null): Promise<void> {
  const bytes = (await stat(file)).size;
  let best: ReadResult | null = null;
  for (let k = 0; k < repeat; k++) {
    const r = await readInChild(file);
    if (expectedRows !== null && r.rows !== expectedRows) throw new Error(`read ${r.rows} rows, expected ${expectedRows}`);
    if (best === null || r.seconds < best.seconds) best = r;
  }
  if (best === null) return;
  const extra = plainBytes !== null ? `, ${mb(plainBytes / best.seconds)} MB/s uncompressed` : "";
  console.log(
    `  read ${label}: ${(best.rows / best.seconds / 1e6).toFixed(2)} M rows/s, ${mb(bytes / best.seconds)} MB/s of file${extra}, ` +
      `${best.seconds.toFixed(3)} s, peak RSS ${best.maxRss_MB.toFixed(0)} MB (${best.baseRss_MB.toFixed(0)} MB before reading; best of ${repeat})`,
  );
}

async function benchMain(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: "string", default: "2000000" },
      repeat: { type: "string", default: "3" },
      file: { type: "string", multiple: true },
    },
  });
  const rows = Number(values.rows);
  const repeat = Number(values.repeat);
  if (values.file !== undefined && values.file.length > 0) {
    console.log(`session read speed, given files (node ${process.version}, blockSize ${READ_OPTIONS.blockSize})`);
    for (const file of values.file) await benchFile(file, file, null, repeat, null);
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), "hipgait-bench-"));
  try {
    const plain = join(dir, "bench.csv");
    const gz = join(dir, "bench.csv.gz");
    const wPlain = await generate(plain, rows);
    const wGz = await generate(gz, rows);
    const plainBytes = (await stat(plain)).size;
    const gzBytes = (await stat(gz)).size;
    console.log(`session read speed, ${rows} rows x 7 columns (node ${process.version}, blockSize ${READ_OPTIONS.blockSize})`);
    console.log(`  write plain: ${(rows / wPlain / 1e6).toFixed(2)} M rows/s (${mb(plainBytes)} MB)`);
    console.log(`  write gzip:  ${(rows / wGz / 1e6).toFixed(2)} M rows/s (${mb(gzBytes)} MB compressed)`);
    await benchFile("plain", plain, rows, repeat, null);
    await benchFile("gzip ", gz, rows, repeat, plainBytes);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const readIdx = process.argv.indexOf("--read");
if (readIdx >= 0) {
  const file = process.argv[readIdx + 1] ?? "";
  const result = await readOnce(file);
  process.send?.(result);
} else {
  await benchMain();
}
