#!/usr/bin/env node
// Entry point of the `hipgait` command. The TypeScript sources are compiled to dist/ by `npm install`
// (the `prepare` script: tsc, then scripts/bundle.mjs); this shim loads the bundled CLI (dist/bundle/, quicker to
// start), or the plain compiled one when there is no bundle, and reports a missing build in one line.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cliEntry as entry, freezeYoungGeneration } from "./cli-entry.js";

if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write("hipgait: the compiled CLI is missing (dist/); run `npm install` or `npm run build` in the hipgait folder\n");
  process.exit(2);
}
// A reader that stops early (`hipgait analyze run.csv --json | head`) closes the pipe: that is not an error, and
// it must not cut short what the command is still doing (a live recording goes on to its end and is closed).
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code !== "EPIPE") throw e;
  });
}
const { main } = await import(entry.href);
freezeYoungGeneration();
process.exitCode = await main(process.argv.slice(2));
