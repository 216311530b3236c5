/**
 * The part of the WebAssembly JavaScript API the training backend uses. The node tsconfig has no DOM library,
 * which is where TypeScript declares WebAssembly; Node has the API itself.
 */
declare namespace WebAssembly {
  interface Memory {
    readonly buffer: ArrayBuffer | SharedArrayBuffer;
  }
  // An opaque compiled module (@types/emscripten declares the same empty interface, which this merges with).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Module {}
  interface Global {
    value: number;
  }
  interface Instance {
    readonly exports: Record<string, unknown>;
  }
  type ModuleImports = Record<string, unknown>;
  type Imports = Record<string, ModuleImports>;
  const Module: { new (bytes: Uint8Array): Module };
  const Instance: { new (module: Module, imports?: Imports): Instance };
  function validate(bytes: Uint8Array): boolean;
  function instantiate(bytes: Uint8Array, imports?: Imports): Promise<{ instance: Instance; module: Module }>;
}
