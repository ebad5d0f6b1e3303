export const ANALYSIS_SCHEMA = "hipgait/analysis@1";
//# sourceMappingURL=document.js.map