// Compiles the AssemblyScript kernels (assembly/*.ts) to WebAssembly in dist/wasm/, where src/core/wasm.ts loads them.
// The kernels are the few loops that run once per sample or per byte of input; compiled ahead of time they run at
// full speed from the first sample instead of after V8's warm-up (docs/algorithms/pipeline.md §7). Options: -O3,
// the stub runtime (the kernels allocate nothing: their memory is laid out and grown by the JavaScript side), no
// assertions, the memory exported for the JavaScript views on it, and 128-bit SIMD (the CSV kernel's row loop; in
// V8 since Node 16.4, so in every Node this package supports; the other kernels compile to the same bytes with it).
import asc from "assemblyscript/asc";
import { mkdirSync, readdirSync } from "node:fs";

const src = new URL("../assembly/", import.meta.url).pathname;
const out = new URL("../dist/wasm/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });
for (const file of readdirSync(src).filter((f) => f.endsWith(".ts")).sort()) {
  const name = file.slice(0, -3);
  const { error, stderr } = await asc.main([`${src}${file}`, "-O3", "--noAssert", "--runtime", "stub", "--enable", "simd", "--outFile", `${out}${name}.wasm`]);
  if (error) {
    process.stderr.write(`build-wasm: ${file}: ${error.message}\n${stderr.toString()}`);
    process.exit(1);
  }
}
