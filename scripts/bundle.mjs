// Bundles the compiled CLI (dist/cli/main.js) and the batch worker (dist/batch/worker.js) into dist/bundle/, so that
// starting `hipgait` reads a few files instead of ~190 modules (93 of ours, 95 of zod): about 0.1 s less per
// command. Lazily imported parts (Bluetooth, the simulator, the HTML report ...) stay lazy as chunks of their own.
// Packages with native parts, data files or their own lazy loading stay outside the bundle and load from
// node_modules as before. fili (filter design, needed by every analysis) is plain CommonJS and goes in: loaded from
// outside, Node parsed it for its exports (cjs-module-lexer) on every start, ~10-20 ms. bin/hipgait.js runs the bundle when it exists and dist/cli/main.js otherwise.
import { build } from "esbuild";
import { rmSync } from "node:fs";

const outdir = new URL("../dist/bundle/", import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { hipgait: "dist/cli/main.js", worker: "dist/batch/worker.js" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["@abandonware/noble", "unzipper", "@garmin/fitsdk", "uplot", "mathjs", "tsx"],
  logLevel: "warning",
});
