/** Public types of the session file format v1 reader and writer (see docs/session-format.md). */
/** Time unit of the `t` column as written in the file. */
export type TimeUnit = "s" | "ms" | "us";
/** Accelerometer unit as written in the file: g, milli-g or metres per second squared. */
export type AccUnit = "g" | "mg" | "mps2";
/** Gyroscope unit as written in the file: degrees per second or radians per second. */
export type GyroUnit = "dps" | "rads";
/** Everything known about a session before its data rows are read (plus the look-ahead used to infer units). */
export interface SessionHeader {
    /** The path as given to the reader. */
    file: string;
    /** All `# key: value` metadata lines before the header, keys lower-cased, values as written (trimmed). */
    metadata: Record<string, string>;
    /** Value of the `format` metadata key (`hipgait-session/1`), or null when the file does not say. */
    format: string | null;
    /** `sample_rate_hz` metadata, Hz, or null when absent. */
    declaredSampleRate_hz: number | null;
    /** "sensor": ax..gz in the sensor's own axes; "body": acc_is/acc_ml/acc_pa, already aligned to the pelvis. */
    frame: "sensor" | "body";
    hasGyro: boolean;
    /** False when the file has no time column and t is synthesised as i / sample_rate_hz. */
    hasTime: boolean;
    /** Units of the file's columns (declared or inferred); block data is always converted to s, g and deg/s. */
    units: {
        time: TimeUnit;
        acc: AccUnit;
        gyro: GyroUnit | null;
    };
    /** Header names as written (trimmed, quotes removed), in file order. */
    columns: string[];
    /** Columns that are not part of the canonical set, carried through as raw text. */
    extraColumns: string[];
    /** Human-readable notes: how each undeclared unit was inferred, synthesised time, etc. */
    notes: string[];
    /** 1-based line number of the header row. */
    headerLine: number;
}
/**
 * A run of consecutive samples converted to canonical units: t in seconds, acceleration in g, angular rate in
 * deg/s. In a body-frame session ax/ay/az hold is/ml/pa (up, right, forward) and gx/gy/gz the matching rates.
 */
export interface SampleBlock {
    /** Number of samples; every array below has exactly this length. */
    length: number;
    /** 1-based file line of the first sample of the block. */
    firstLine: number;
    t_s: Float64Array;
    ax_g: Float64Array;
    ay_g: Float64Array;
    az_g: Float64Array;
    gx_dps: Float64Array | null;
    gy_dps: Float64Array | null;
    gz_dps: Float64Array | null;
    /** Extra columns as raw text: extra[k][i] is column header.extraColumns[k] of sample i. */
    extra: string[][];
}
/** Totals over a session; final once the reader has been iterated to the end. */
export interface SessionStats {
    /** Number of samples read. */
    rows: number;
    /** Time of the first and last sample, s. */
    first_s: number;
    last_s: number;
    /** last_s - first_s, s. */
    duration_s: number;
    /** Estimated sample rate, Hz: the mean step between rows outside gaps (the declared rate for files without t). */
    sampleRate_hz: number;
    /** Gaps as [start_s, end_s]: consecutive samples more than 2.5 nominal sample periods apart. */
    gaps: Array<[number, number]>;
    /** True when a truncated last line was dropped (see warnings). */
    droppedTruncatedLine: boolean;
    /** Number of `#` comment lines after the header. */
    commentLines: number;
}
/** A streaming reader: iterate it once with `for await` to receive SampleBlocks in file order. */
export interface SessionReader extends AsyncIterable<SampleBlock> {
    readonly header: SessionHeader;
    /** Non-fatal problems, each one line, usually `file:line: ...`. Grows while iterating. */
    readonly warnings: string[];
    /** Totals so far; final after iteration has finished. */
    stats(): SessionStats;
    /** Releases the file without reading on (iterating to the end, or breaking out of `for await`, also does). */
    close(): void;
}
/** Options of openSession. */
export interface OpenSessionOptions {
    /** Maximum samples per block (default 4096). */
    blockSize?: number;
    /**
     * Reuse one block's arrays for the next (default false). Saves allocation and garbage collection on long files,
     * but a block is only valid until the iterator is advanced: the caller must not keep it.
     */
    reuseBlocks?: boolean;
}
/** A whole session in memory: the result of readWholeSession. */
export interface WholeSession {
    header: SessionHeader;
    /** All samples as one block. */
    samples: SampleBlock;
    stats: SessionStats;
    warnings: string[];
}
/** Options of createSessionWriter. */
export interface SessionWriterOptions {
    /** Metadata written as `# key: value` lines after `# format: hipgait-session/1`, in the given order. */
    metadata: Record<string, string | number>;
    /** Header names, e.g. ["t", "ax", "ay", "az", "gx", "gy", "gz"]; must form a readable v1 header. */
    columns: string[];
    /** Decimal places per column (default: time 6, acceleration 5, angular rate 3, other columns 6). */
    decimals?: number[];
    /** Replace an existing file (default false: refuse). */
    overwrite?: boolean;
}
/** Writes a session CSV (gzip-compressed when the path ends in .gz). */
export interface SessionWriter {
    /** Appends one row; values in the units the column names declare, one per column. */
    writeRow(values: ArrayLike<number>): void;
    /** Hands buffered text to the file stream and waits until the stream can take more (backpressure). */
    flush(): Promise<void>;
    /** Flushes, ends the stream and waits until the file is completely written. */
    close(): Promise<void>;
    /** Rows written so far. */
    readonly rows: number;
}
