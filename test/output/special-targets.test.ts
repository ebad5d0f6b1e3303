/**
 * Outputs written to a device (a full disk stand-in, /dev/stdout) are written in place, never by renaming a file onto
 * the device node, and a full disk is one clear user error.
 */
import { existsSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { isSpecialFile, streamNewFile } from "../../src/output/new-file.js";

describe.skipIf(!existsSync("/dev/full"))("special targets", () => {
  it("writes /dev/full in place and reports the full disk; the device node stays a device", async () => {
    expect(isSpecialFile("/dev/full")).toBe(true);
    await expect(streamNewFile("/dev/full", ["x".repeat(100_000)], { force: true })).rejects.toThrow(new UserError("cannot write /dev/full: no space left on the device"));
    expect(statSync("/dev/full").isCharacterDevice()).toBe(true);
  });

  it("still refuses an existing device without --force", async () => {
    await expect(streamNewFile("/dev/full", ["x"], {})).rejects.toThrow(new UserError("/dev/full exists; pass --force to overwrite it"));
  });

  it("treats plain files and folders as not special", () => {
    expect(isSpecialFile("package.json")).toBe(false);
    expect(isSpecialFile("src")).toBe(false);
    expect(isSpecialFile("no-such-file")).toBe(false);
  });
});
