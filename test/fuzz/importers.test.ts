/**
 * Fuzzing the importers (openInput + iteration to the end): every golden sample under test/fixtures/importers,
 * mutated (bytes, lines, numbers, file names, files removed) and read as a file, a folder or a zip built here with
 * yazl (sometimes with the zip's own bytes damaged); random folder and zip layouts; a forced --format or a
 * --columns mapping. The only acceptable outcomes are samples that are finite with strictly increasing time, or a
 * UserError with a one-line message naming the input, within the per-case limit.
 */
import { createWriteStream, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import yazl from "yazl";
import { FORMAT_IDS, openInput, type OpenInputOptions } from "../../src/importers/index.js";
import { applyMutations, byteMutationArb, expectUserError, fuzzDir, fuzzParams, mutationsArb, Outcomes, withinLimit, type Mutation } from "./helpers.js";

const FIX = fileURLToPath(new URL("../fixtures/importers/", import.meta.url));
const dir = fuzzDir("import");
let counter = 0;

/** One golden export: its files by path inside it; `single` when it is read as one file. */
interface Golden {
  name: string;
  files: Array<[string, Buffer]>;
  single: boolean;
}

function readTree(root: string): Array<[string, Buffer]> {
  const out: Array<[string, Buffer]> = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push([relative(root, p).split("\\").join("/"), readFileSync(p)]);
    }
  };
  walk(root);
  return out;
}

/** Exports as the fixtures hold them: a folder of files, or (where a folder holds independent files) each file. */
const GOLDEN: Golden[] = (() => {
  const folders = ["phyphox/android", "phyphox/ios", "phyphox/linear-only", "sensor-logger/android", "sensor-logger/ios", "sensor-logger/ios-standardised", "sensor-logger/android-linear-only", "metabase/streaming", "metabase/garbled", "polar-logger/verity-sense", "movesense/showcase-imu", "movesense/showcase-screens"];
  const singles = ["polar-logger/truncated", "movesense/datalogger", "movesense/showcase-imu", "sensorlog"];
  const g: Golden[] = folders.map((f) => ({ name: f, files: readTree(join(FIX, f)), single: false }));
  for (const s of singles) for (const [n, b] of readTree(join(FIX, s))) g.push({ name: `${s}/${n}`, files: [[n, b]], single: true });
  return g;
})();

/** Writes a zip of `entries` (a null body is a directory entry); `level` 0 stores without compression. */
function writeZip(path: string, entries: ReadonlyArray<[string, Buffer | null]>, compress = true): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, body] of entries) {
    if (body === null) zip.addEmptyDirectory(name);
    else zip.addBuffer(body, name, { compress });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(path)).on("close", resolve).on("error", reject);
  });
}

function writeFolder(root: string, entries: ReadonlyArray<[string, Buffer | null]>): void {
  mkdirSync(root, { recursive: true });
  for (const [name, body] of entries) {
    const p = join(root, name);
    if (body === null) mkdirSync(p, { recursive: true });
    else {
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, body);
    }
  }
}

/** Opens `path` and reads it to the end; checks the outcome against the acceptance rule. */
async function importCase(out: Outcomes, path: string, opts: OpenInputOptions = {}): Promise<void> {
  await withinLimit(path, async () => {
    try {
      const r = await openInput(path, opts);
      let rows = 0;
      let prev = Number.NEGATIVE_INFINITY;
      try {
        for await (const b of r) {
          const cols = [b.ax_g, b.ay_g, b.az_g, ...(r.header.hasGyro ? [b.gx_dps, b.gy_dps, b.gz_dps] : [])];
          for (let i = 0; i < b.length; i++) {
            const t = b.t_s[i]!;
            if (!(Number.isFinite(t) && t > prev)) throw new Error(`sample ${rows + i}: t ${t} after ${prev}`);
            prev = t;
            for (const c of cols) if (!Number.isFinite(c![i]!)) throw new Error(`sample ${rows + i}: a value is ${c![i]}`);
          }
          rows += b.length;
        }
      } finally {
        r.close();
      }
      expect(r.stats().rows).toBe(rows);
      for (const w of r.warnings) expect(w).not.toMatch(/[\r\n]/);
      out.add(`${rows > 0 ? "read" : "read, no samples"}: ${r.header.notes[0] ?? ""}`);
    } catch (e) {
      expectUserError(e, [path]);
      out.add(`error: ${(e as Error).message.replace(path, "").slice(0, 50)}`);
    }
  });
}

