/** Public types of the session file format v1 reader and writer (see docs/session-format.md). */
export {};
//# sourceMappingURL=types.js.map