// Runs the compiled CLI in this process and reports wall time and peak RSS on stderr as one JSON line, so a bench
// can measure `hipgait analyze` end to end (module loading included) without external tools.
const t0 = process.hrtime.bigint();
const { main } = await import(new URL("../../dist/cli/main.js", import.meta.url).href);
const code = await main(process.argv.slice(2));
const wall_s = Number(process.hrtime.bigint() - t0) / 1e9;
process.stderr.write(`${JSON.stringify({ code, wall_s, maxRss_mb: process.resourceUsage().maxRSS / 1024 })}\n`);
process.exitCode = code;
