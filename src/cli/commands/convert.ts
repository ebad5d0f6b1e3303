/** `hipgait convert IN --out session.csv`: every input hipgait reads, written as a session file (format v1). */
import { existsSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { UsageError, UserError } from "../../core/errors.js";
import { openInput } from "../../importers/index.js";
import { parseSessionMetadata } from "../../session/schema.js";
import { createSessionWriter, type SessionWriter } from "../../session/index.js";
import type { SessionHeader } from "../../session/types.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../command.js";
import { INPUT_HELP, INPUT_OPTIONS, inputChoice } from "../input-options.js";

const HELP = [
  "Usage: hipgait convert PATH --out FILE [--force] [--format F | --columns MAP [--units LIST]]",
  "",
  "Reads PATH as `hipgait analyze` does (a session file, or an app's or sensor's export as a file, folder or",
  "zip; docs/importers.md) and writes it as a hipgait session file (docs/session-format.md): time in s,",
  "acceleration in g and rotation rate in deg/s in the sensor's axes, on one uniform time grid, with the",
  "recording's start time, sensor and sample rate as metadata and a note saying where it came from. Gaps stay",
  "gaps. The file is gzip-compressed when FILE ends in .gz. Nothing is written under FILE until the whole input",
  "has been read: a bad row stops the conversion with `file:line: reason` and leaves no partial file.",
  "",
  "Options:",
  "  --out FILE      the session file to write (.csv or .csv.gz); required",
  "  --force         replace FILE if it exists (without it, an existing FILE is an error)",
  ...INPUT_HELP,
  "  -h, --help      show this help",
  "",
  "Examples:",
  "  hipgait convert phyphox-export.zip --out run.csv.gz",
  "  hipgait convert 'Sensor Logger 2026-03-14' --out run.csv",
  "  hipgait convert logger.csv --columns t=time_ms,ax=AccX,ay=AccY,az=AccZ --units t=ms,acc=mps2 --out run.csv",
  "",
].join("\n");

/** Metadata carried over from the input when present (the writer sets format, units and the sample rate itself). */
const CARRIED = ["sensor", "firmware", "mount", "runner", "started_at"] as const;

/** The metadata of the converted file: what the input said, the grid's rate, units, and where it came from. */
export function convertedMetadata(path: string, header: SessionHeader, rate_hz: number | null, version: string): Record<string, string | number> {
  const meta: Record<string, string | number> = {};
  if (rate_hz !== null) meta.sample_rate_hz = rate_hz;
  for (const key of CARRIED) {
    const value = header.metadata[key];
    if (value === undefined || /[\r\n]/.test(value)) continue;
    if (!parseSessionMetadata({ [key]: value }).ok) continue; // e.g. a started_at that is not ISO 8601
    meta[key] = value;
  }
  const source = header.metadata.source_format ?? (header.format ?? "hipgait session");
  const was = header.metadata.notes !== undefined ? `; notes of the input: ${header.metadata.notes}` : "";
  const how = [source, ...header.notes.filter((n) => n !== "" && n !== `read as ${source}`)].join("; ");
  meta.notes = `converted by hipgait ${version} from ${basename(path)} (${how})${was}`.replace(/[\r\n]+/g, " ");
  meta.time_unit = "s";
  meta.acc_unit = "g";
  if (header.hasGyro) meta.gyro_unit = "dps";
  return meta;
}

export const convertCommand: Command = {
  name: "convert",
  summary: "write any input hipgait reads (app and sensor exports) as a hipgait session file",
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs("convert", argv, { out: { type: "string" }, force: { type: "boolean", default: false }, ...INPUT_OPTIONS });
    if (positionals.length !== 1) {
      const got = positionals.length === 0 ? "none" : `${positionals.length} (${positionals.join(" ")})`;
      throw new UsageError(`expected one input file, folder or zip, got ${got} (see \`hipgait convert --help\`)`);
    }
    const input = positionals[0]!;
    const out = typeof values.out === "string" ? values.out : undefined;
    if (out === undefined || out === "") throw new UsageError("--out FILE is required: the session file to write (see `hipgait convert --help`)");
    if (!/\.csv(\.gz)?$/i.test(out)) throw new UsageError(`--out ${out}: a session file ends in .csv or .csv.gz`);
    if (resolve(out) === resolve(input)) throw new UsageError(`--out ${out} would replace the input`);
    const force = values.force === true;
    if (!force && existsSync(out)) throw new UserError(`${out} exists; pass --force to overwrite it`);
    const choice = inputChoice(values);

    const reader = await openInput(input, { ...choice, blockSize: 8192, reuseBlocks: true });
    const { HIPGAIT_VERSION } = await import("../../pipeline/analyze-file.js");
    // Written beside the target and renamed at the end: a failure part-way leaves no half-converted FILE.
    const tmp = `${out}.partial-${process.pid}${out.toLowerCase().endsWith(".gz") ? ".gz" : ""}`;
    let writer: SessionWriter | null = null;
    let columns = 0;
    const row = new Float64Array(7);
    try {
      for await (const b of reader) {
        if (writer === null) {
          const h = reader.header;
          columns = h.hasGyro ? 7 : 4;
          const names = h.frame === "body" ? ["t", "acc_is", "acc_ml", "acc_pa", "gyr_is", "gyr_ml", "gyr_pa"] : ["t", "ax", "ay", "az", "gx", "gy", "gz"];
          writer = await createSessionWriter(tmp, {
            metadata: convertedMetadata(input, h, h.declaredSampleRate_hz, HIPGAIT_VERSION),
            columns: names.slice(0, columns),
            decimals: [6, 5, 5, 5, 3, 3, 3].slice(0, columns),
            overwrite: true,
          });
        }
        for (let i = 0; i < b.length; i++) {
          row[0] = b.t_s[i]!;
          row[1] = b.ax_g[i]!;
          row[2] = b.ay_g[i]!;
          row[3] = b.az_g[i]!;
          if (columns === 7) {
            row[4] = b.gx_dps![i]!;
            row[5] = b.gy_dps![i]!;
            row[6] = b.gz_dps![i]!;
          }
          writer.writeRow(columns === 7 ? row : row.subarray(0, 4));
        }
        await writer.flush();
      }
      if (writer === null) throw new UserError(`${input}: no samples to convert`);
      await writer.close();
      if (!force && existsSync(out)) throw new UserError(`${out} exists; pass --force to overwrite it`);
      await rename(tmp, out);
    } catch (e) {
      reader.close();
      if (writer !== null) await writer.close().catch(() => undefined);
      await rm(tmp, { force: true });
      throw e;
    }
    const stats = reader.stats();
    const gaps = stats.gaps.length === 0 ? "no gaps" : `${stats.gaps.length} gap${stats.gaps.length === 1 ? "" : "s"} kept`;
    io.stdout.write(`wrote ${out}: ${stats.rows} samples, ${stats.duration_s.toFixed(1)} s at ${Math.round(stats.sampleRate_hz * 10) / 10} Hz, ${gaps} (${reader.header.notes[0] ?? "session"})\n`);
    for (const w of reader.warnings) io.stderr.write(`hipgait convert: warning: ${w}\n`);
    return 0;
  },
};
