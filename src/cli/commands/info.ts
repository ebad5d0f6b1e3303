/** `hipgait info`: summarise a session file (format, frame, columns, units, metadata, rows, rate, gaps, warnings). */
import { UsageError } from "../../core/errors.js";
import { openInput } from "../../importers/index.js";
import type { SessionHeader, SessionStats } from "../../session/index.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../command.js";
import { INPUT_HELP, INPUT_OPTIONS, inputChoice } from "../input-options.js";

const HELP = [
  "Usage: hipgait info PATH [--json] [--format F | --columns MAP [--units LIST]]",
  "",
  "Reads a session file (session format v1: .csv, or .csv.gz), or an app's or sensor's export as a file, folder",
  "or zip (docs/importers.md), from start to end and prints a summary:",
  "format, frame (sensor or body), columns, units (declared, or inferred with a note saying how), metadata,",
  "number of rows, time span, estimated sample rate, gaps in the data and any warnings (such as a dropped",
  "truncated last line). A file that cannot be read is reported as `file:line: reason` with exit code 1.",
  "",
  "Options:",
  "  --json          print one JSON object instead of text: {file, header, stats, warnings}; times in seconds,",
  "                  rates in Hz, gaps as [start_s, end_s] pairs",
  ...INPUT_HELP,
  "  -h, --help      show this help",
  "",
  "Examples:",
  "  hipgait info run.csv",
  "  hipgait info run.csv.gz --json",
  "",
].join("\n");

/** How many gaps the text summary lists before saying "... and N more". */
const GAPS_LISTED = 20;

const UNIT_WORDS = {
  time: { s: "s", ms: "ms", us: "µs" },
  acc: { g: "g", mg: "mg", mps2: "m/s²" },
  gyro: { dps: "deg/s", rads: "rad/s" },
} as const;

function fmtSeconds(s: number): string {
  return `${s.toFixed(3)} s`;
}

function fmtClock(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const ss = sec.toFixed(1).padStart(4, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** Renders the text summary of a session. */
export function formatInfo(header: SessionHeader, stats: SessionStats, warnings: readonly string[]): string {
  const out: string[] = [];
  const row = (label: string, value: string): void => {
    out.push(`${(label === "" ? "" : `${label}:`).padEnd(11)}${value}`);
  };
  const more = (value: string): void => {
    out.push(`${"".padEnd(11)}${value}`);
  };
  row("file", header.file);
  row("format", header.format ?? "(not declared; read as hipgait-session/1)");
  row("frame", header.frame === "body" ? "body (already aligned to the pelvis: is = up, ml = right, pa = forward)" : "sensor (the device's own axes)");
  const canonical = header.columns.filter((c) => !header.extraColumns.includes(c));
  row("columns", canonical.join(", "));
  if (header.extraColumns.length > 0) row("extra", `${header.extraColumns.join(", ")} (carried through as text)`);
  const u = header.units;
  const units = [
    header.hasTime ? `time ${UNIT_WORDS.time[u.time]}` : "time synthesised from sample_rate_hz",
    `acceleration ${UNIT_WORDS.acc[u.acc]}`,
    u.gyro === null ? "no gyroscope" : `gyroscope ${UNIT_WORDS.gyro[u.gyro]}`,
  ];
  row("units", units.join(", "));
  for (const note of header.notes) more(`note: ${note}`);
  const keys = Object.keys(header.metadata);
  if (keys.length === 0) row("metadata", "none");
  keys.forEach((k, i) => row(i === 0 ? "metadata" : "", `${k}: ${header.metadata[k] ?? ""}`));
  row("rows", String(stats.rows));
  row("time", `${fmtSeconds(stats.first_s)} to ${fmtSeconds(stats.last_s)} (duration ${fmtSeconds(stats.duration_s)}, ${fmtClock(stats.duration_s)})`);
  const declared = header.declaredSampleRate_hz;
  const rateNote = !header.hasTime ? "from sample_rate_hz" : declared !== null ? `estimated; metadata says ${declared} Hz` : "estimated";
  row("rate", stats.sampleRate_hz > 0 ? `${stats.sampleRate_hz.toFixed(2)} Hz (${rateNote})` : "unknown (a single row)");
  if (stats.gaps.length === 0) {
    row("gaps", "none");
  } else {
    const total = stats.gaps.reduce((s, [a, b]) => s + (b - a), 0);
    row("gaps", `${stats.gaps.length} (${fmtSeconds(total)} in total)`);
    for (const [a, b] of stats.gaps.slice(0, GAPS_LISTED)) more(`${fmtSeconds(a)} to ${fmtSeconds(b)} (${fmtSeconds(b - a)})`);
    if (stats.gaps.length > GAPS_LISTED) more(`... and ${stats.gaps.length - GAPS_LISTED} more`);
  }
  if (stats.commentLines > 0) row("comments", `${stats.commentLines} comment line${stats.commentLines === 1 ? "" : "s"} among the data`);
  if (warnings.length === 0) row("warnings", "none");
  warnings.forEach((w, i) => row(i === 0 ? "warnings" : "", w));
  return `${out.join("\n")}\n`;
}

export const infoCommand: Command = {
  name: "info",
  summary: "summarise a session file: format, columns, units, rows, rate, gaps",
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs("info", argv, { json: { type: "boolean", default: false }, ...INPUT_OPTIONS });
    if (positionals.length !== 1) {
      throw new UsageError(`expected one session file, got ${positionals.length === 0 ? "none" : positionals.length} (see \`hipgait info --help\`)`);
    }
    const file = positionals[0] ?? "";
    const reader = await openInput(file, inputChoice(values));
    for await (const block of reader) void block;
    const stats = reader.stats();
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify({ file, header: reader.header, stats, warnings: reader.warnings })}\n`);
    } else {
      io.stdout.write(formatInfo(reader.header, stats, reader.warnings));
    }
    return 0;
  },
};
