import { type SessionHeader, type SessionStats } from "../../session/index.js";
import type { Command } from "../command.js";
/** Renders the text summary of a session. */
export declare function formatInfo(header: SessionHeader, stats: SessionStats, warnings: readonly string[]): string;
export declare const infoCommand: Command;
