/**
 * A hand-assembled WebAssembly module measuring this machine's SIMD multiply-add throughput:
 * `run(n)` performs `n` iterations of `unroll × 14` independent `acc = f32x4.add(f32x4.mul(acc, x), y)`
 * updates (14 accumulators hide the latency of the dependent mul→add pair), i.e. `n · unroll · 14 · 8` FLOP,
 * and returns lane 0 of their sum so that nothing is dead code. `x = 0.5`, `y = 1`: every accumulator
 * converges to 2 (no overflow, no denormals).
 */

/** Independent accumulators. */
export const ACCUMULATORS = 14;
/** Copies of the 14 updates in the loop body (less loop overhead). */
export const UNROLL = 4;
/** FLOP per loop iteration: unroll × accumulators × 4 lanes × (mul + add). */
export const FLOP_PER_ITERATION = UNROLL * ACCUMULATORS * 4 * 2;

const f32Bytes = (v: number): number[] => [...new Uint8Array(new Float32Array([v]).buffer)];

/** Unsigned LEB128. */
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

const section = (id: number, content: number[]): number[] => [id, ...leb(content.length), ...content];

// Opcodes.
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const F32_CONST = 0x43;
const I32_CONST = 0x41;
const I32_SUB = 0x6b;
const LOOP = 0x03;
const BR_IF = 0x0d;
const END = 0x0b;
const VOID = 0x40;
const SIMD = 0xfd;
const F32X4_SPLAT = [SIMD, 0x13];
const F32X4_EXTRACT_LANE = [SIMD, 0x1f];
const F32X4_ADD = [SIMD, ...leb(0xe4)];
const F32X4_MUL = [SIMD, ...leb(0xe6)];

/** The module's bytes. */
export function simdModuleBytes(): Uint8Array {
  const n = 0; // param
  const acc = (i: number): number => 1 + i; // locals 1..14
  const X = 1 + ACCUMULATORS;
  const Y = 2 + ACCUMULATORS;
  const body: number[] = [];
  body.push(1, ACCUMULATORS + 2, 0x7b); // one group of 16 v128 locals
  body.push(F32_CONST, ...f32Bytes(0.5), ...F32X4_SPLAT, LOCAL_SET, X);
  body.push(F32_CONST, ...f32Bytes(1), ...F32X4_SPLAT, LOCAL_SET, Y);
  for (let i = 0; i < ACCUMULATORS; i++) {
    body.push(F32_CONST, ...f32Bytes(0.01 * (i + 1)), ...F32X4_SPLAT, LOCAL_SET, acc(i));
  }
  body.push(LOOP, VOID);
  for (let u = 0; u < UNROLL; u++) {
    for (let i = 0; i < ACCUMULATORS; i++) {
      body.push(LOCAL_GET, acc(i), LOCAL_GET, X, ...F32X4_MUL, LOCAL_GET, Y, ...F32X4_ADD, LOCAL_SET, acc(i));
    }
  }
  body.push(LOCAL_GET, n, I32_CONST, 1, I32_SUB, LOCAL_TEE, n, BR_IF, 0, END);
  body.push(LOCAL_GET, acc(0));
  for (let i = 1; i < ACCUMULATORS; i++) body.push(LOCAL_GET, acc(i), ...F32X4_ADD);
  body.push(...F32X4_EXTRACT_LANE, 0, END);
  const name = [...new TextEncoder().encode('run')];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [1, 0x60, 1, 0x7f, 1, 0x7d]), // type: (i32) -> f32
    ...section(3, [1, 0]), // function 0 has type 0
    ...section(7, [1, ...leb(name.length), ...name, 0x00, 0]), // export "run" = function 0
    ...section(10, [1, ...leb(body.length), ...body]),
  ]);
}

/** The part of the WebAssembly JS API used here (the TypeScript lib in use has no DOM types). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: Record<string, unknown> };
}

/** Instantiates the module; `null` when this engine has no WebAssembly SIMD. */
export function simdKernel(): ((iterations: number) => number) | null {
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const bytes = simdModuleBytes();
  if (!wasm.validate(bytes)) return null;
  const instance = new wasm.Instance(new wasm.Module(bytes));
  return instance.exports.run as (iterations: number) => number;
}
