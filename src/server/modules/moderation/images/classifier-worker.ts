// The code of the classifier's worker thread, as plain CommonJS run with `new Worker(src, { eval: true })`.
// Why a string: TensorFlow.js on its pure-JS CPU backend runs a whole model synchronously (one to
// two seconds an image here), which in the server's own thread would stall every request meanwhile.
// A worker file would need its own build entry and a path that differs between tsx and the bundle;
// this source needs neither. The modules it requires come as absolute paths resolved by the parent
// (workerData), so it finds the same node_modules in both. It loads nothing over the network: the
// weights are the base64 shards nsfwjs bundles as CommonJS modules, handed to tfjs from memory.
//
// Protocol: { id, type: 'classify', pixels: ArrayBuffer (size × size × 3 RGB bytes) }
//             → { id, ok: true, probs: number[5], tensors } | { id, ok: false, error }
//           { id, type: 'stats' } → { id, ok: true, tensors, loadMs }

export interface WorkerData {
  /** @tensorflow/tfjs's entry file */
  tfjsPath: string;
  /** nsfwjs's directory of one model: model.min.js and its group1-shardXofN.min.js weights */
  modelDir: string;
  size: number;
}

export type WorkerRequestBody = { type: 'classify'; pixels: ArrayBuffer } | { type: 'stats' };
export type WorkerRequest = WorkerRequestBody & { id: number };

export type WorkerReply = { id: number; ok: true; probs?: number[]; tensors: number; loadMs?: number } | { id: number; ok: false; error: string };

export const WORKER_SOURCE = `
'use strict';
const path = require('node:path');
const { parentPort, workerData } = require('node:worker_threads');
const tf = require(workerData.tfjsPath);
// Production mode: no "install tfjs-node" banner, no per-op debug checks.
tf.enableProdMode();
const SIZE = workerData.size;
let loadMs = 0;

async function loadModel() {
  const started = Date.now();
  await tf.setBackend('cpu');
  await tf.ready();
  // The bundled files directly: nsfwjs's own CommonJS loaders wrap each base64 string with
  // __importStar, which copies it index by index (3.5 million properties, ten seconds).
  const json = require(path.join(workerData.modelDir, 'model.min.js'));
  const weightSpecs = [];
  const parts = [];
  for (const group of json.weightsManifest) {
    for (const p of group.paths) {
      const shard = require(path.join(workerData.modelDir, path.basename(p) + '.min.js'));
      if (typeof shard !== 'string') throw new Error('nsfwjs weights missing: ' + p);
      parts.push(Buffer.from(shard, 'base64'));
    }
    weightSpecs.push(...group.weights);
  }
  const all = Buffer.concat(parts);
  const artifacts = {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    weightSpecs,
    weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
  };
  const handler = { load: async () => artifacts };
  const model = json.format === 'graph-model' ? await tf.loadGraphModel(handler) : await tf.loadLayersModel(handler);
  // The first prediction compiles and allocates; pay it now, not on the first image.
  const warm = tf.tidy(() => model.predict(tf.zeros([1, SIZE, SIZE, 3])));
  await warm.data();
  warm.dispose();
  loadMs = Date.now() - started;
  return model;
}

const ready = loadModel();
ready.catch(() => {}); // reported to each request instead

function classify(model, pixels) {
  const bytes = new Uint8Array(pixels);
  if (bytes.length !== SIZE * SIZE * 3) throw new Error('expected ' + SIZE * SIZE * 3 + ' RGB bytes, got ' + bytes.length);
  const input = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) input[i] = bytes[i] / 255;
  const out = tf.tidy(() => model.predict(tf.tensor4d(input, [1, SIZE, SIZE, 3])));
  try {
    return Array.from(out.dataSync());
  } finally {
    out.dispose();
  }
}

parentPort.on('message', async (msg) => {
  try {
    const model = await ready;
    if (msg.type === 'classify') {
      const probs = classify(model, msg.pixels);
      parentPort.postMessage({ id: msg.id, ok: true, probs, tensors: tf.memory().numTensors });
    } else {
      parentPort.postMessage({ id: msg.id, ok: true, tensors: tf.memory().numTensors, loadMs });
    }
  } catch (err) {
    parentPort.postMessage({ id: msg.id, ok: false, error: err && err.stack ? String(err.stack) : String(err) });
  }
});
`;
