/** Every command's --help fits a 120-column terminal and is reachable from the top-level help. */
import { describe, expect, it } from "vitest";
import { COMMANDS, topLevelHelp } from "../../src/cli/main.js";

describe("help texts", () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))("%s --help: lines of at most 120 columns, usage first, listed on top", (name, c) => {
    const long = c.help.split("\n").filter((l) => l.length > 120);
    expect(long).toEqual([]);
    expect(c.help).toMatch(new RegExp(`^Usage: hipgait ${name}\\b`));
    expect(topLevelHelp()).toContain(`  ${name} `);
  });
});
