/**
 * The per-step results as a plain CSV file (`hipgait analyze --steps-csv FILE`): one header row with the JSON step
 * field names, one row per running step, fixed decimals per field, an empty cell for null, `\n` line ends. The
 * columns and their units are described in docs/exports.md.
 */
import type { AnalysisDocument } from "../pipeline/document.js";
import { STEP_DECIMALS, type StepResult } from "../pipeline/types.js";
import type { WriteJsonOptions } from "./json.js";
import { streamNewFile } from "./new-file.js";

/** The columns in order (the order of the fields in the JSON document) with their decimal places (null: `side`). */
export const STEP_CSV_COLUMNS: ReadonlyArray<readonly [keyof StepResult, number | null]> = [
  ["t", STEP_DECIMALS.t],
  ["side", null],
  ...(Object.entries(STEP_DECIMALS) as Array<[keyof typeof STEP_DECIMALS, number]>).filter(([k]) => k !== "t"),
];

/** Fields that are never null in a step (the others may be: see docs/analysis-json.md#steps). */
const NEVER_NULL: ReadonlySet<keyof StepResult> = new Set(["t", "side", "toe_off_s", "contact_time_ms", "peak_braking_g", "peak_propulsion_g", "peak_vertical_g"]);

/** The header row, ending in `\n`. */
export function stepsCsvHeader(): string {
  return `${STEP_CSV_COLUMNS.map(([k]) => k).join(",")}\n`;
}

/**
 * One step as a CSV row ending in `\n`: numbers with the field's fixed decimals (`toFixed`, so 246 ms prints as
 * `246.0`), null as an empty cell. A value that cannot be written (not finite, a null where the field never is null,
 * a bad side) is a bug in hipgait: plain Error naming the step and field.
 */
export function stepCsvRow(step: StepResult, index = 0): string {
  let row = "";
  for (let c = 0; c < STEP_CSV_COLUMNS.length; c++) {
    const [key, decimals] = STEP_CSV_COLUMNS[c]!;
    const v = step[key];
    let cell: string;
    if (decimals === null) {
      if (v !== "left" && v !== "right") throw new Error(`steps CSV: step ${index}: ${key} must be "left" or "right", got ${String(v)}`);
      cell = v;
    } else if (v === null) {
      if (NEVER_NULL.has(key)) throw new Error(`steps CSV: step ${index}: ${key} must not be null`);
      cell = "";
    } else if (typeof v === "number" && Number.isFinite(v)) {
      cell = v.toFixed(decimals);
      if (cell.startsWith("-") && Number(cell) === 0) cell = cell.slice(1); // -0.001 at 2 decimals: "0.00", not "-0.00"
    } else {
      throw new Error(`steps CSV: step ${index}: ${key} must be a finite number, got ${String(v)}`);
    }
    row += c === 0 ? cell : `,${cell}`;
  }
  return `${row}\n`;
}

/** The CSV text in chunks: the header, then `batch` rows per chunk (a 3-hour run's 30 000 steps are never one string). */
export function* stepsCsvChunks(steps: readonly StepResult[], batch = 1000): Generator<string> {
  yield stepsCsvHeader();
  let chunk = "";
  for (let i = 0; i < steps.length; i++) {
    chunk += stepCsvRow(steps[i]!, i);
    if ((i + 1) % batch === 0) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk !== "") yield chunk;
}

/** Writes the document's steps as CSV to `path`, streaming, never replacing an existing file unless `opts.force`. */
export async function writeStepsCsv(doc: AnalysisDocument, path: string, opts: WriteJsonOptions = {}): Promise<void> {
  await streamNewFile(path, stepsCsvChunks(doc.steps), opts);
}
