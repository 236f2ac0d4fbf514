import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** The TF.js module and its two backends, ready for use in this process. */
export interface TfPeers {
  readonly tf: typeof tf;
  /** Makes `backend` the active one (synchronous once both are initialised). */
  use(backend: 'cpu' | 'wasm'): void;
  /** Runs `f` with `backend` active (tensors it creates live in that backend). */
  on<T>(backend: 'cpu' | 'wasm', f: () => T): T;
  /** Whether the WASM backend runs SIMD code (what `tfjs-wasm` means in the tables). */
  readonly wasmSimd: boolean;
}

/**
 * Registers TF.js's gradient functions. `@tensorflow/tfjs-core` ships them only as an ES module with
 * extensionless imports (`dist/register_all_gradients.js`, which Node cannot load; the `@tensorflow/tfjs`
 * bundle includes it), so it is bundled once with esbuild into the app's `node_modules/.cache/` and imported. The
 * registry and engine are process globals in TF.js, and its `Tensor` checks are duck-typed, so the gradients
 * registered by that copy serve the tensors of the Node build.
 */
async function registerGradients(require: NodeJS.Require): Promise<void> {
  const entry = require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  const version = (
    JSON.parse(readFileSync(require.resolve('@tensorflow/tfjs-core/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));
  const bundle = join(cacheDir, `stepwise-bench-tfjs-gradients-${version}.mjs`);
  if (!existsSync(bundle)) {
    const esbuild = await import('esbuild');
    const out = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'node',
      write: false,
      logLevel: 'silent',
    });
    mkdirSync(cacheDir, { recursive: true });
    // Written aside, then renamed: a concurrent run never imports half a file.
    const partial = `${bundle}.${process.pid}.tmp`;
    writeFileSync(partial, out.outputFiles[0]!.text);
    renameSync(partial, bundle);
  }
  await import(pathToFileURL(bundle).href);
}

/**
 * Initialises TF.js with the CPU and WASM backends. The WASM binaries are loaded from the
 * `@tensorflow/tfjs-backend-wasm` package's `dist/` folder (no network). TF.js turns threads off under Node,
 * so `tfjs-wasm` is one thread (SIMD when the engine supports it).
 */
export async function loadTfPeers(): Promise<TfPeers> {
  const require = createRequire(import.meta.url);
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
  setWasmPaths(`${wasmDir}/`);
  await registerGradients(require);
  tf.enableProdMode(); // the peers' fastest configuration (no debug checks); also silences the tfjs-node hint
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs-wasm backend failed to initialise');
  const wasmSimd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  if (!(await tf.setBackend('cpu'))) throw new Error('tfjs-cpu backend failed to initialise');
  const use = (backend: 'cpu' | 'wasm'): void => {
    if (tf.getBackend() !== backend) void tf.setBackend(backend);
    if (tf.getBackend() !== backend) throw new Error(`could not switch TF.js to ${backend}`);
  };
  const on = <T>(backend: 'cpu' | 'wasm', f: () => T): T => {
    use(backend);
    return f();
  };
  return { tf, use, on, wasmSimd };
}
