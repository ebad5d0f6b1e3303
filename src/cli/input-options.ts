/** The options that say how to read an input (`--format`, `--columns`, `--units`), shared by analyze, info and convert. */
import { UsageError } from "../core/errors.js";
import { FORMAT_IDS, type InputChoice } from "../importers/index.js";
import type { Options, ParsedArgs } from "./args.js";

export const INPUT_OPTIONS: Options = {
  format: { type: "string" },
  columns: { type: "string" },
  units: { type: "string" },
};

/** Help lines for the input options, indented like the other commands' option lists. */
export const INPUT_HELP: readonly string[] = [
  "  --format F      read PATH as this format instead of recognising it (docs/importers.md):",
  `                  ${FORMAT_IDS.join(", ")}`,
  "  --columns MAP   read PATH as a delimited text file (comma, semicolon or tab) whose header names the columns",
  "                  in MAP: t=COL,ax=COL,ay=COL,az=COL and optionally gx=COL,gy=COL,gz=COL (no gyroscope: no",
  "                  pelvic angles). Acceleration must include gravity.",
  "  --units LIST    what the --columns hold: t=s|ms|us|ns, acc=g|mg|mps2, gyro=dps|rads, acc_sign=1|-1",
  "                  (default t=s,acc=g,gyro=dps,acc_sign=1; acc_sign=-1 for iOS, which reads -1 g upward at rest)",
];

/** The input choice of parsed arguments; a bad --format is a usage error before any file is read. */
export function inputChoice(values: ParsedArgs["values"]): InputChoice {
  const choice: InputChoice = {};
  if (typeof values.format === "string") {
    if (!(FORMAT_IDS as readonly string[]).includes(values.format)) throw new UsageError(`--format: expected one of ${FORMAT_IDS.join(", ")}, got "${values.format}"`);
    choice.format = values.format;
  }
  if (typeof values.columns === "string") choice.columns = values.columns;
  if (typeof values.units === "string") choice.units = values.units;
  if (choice.format !== undefined && choice.columns !== undefined) throw new UsageError("--format and --columns cannot be used together: --columns already says how to read the file");
  if (choice.units !== undefined && choice.columns === undefined) throw new UsageError("--units needs --columns");
  return choice;
}
