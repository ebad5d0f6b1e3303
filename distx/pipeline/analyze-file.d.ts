import { type AnalysisDocument } from "./document.js";
export declare const HIPGAIT_VERSION = "0.1.0";
export interface AnalyzeFileOptions {
    /** Mount spec (core/mount.ts grammar) that overrides the automatic calibration. */
    mount?: string;
    /** Called now and then with the approximate fraction of the file processed (0..1). */
    onProgress?: (fraction: number) => void;
}
export declare function analyzeFile(path: string, opts?: AnalyzeFileOptions): Promise<AnalysisDocument>;
