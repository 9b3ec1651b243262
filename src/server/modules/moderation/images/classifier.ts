// The image classifier: nsfwjs's bundled model on @tensorflow/tfjs (pure JS, CPU), in one worker
// thread per process, started with the first image and kept. sharp decodes and scales in this
// thread (libvips works off the event loop anyway); only 224×224 RGB bytes cross to the worker.
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { WORKER_SOURCE, type WorkerData, type WorkerReply, type WorkerRequest, type WorkerRequestBody } from './classifier-worker.ts';

/** The five classes of nsfwjs, as probabilities summing to about 1. */
export interface ImageScores {
  drawing: number;
  hentai: number;
  neutral: number;
  porn: number;
  sexy: number;
}

export interface Classification {
  scores: ImageScores;
  /** porn + hentai + half of sexy, clamped to 0–1: what the threshold is compared with */
  score: number;
}

export interface ImageClassifier {
  classify(image: Buffer): Promise<Classification>;
  close(): Promise<void>;
}

/** The models nsfwjs 4.3 bundles. MobileNetV2 (3.5 MB) is the smallest and the fastest here. */
export type ModelName = 'MobileNetV2' | 'MobileNetV2Mid' | 'InceptionV3';

// `dir`: both nsfwjs's CommonJS entry for the model (nsfwjs/models/<dir>, the path its package exports)
// and the folder of its bundled files (dist/models/<dir>, two levels up from that entry).
const MODELS: Record<ModelName, { dir: string; size: number }> = {
  MobileNetV2: { dir: 'mobilenet_v2', size: 224 },
  MobileNetV2Mid: { dir: 'mobilenet_v2_mid', size: 224 },
  InceptionV3: { dir: 'inception_v3', size: 299 },
};

// nsfwjs's output order (its NSFW_CLASSES).
const CLASS_ORDER = ['drawing', 'hentai', 'neutral', 'porn', 'sexy'] as const;

/** The single number the threshold is compared with. */
export function safetyScore(s: ImageScores): number {
  const v = s.porn + s.hentai + 0.5 * s.sexy;
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}

export function toClassification(probs: readonly number[]): Classification {
  if (probs.length !== CLASS_ORDER.length) throw new Error(`the model gave ${probs.length} classes, expected ${CLASS_ORDER.length}`);
  const scores = Object.fromEntries(CLASS_ORDER.map((name, i) => [name, probs[i] ?? 0])) as unknown as ImageScores;
  return { scores, score: safetyScore(scores) };
}

/** Decoding refuses images above this many pixels (stored variants are far below it). */
const MAX_INPUT_PIXELS = 100_000_000;

let sharpModule: Promise<typeof import('sharp')> | null = null;
async function loadSharp() {
  sharpModule ??= import('sharp');
  return (await sharpModule).default;
}

/**
 * The model's input: `size`×`size` RGB bytes, the image scaled to cover the square (centre crop).
 * Transparency is flattened onto white — what people see — rather than dropped, which would expose
 * whatever colour hides under transparent pixels.
 */
export async function decodeForModel(image: Buffer, size = 224): Promise<Uint8Array> {
  const sharp = await loadSharp();
  const { data, info } = await sharp(image, { failOn: 'error', pages: 1, limitInputPixels: MAX_INPUT_PIXELS })
    .flatten({ background: '#ffffff' })
    .resize(size, size, { fit: 'cover', position: 'centre' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 || info.width !== size || info.height !== size)
    throw new Error(`decoded ${info.width}×${info.height}×${info.channels}, expected ${size}×${size}×3`);
  // A copy of our own: its buffer is transferred to the worker (sharp's may be shared or external).
  return new Uint8Array(data);
}

interface Pending {
  resolve(r: Extract<WorkerReply, { ok: true }>): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export interface WorkerClassifierOptions {
  model?: ModelName;
  /** How long one request may take, the model's load included, before the worker is restarted (default 120 s). */
  timeoutMs?: number;
}

/**
 * Classifies in a worker thread, started on first use. The worker holds the process open only while
 * a request is pending; when it dies or hangs, pending requests fail and the next one starts anew.
 */
export class WorkerClassifier implements ImageClassifier {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly model: (typeof MODELS)[ModelName];
  private readonly timeoutMs: number;

  constructor(opts: WorkerClassifierOptions = {}) {
    this.model = MODELS[opts.model ?? 'MobileNetV2'];
    this.timeoutMs = opts.timeoutMs ?? 120_000;
  }

  async classify(image: Buffer): Promise<Classification> {
    const pixels = await decodeForModel(image, this.model.size);
    const reply = await this.call({ type: 'classify', pixels: pixels.buffer as ArrayBuffer });
    return toClassification(reply.probs ?? []);
  }

  /** Tensors alive in the worker and how long the model took to load (ms; loads it if need be). */
  async stats(): Promise<{ tensors: number; loadMs: number }> {
    const r = await this.call({ type: 'stats' });
    return { tensors: r.tensors, loadMs: r.loadMs ?? 0 };
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.failAll(new Error('the image classifier was closed'));
    if (w) await w.terminate();
  }

  private call(req: WorkerRequestBody): Promise<Extract<WorkerReply, { ok: true }>> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // A hung worker is replaced: its model state can no longer be trusted.
        this.restart(worker, new Error(`the image classifier did not answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.ref();
      const msg: WorkerRequest = { ...req, id };
      worker.postMessage(msg, msg.type === 'classify' ? [msg.pixels] : []);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const require = createRequire(import.meta.url);
    const entry = require.resolve(`nsfwjs/models/${this.model.dir}`); // …/nsfwjs/dist/cjs/models/<dir>.js
    const workerData: WorkerData = {
      tfjsPath: require.resolve('@tensorflow/tfjs'),
      modelDir: path.resolve(path.dirname(entry), '../../models', this.model.dir),
      size: this.model.size,
    };
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
    worker.on('message', (reply: WorkerReply) => this.settle(reply));
    worker.on('error', (err) => this.restart(worker, err));
    worker.on('exit', (code) => this.restart(worker, new Error(`the image classifier stopped (exit code ${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private settle(reply: WorkerReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    clearTimeout(p.timer);
    if (this.pending.size === 0) this.worker?.unref();
    if (reply.ok) p.resolve(reply);
    else p.reject(new Error(`image classifier: ${reply.error}`));
  }

  private restart(worker: Worker, err: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.failAll(err);
    void worker.terminate();
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
  }
}

let shared: WorkerClassifier | null = null;

/** The process's one classifier (one worker, one model in memory), created on first use. */
export function sharedClassifier(): WorkerClassifier {
  shared ??= new WorkerClassifier();
  return shared;
}
