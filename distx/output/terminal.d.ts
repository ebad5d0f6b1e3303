/** Text summary of an analysis document for a runner or coach: input, calibration, a metrics table, steps and notes. */
import type { AnalysisDocument } from "../pipeline/document.js";
/** Longest line formatSummary writes, in characters (a long file name is shortened in the middle to fit). */
export declare const SUMMARY_WIDTH = 100;
/** Options of formatSummary. */
export interface SummaryOptions {
    /** Use ANSI colours (bold headings, dim n/a, yellow notes). Default false; the CLI turns it on for a terminal. */
    color?: boolean;
}
/**
 * Renders an analysis document as a text summary for the terminal: file and input, calibration, a table of the run's
 * metrics (left / right / overall / L−R, units in the metric names), steps and running time, periods not running,
 * and notes. Unavailable values print as "n/a" and the notes give the reason; nothing is estimated here. Lines are at
 * most SUMMARY_WIDTH characters (not counting colour codes). Ends with a newline.
 */
export declare function formatSummary(doc: AnalysisDocument, opts?: SummaryOptions): string;
