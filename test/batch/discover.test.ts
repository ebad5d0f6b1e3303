/** Finding a batch's sessions: folders, recognised exports, globs, and unique results names. */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverSessions, expandGlob, resultNames } from "../../src/batch/discover.js";

const dir = mkdtempSync(join(tmpdir(), "hipgait-discover-"));
const fixtures = new URL("../fixtures/importers/", import.meta.url).pathname;

beforeAll(() => {
  const touch = (p: string, text = "t,ax,ay,az\n"): void => {
    mkdirSync(join(dir, p, ".."), { recursive: true });
    writeFileSync(join(dir, p), text);
  };
  touch("season/w1.csv");
  touch("season/w2.csv.gz", "not really gzip");
  touch("season/.hidden.csv");
  touch("season/readme.txt", "hello\n");
  touch("season/old/w0.csv");
  touch("season/results/w1.analysis.json", "{}");
  cpSync(join(fixtures, "phyphox/android"), join(dir, "season/phone-run"), { recursive: true });
  cpSync(join(fixtures, "sensorlog/2023-11-06_09_24_37_iPhone.csv"), join(dir, "season/iphone.csv"));
  touch("deep/a/x.csv");
  touch("deep/a/b/y.csv");
  touch("deep/c/x.csv");
  touch("deep/.git/z.csv");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("discoverSessions", () => {
  it("takes a folder's session files and recognised exports, and skips the rest with a note", async () => {
    const season = join(dir, "season");
    const d = await discoverSessions([season], { exclude: [join(season, "results")] });
    expect(d.sessions.map((s) => [s.path.slice(season.length + 1), s.name])).toEqual([
      ["iphone.csv", "iphone"],
      ["phone-run", "phone-run"],
      ["w1.csv", "w1"],
      ["w2.csv.gz", "w2"],
    ]);
    expect(d.notes).toEqual([
      `skipped ${join(season, "old")}/: not an export hipgait recognises (to analyse the sessions inside, name the folder or use a glob)`,
      `skipped ${join(season, "readme.txt")}: not a session file or an export hipgait recognises`,
    ]);
    // a folder's time is its newest file's, its size the sum of its files
    const phone = d.sessions.find((s) => s.name === "phone-run")!;
    expect(phone.size).toBeGreaterThan(1000);
    expect(phone.mtimeMs).toBeGreaterThan(0);
  });

  it("names a file given twice once, and files from globs in path order", async () => {
    const d = await discoverSessions([join(dir, "deep/**/*.csv"), join(dir, "deep/a/x.csv")]);
    expect(d.sessions.map((s) => s.path.slice(dir.length + 1))).toEqual(["deep/a/b/y.csv", "deep/a/x.csv", "deep/c/x.csv"]);
    expect(d.sessions.map((s) => s.name)).toEqual(["y", "a__x", "c__x"]);
    expect(d.notes).toEqual([]);
  });
});

describe("expandGlob", () => {
  it("matches * and ? within a name and ** across folders, never hidden ones", async () => {
    const rel = async (p: string): Promise<string[]> => (await expandGlob(join(dir, p))).map((x) => x.slice(dir.length + 1));
    expect(await rel("deep/*/x.csv")).toEqual(["deep/a/x.csv", "deep/c/x.csv"]);
    expect(await rel("deep/**/*.csv")).toEqual(["deep/a/b/y.csv", "deep/a/x.csv", "deep/c/x.csv"]);
    expect(await rel("deep/?/x.csv")).toEqual(["deep/a/x.csv", "deep/c/x.csv"]);
    expect(await rel("deep/**")).toEqual(["deep", "deep/a", "deep/a/b", "deep/c"]);
    expect(await rel("season/*.csv")).toEqual(["season/iphone.csv", "season/w1.csv"]);
    expect(await rel("season/.*.csv")).toEqual(["season/.hidden.csv"]);
    expect(await rel("nowhere/*.csv")).toEqual([]);
  });
});

describe("resultNames", () => {
  it("uses the file name where it is unique and the path from the common folder where not", () => {
    expect(resultNames(["/r/anna/run.csv", "/r/ben/run.csv.gz", "/r/ben/tempo.csv"])).toEqual(["anna__run", "ben__run", "tempo"]);
    // the same stem in one folder: the extension tells them apart
    expect(resultNames(["/r/run.csv", "/r/run.csv.gz"])).toEqual(["run.csv", "run.csv.gz"]);
    // names differing only in case would collide on a case-insensitive file system
    expect(resultNames(["/r/a/Run.csv", "/r/b/run.csv"])).toEqual(["a__Run", "b__run"]);
    // characters Windows refuses in file names
    expect(resultNames(["/r/what?.csv"])).toEqual(["what_"]);
    expect(resultNames([])).toEqual([]);
  });
});
