// The CLI module the `hipgait` command loads (as bin/hipgait.js does): the esbuild bundle when it is built, else the
// plain compiled CLI. The benchmarks measure this, so that their end-to-end times are those of the command as run.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bundled = new URL("../../dist/bundle/hipgait.js", import.meta.url);
export const cliEntry = existsSync(fileURLToPath(bundled)) ? bundled : new URL("../../dist/cli/main.js", import.meta.url);
