// The read-the-file floor for bench/suite.ts: the compiled session reader iterated to the end of FILE with large,
// reused blocks and nothing done with the samples, in this (fresh) process. Usage: node read-floor.mjs FILE [BLOCK].
// Reports on stderr one JSON line: rows, wall_s (module loading to the end, as run-measured.mjs), read_s (the
// reading alone), cpu_s (CPU time of the whole process) and peak RSS.
const t0 = process.hrtime.bigint();
const { openSession } = await import(new URL("../../dist/session/index.js", import.meta.url).href);
const file = process.argv[2];
const blockSize = Number(process.argv[3] ?? 65536);
const t1 = process.hrtime.bigint();
const reader = await openSession(file, { blockSize, reuseBlocks: true });
let rows = 0;
let checksum = 0;
for await (const b of reader) {
  rows += b.length;
  checksum += b.ax_g[b.length - 1];
}
const t2 = process.hrtime.bigint();
const s = (a, b) => Number(b - a) / 1e9;
const usage = process.resourceUsage();
const cpu_s = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
process.stderr.write(`${JSON.stringify({ rows, checksum, wall_s: s(t0, t2), read_s: s(t1, t2), cpu_s, maxRss_mb: usage.maxRSS / 1024 })}\n`);
