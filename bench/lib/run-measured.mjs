// Runs the CLI in this process, the module the `hipgait` command loads (bin/cli-entry.js: the bundle), and reports wall
// time, CPU time and peak RSS on stderr as one JSON line, so a bench can measure `hipgait analyze` end to end (module
// loading included) without external tools.
const t0 = process.hrtime.bigint();
const { cliEntry, freezeYoungGeneration } = await import("../../bin/cli-entry.js");
const { main } = await import(cliEntry.href);
freezeYoungGeneration();
const code = await main(process.argv.slice(2));
const wall_s = Number(process.hrtime.bigint() - t0) / 1e9;
const usage = process.resourceUsage();
// cpu_s: user + system CPU time of every thread of the process, s; less disturbed than wall time on a busy machine
const cpu_s = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
process.stderr.write(`${JSON.stringify({ code, wall_s, cpu_s, maxRss_mb: usage.maxRSS / 1024 })}\n`);
process.exitCode = code;
