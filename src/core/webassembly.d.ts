/**
 * The part of the WebAssembly JavaScript API that src/core/wasm.ts uses. Node 20 has all of it, but neither
 * TypeScript's ES2023 library nor @types/node 20 declare it (it lives in the DOM library), so it is declared here.
 */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
  /** An exported mutable global. */
  class Global<T = number> {
    value: T;
  }
}
