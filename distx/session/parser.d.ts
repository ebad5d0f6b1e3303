/** The arrays one parse call writes into (a block under construction). */
export interface ParseTarget {
    /** Value columns by slot (SLOT_T ... SLOT_GZ); slots the file lacks may hold empty arrays. */
    cols: Float64Array[];
    /** 1-based file line of each row. */
    lines: Float64Array;
    /** Extra columns: extra[k][row] is the text of extra column k. */
    extra: string[][];
}
/**
 * Parses data rows of one header layout. Input regions must consist of complete lines, each ending in `\n`
 * (the caller appends one to a final line that lacks it), so the inner loops never check the region's end.
 * Plain rows go through parseFast; any other line through parseGeneral, which also reports errors as
 * InputError(file, line, reason) with the 1-based line number.
 */
export declare class RowParser {
    readonly file: string;
    private readonly slotOfField;
    private readonly extraOfField;
    private readonly fieldNames;
    /** Current destination; set with setTarget before parsing. */
    private target;
    /** Rows already in the target. */
    row: number;
    /** parse() stops once row reaches this value. */
    stopAt: number;
    /** 1-based line number of the line at the current parse position. */
    lineNo: number;
    /** `#` comment lines seen among the data rows. */
    commentLines: number;
    /** Position of the delimiter after the last field read by a slow-path helper. */
    private fieldEnd;
    private readonly lastField;
    /** Every field is a value column (no extra text columns): parseFast applies. */
    private readonly allNumeric;
    /** Per field: the value column it is stored in (set by setTarget), for parseFast. */
    private dst;
    /** Lines parseGeneral takes after the fast loop stops at one; doubles while the fast loop makes no progress. */
    private generalRun;
    /**
     * @param file path used in error messages
     * @param slotOfField per field: value slot, or -1 for an extra (text) column
     * @param extraOfField per field: index among the extra columns, or -1
     * @param fieldNames header names, for error messages
     * @param firstLine 1-based line number of the first line that will be parsed
     */
    constructor(file: string, slotOfField: Int32Array, extraOfField: Int32Array, fieldNames: readonly string[], firstLine: number);
    /** Directs the following parse calls into `target`, which already holds `rows` rows. */
    setTarget(target: ParseTarget, rows: number, stopAt: number): void;
    /**
     * Parses complete lines of buf[pos, end) until the region is used up or `stopAt` rows are in the target.
     * Skips blank lines and counts `#` comment lines. Returns the position of the first line not parsed.
     */
    parse(buf: Buffer, pos: number, end: number): number;
    /**
     * The fast row loop, for layouts without extra columns: parses lines whose fields are all plain decimals
     * (`-?digits[.digits]`, mantissa below 2^53, at most 22 decimals) separated by `,` and ended by `\n` or `\r\n`, until
     * the region ends or stopAt rows are in, and stops (without consuming it) at the first line that is anything
     * else, for parseGeneral to handle or report. Returns the position of the first line not parsed.
     *
     * Up to 9 integer digits and 9 decimals are read without loops (in int32), as V8 re-checks the buffer and polls
     * for interrupts on every loop iteration, which costs more than the digit; the exits of the decimals set their
     * power of ten as a constant.
     */
    private parseFast;
    /**
     * The general row loop, for every layout and number syntax, blank and comment lines, and error reports. Parses at most
     * `maxLines` lines (rows, blank or comment lines); otherwise as parse().
     */
    private parseGeneral;
    /** If the line at pos is blank (only spaces, tabs, CR) or a comment, returns the position after it; else -1. */
    private skipBlankOrComment;
    /**
     * Reads one field from `start` (quote-aware) and returns its trimmed text; leaves the position of the delimiter
     * after it (`,`, `\r` of a CRLF, or `\n`) in this.fieldEnd.
     */
    private fieldText;
    /** Stores the text of an extra column. */
    private readExtra;
    /** Parses a number the fast path declined (spaces, quotes, many digits, large exponents) or reports it. */
    private slowNumber;
    /** Counts the fields of the line at lineStart (quote-aware). */
    private countFields;
    private checkFieldCount;
    private fieldCountError;
}
