import type { OpenSessionOptions, SampleBlock, SessionReader, WholeSession } from "./types.js";
/** Rows read ahead (at most) before the first block is handed out, to infer units and the nominal rate. */
export declare const LOOKAHEAD_ROWS = 4000;
/** Default samples per block. */
export declare const DEFAULT_BLOCK_SIZE = 4096;
/** A step between samples longer than this many nominal sample periods is reported as a gap. */
export declare const GAP_FACTOR = 2.5;
/**
 * Opens a session file (.csv or gzip-compressed .csv.gz) for streaming. Reads the metadata, the header and a
 * look-ahead of up to 4000 rows (to settle undeclared units and the nominal sample rate) before resolving, so
 * header problems and bad early rows reject here; later problems reject during iteration. All errors that are the
 * file's fault are InputError (`file:line: reason`).
 * @param opts.blockSize samples per block (default 4096)
 */
export declare function openSession(path: string, opts?: OpenSessionOptions): Promise<SessionReader>;
/** Concatenates blocks of one session into a single block. */
export declare function concatBlocks(blocks: readonly SampleBlock[], hasGyro: boolean, extraCount: number): SampleBlock;
/**
 * Reads a whole session into memory as one block (for tests and small files; large files should be streamed
 * with openSession). Units as in SampleBlock: s, g, deg/s.
 */
export declare function readWholeSession(path: string): Promise<WholeSession>;
