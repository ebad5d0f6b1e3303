// Which compiled CLI module the `hipgait` command loads: the esbuild bundle (dist/bundle/, quicker to start) when it
// is built, else the plain compiled CLI (dist/cli/main.js). Shared by bin/hipgait.js and the benchmarks, so that
// they time what the command runs.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bundled = new URL("../dist/bundle/hipgait.js", import.meta.url);
export const cliEntry = existsSync(fileURLToPath(bundled)) ? bundled : new URL("../dist/cli/main.js", import.meta.url);