/** Mutations of one file of an export: its bytes, its name, or its removal. */
type FileChange = { file: number; muts: Mutation[] } | { file: number; rename: string } | { file: number; remove: true };

const NAMES = ["Accelerometer.csv", "Gyroscope.csv", "TotalAcceleration.csv", "Gravity.csv", "Metadata.csv", "meta/time.csv", "meta/device.csv", "Raw Data.csv", "x.json", "y.txt", "Polar_Sense_1_ACC.txt", "a_Accelerometer_x.csv", "a_Gyroscope_x.csv", ".hidden.csv", "__MACOSX/Accelerometer.csv", "deep/er/and/deeper/still/Accelerometer.csv", "ünï cödé/😀.csv", "noext"];

const changeArb: fc.Arbitrary<FileChange> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ file: fc.nat(), muts: mutationsArb(4) }) },
  { weight: 1, arbitrary: fc.record({ file: fc.nat(), rename: fc.oneof(fc.constantFrom(...NAMES), fc.stringMatching(/^[\w .-]{1,12}\.(csv|txt|json)$/)) }) },
  { weight: 1, arbitrary: fc.record({ file: fc.nat(), remove: fc.constant(true as const) }) },
);

function applyChanges(files: ReadonlyArray<[string, Buffer]>, changes: readonly FileChange[]): Array<[string, Buffer]> {
  const out = files.map(([n, b]): [string, Buffer] => [n, b]);
  for (const c of changes) {
    if (out.length === 0) break;
    const i = c.file % out.length;
    if ("muts" in c) out[i] = [out[i]![0], applyMutations(out[i]![1], c.muts)];
    else if ("rename" in c) out[i] = [c.rename, out[i]![1]];
    else out.splice(i, 1);
  }
  // a rename may collide with another file: keep the last
  return [...new Map(out).entries()];
}

const optsArb: fc.Arbitrary<OpenInputOptions> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: fc.constantFrom(...FORMAT_IDS).map((format) => ({ format })) },
  { weight: 1, arbitrary: fc.record({ rate_hz: fc.constantFrom(1, 52, 100, 1000, 1e6), blockSize: fc.constantFrom(1, 7, 4096) }) },
);

