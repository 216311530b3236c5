/** Decodes one of the core's base64 byte grids and checks it holds `expected` bytes (no DOM: runs in Node too). */
export function decodeBytes(base64: string, expected: number, what: string): Uint8Array {
  const binary = atob(base64);
  if (binary.length !== expected) throw new Error(`The ${what} holds ${binary.length} bytes, expected ${expected}.`);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
