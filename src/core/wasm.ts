/**
 * Loading the WebAssembly kernels (assembly/*.ts, compiled by scripts/build-wasm.mjs into dist/wasm/ as part of
 * `npm run build` and `npm install`). A kernel is compiled once per process (synchronously: they are a few kB) and
 * instantiated once per user, each instance with a memory of its own that the JavaScript side lays out and grows
 * before it makes its typed-array views on it (growing a memory detaches the views made before).
 */
import { readFileSync } from "node:fs";

/** dist/wasm/ seen from this module: src/core/, dist/core/ and dist/bundle/ all lie two levels below the package root. */
const WASM_DIR = new URL("../../dist/wasm/", import.meta.url);

const modules = new Map<string, WebAssembly.Module>();

/** The compiled kernel `name` (dist/wasm/NAME.wasm), compiled on first use. */
function wasmModule(name: string): WebAssembly.Module {
  let m = modules.get(name);
  if (m === undefined) {
    const url = new URL(`${name}.wasm`, WASM_DIR);
    let bytes: Buffer;
    try {
      bytes = readFileSync(url);
    } catch {
      throw new Error(`hipgait: the compiled kernel ${url.pathname} is missing; run \`npm run build\` in the hipgait folder`);
    }
    m = new WebAssembly.Module(bytes);
    modules.set(name, m);
  }
  return m;
}

/**
 * The imports every kernel may use: AssemblyScript's `abort` (kernels are built without assertions, so only a bug
 * reaches it), and JavaScript's own transcendental functions, so that a kernel's log, cube root, sine, arcsine or hypot is V8's to the bit.
 */
const IMPORTS = {
  env: {
    abort(_msg: number, _file: number, line: number, column: number): never {
      throw new Error(`hipgait: a WebAssembly kernel aborted at ${line}:${column}`);
    },
  },
  math: { log: Math.log, log10: Math.log10, cbrt: Math.cbrt, pow: Math.pow, sin: Math.sin, cos: Math.cos, hypot: Math.hypot, asin: Math.asin },
};

/** A new instance of kernel `name` with its own memory; `exports` as the caller's typed view of them. */
export function wasmInstance<E extends { memory: WebAssembly.Memory }>(name: string): E {
  return new WebAssembly.Instance(wasmModule(name), IMPORTS).exports as unknown as E;
}

/**
 * Grows `memory` to at least `bytes` (in 64 kB pages). Call before making views: growing detaches every view on the
 * old buffer.
 */
export function ensureMemory(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
}