describe("fuzz: importers", () => {
  it("mutated golden exports, as files, folders and zips", async () => {
    const out = new Outcomes("importers: mutated");
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: GOLDEN.length - 1 }),
        fc.array(changeArb, { minLength: 1, maxLength: 2 }),
        fc.constantFrom("as-is" as const, "folder" as const, "zip" as const, "zip-stored" as const, "zip-in-folder" as const),
        optsArb,
        async (g, changes, container, opts) => {
          const golden = GOLDEN[g]!;
          const files = applyChanges(golden.files, changes);
          const root = join(dir, `${counter++}-m`);
          let path: string;
          if (container === "as-is" && golden.single && files.length === 1) {
            writeFolder(root, files);
            path = join(root, files[0]![0]);
          } else if (container === "zip" || container === "zip-stored" || container === "zip-in-folder") {
            mkdirSync(root);
            path = join(root, "export.zip");
            await writeZip(path, container === "zip-in-folder" ? files.map(([n, b]) => [`Export 1/${n}`, b]) : files, container !== "zip-stored");
          } else {
            writeFolder(root, files);
            path = root;
          }
          await importCase(out, path, opts);
        },
      ),
      fuzzParams(0x1a01, 300),
    );
    out.report();
  });

  it("zips whose own bytes are damaged", async () => {
    const out = new Outcomes("importers: damaged zips");
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: GOLDEN.length - 1 }), fc.boolean(), fc.array(byteMutationArb, { minLength: 1, maxLength: 3 }), async (g, compress, muts) => {
        const root = join(dir, `${counter++}-z`);
        mkdirSync(root);
        const clean = join(root, "clean.zip");
        await writeZip(clean, GOLDEN[g]!.files, compress);
        const path = join(root, "export.zip");
        writeFileSync(path, applyMutations(readFileSync(clean), muts));
        await importCase(out, path);
      }),
      fuzzParams(0x1a02, 250),
    );
    out.report();
  });

  it("random folder and zip layouts with random, empty or borrowed contents", async () => {
    const goldenBodies = GOLDEN.flatMap((g) => g.files.map(([, b]) => b));
    const body = fc.oneof(
      fc.constant(Buffer.alloc(0)),
      fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a)),
      fc.string({ maxLength: 300 }).map((s) => Buffer.from(s)),
      fc.integer({ min: 0, max: goldenBodies.length - 1 }).map((i) => goldenBodies[i]!),
      // compresses to about a kilobyte in a zip; 2 MB once inflated
      fc.constant(Buffer.alloc(2 << 20, 0x30)),
    );
    const entry = fc.tuple(fc.oneof(fc.constantFrom(...NAMES), fc.stringMatching(/^[\w .-]{1,10}(\/[\w .-]{1,10}){0,2}$/)), fc.option(body, { freq: 6 }));
    const out = new Outcomes("importers: layouts");
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 5 }), fc.constantFrom("folder" as const, "zip" as const, "file" as const), async (entries, container) => {
        const root = join(dir, `${counter++}-l`);
        // a name cannot be both a file and a folder: keep the first use of each path prefix
        const seen = new Set<string>();
        const clean = entries
          .map(([n, b]): [string, Buffer | null] => [n.split("/").map((p) => (p === "" || p === "." || p === ".." ? "_" : p)).join("/"), b])
          .filter(([n]) => {
            const parts = n.split("/");
            const prefixes = parts.map((_, k) => parts.slice(0, k + 1).join("/"));
            if (prefixes.some((p) => seen.has(p))) return false;
            for (const p of prefixes) seen.add(p);
            return true;
          });
        let path: string;
        if (container === "zip") {
          mkdirSync(root);
          path = join(root, "export.zip");
          await writeZip(path, clean);
        } else if (container === "file") {
          mkdirSync(root);
          const first = clean.find(([, b]) => b !== null);
          path = join(root, (first?.[0] ?? "empty.csv").replace(/\//g, "_"));
          writeFileSync(path, first?.[1] ?? Buffer.alloc(0));
        } else {
          writeFolder(root, clean);
          path = root;
        }
        await importCase(out, path);
      }),
      fuzzParams(0x1a03, 200),
    );
    out.report();
  });

  it("edge layouts: empty folder, directory-only zip, empty zip, a non-zip named .zip, a folder too deep", async () => {
    const out = new Outcomes("importers: edge layouts");
    const cases: Array<[string, (root: string) => Promise<string>]> = [
      ["empty folder", async (root) => (mkdirSync(root), root)],
      ["folder with a binary file", async (root) => (writeFolder(root, [["Accelerometer.csv", Buffer.from([0, 1, 2, 255, 254, 10, 13, 0])]]), root)],
      ["zip with a directory only", async (root) => (mkdirSync(root), await writeZip(join(root, "d.zip"), [["Export/", null]]), join(root, "d.zip"))],
      ["empty zip", async (root) => (mkdirSync(root), await writeZip(join(root, "e.zip"), []), join(root, "e.zip"))],
      ["non-zip named .zip", async (root) => (mkdirSync(root), writeFileSync(join(root, "n.zip"), "t,ax,ay,az\n0,0,0,1\n"), join(root, "n.zip"))],
      ["empty file named .zip", async (root) => (mkdirSync(root), writeFileSync(join(root, "z.zip"), ""), join(root, "z.zip"))],
      ["export below the depth searched", async (root) => (writeFolder(root, GOLDEN[0]!.files.map(([n, b]) => [`a/b/c/d/e/f/${n}`, b])), root)],
      ["missing path", async (root) => join(root, "does-not-exist.csv")],
    ];
    for (const [, make] of cases) await importCase(out, await make(join(dir, `${counter++}-e`)));
    out.report();
  });

  it("a --columns mapping over mutated delimited files", async () => {
    const imu = GOLDEN.find((g) => g.name === "movesense/showcase-imu/2024-05-02_10-11-12_223030000123_ImuActivity.csv")!.files[0]![1];
    const out = new Outcomes("importers: --columns");
    await fc.assert(
      fc.asyncProperty(mutationsArb(4), fc.constantFrom("t=ms,acc=mps2", "t=ns,acc=mg,gyro=rads,acc_sign=-1", "t=s"), async (muts, units) => {
        const root = join(dir, `${counter++}-c`);
        mkdirSync(root);
        const path = join(root, "data.csv");
        writeFileSync(path, applyMutations(imu, muts));
        await importCase(out, path, { columns: "t=Timestamp,ax=AccX,ay=AccY,az=AccZ,gx=GyroX,gy=GyroY,gz=GyroZ", units });
      }),
      fuzzParams(0x1a04, 150),
    );
    out.report();
  });
});
