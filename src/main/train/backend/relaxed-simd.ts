/**
 * Relaxed SIMD (fused multiply-add) for our kernels. It is standard WebAssembly and on by default from V8 11.4
 * (Chrome 114, Electron 25, Node 22); Node 20's V8 11.3 has it behind --experimental-wasm-relaxed-simd, which
 * we set at run time (V8 reads wasm feature flags when it compiles a module) unless LCZ_WASM_FMA=0. When the
 * engine still refuses the module, the kernels use separate multiplies and adds.
 */
import { setFlagsFromString } from 'node:v8';

let tried = false;

export function relaxedSimd(module: Uint8Array): boolean {
  if (process.env.LCZ_WASM_FMA === '0') return false;
  if (WebAssembly.validate(module)) return true;
  if (!tried) {
    tried = true;
    try {
      setFlagsFromString('--experimental-wasm-relaxed-simd');
    } catch {
      return false;
    }
  }
  return WebAssembly.validate(module);
}
