/** Session file format v1: streaming reader, writer and their types (see docs/session-format.md). */
export type { AccUnit, GyroUnit, OpenSessionOptions, SampleBlock, SessionHeader, SessionReader, SessionStats, SessionWriter, SessionWriterOptions, TimeUnit, WholeSession, } from "./types.js";
export { openSession, readWholeSession, concatBlocks, LOOKAHEAD_ROWS, DEFAULT_BLOCK_SIZE, GAP_FACTOR } from "./reader.js";
export { createSessionWriter, defaultDecimals } from "./writer.js";
export { FORMAT_V1, KNOWN_METADATA_KEYS, sessionMetadataSchema, parseSessionMetadata, type SessionMetadata } from "./schema.js";
export { STANDARD_GRAVITY_MPS2 } from "./infer.js";
