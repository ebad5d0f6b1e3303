export { openSession, readWholeSession, concatBlocks, LOOKAHEAD_ROWS, DEFAULT_BLOCK_SIZE, GAP_FACTOR } from "./reader.js";
export { createSessionWriter, defaultDecimals } from "./writer.js";
export { FORMAT_V1, KNOWN_METADATA_KEYS, sessionMetadataSchema, parseSessionMetadata } from "./schema.js";
export { STANDARD_GRAVITY_MPS2 } from "./infer.js";
//# sourceMappingURL=index.js.map