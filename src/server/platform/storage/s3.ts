// Media in S3-compatible object storage (scaled mode): AWS S3, MinIO, Ceph RGW, R2, Garage, ….
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { assertValidKey } from './local.ts';
import type { ByteRange, Storage, StoredObject } from './types.ts';

export interface S3StorageOptions {
  /** Omit (or null) for AWS itself; set for MinIO and other S3-compatible servers. */
  endpoint?: string | null;
  region: string;
  bucket: string;
  /** Both empty: use the SDK's default credential chain (environment, instance or pod role). */
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

const FALLBACK_TYPE = 'application/octet-stream';
const DELETE_BATCH = 1000; // the most keys one DeleteObjects request may carry

interface S3Error {
  name?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}
const status = (err: unknown): number | undefined => (err as S3Error | null)?.$metadata?.httpStatusCode;
const isNotFound = (err: unknown): boolean => {
  const e = err as S3Error | null;
  return status(err) === 404 || e?.name === 'NotFound' || e?.name === 'NoSuchKey';
};

/** "bytes 10-19/100" → 100 */
const totalFromContentRange = (header: string | undefined): number | null => {
  const m = header ? /\/(\d+)\s*$/.exec(header) : null;
  return m ? Number(m[1]) : null;
};

export class S3Storage implements Storage {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(opts: S3StorageOptions) {
    const config: S3ClientConfig = {
      region: opts.region,
      forcePathStyle: opts.forcePathStyle,
      // Newer SDKs send CRC checksums (aws-chunked bodies) by default, which many S3-compatible
      // servers reject; ask for checksums only where the API requires them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      ...(opts.accessKeyId || opts.secretAccessKey ? { credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } } : {}),
    };
    this.client = new S3Client(config);
    this.bucket = opts.bucket;
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    assertValidKey(key);
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ContentLength: body.length }));
  }

  async putFile(key: string, filePath: string, contentType: string): Promise<void> {
    assertValidKey(key);
    // A stream with its length up front: one plain PUT, without buffering a video in memory.
    const { size } = await fsp.stat(filePath);
    const body = fs.createReadStream(filePath);
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ContentLength: size }));
    } finally {
      body.destroy();
    }
  }

  async moveFile(key: string, filePath: string, contentType: string): Promise<void> {
    await this.putFile(key, filePath, contentType);
    await fsp.rm(filePath, { force: true });
  }

  async stat(key: string): Promise<StoredObject | null> {
    assertValidKey(key);
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: res.ContentLength ?? 0, contentType: res.ContentType ?? FALLBACK_TYPE };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async get(key: string, range?: ByteRange): Promise<(StoredObject & { body: Readable }) | null> {
    assertValidKey(key);
    if (range && (!Number.isSafeInteger(range.start) || !Number.isSafeInteger(range.end) || range.start < 0 || range.end < range.start)) {
      throw new RangeError(`invalid byte range ${range.start}-${range.end}`);
    }
    try {
      const res = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
      );
      // `size` is the whole object's size, as with LocalStorage, so a caller can write Content-Range.
      const size = (range ? totalFromContentRange(res.ContentRange) : null) ?? res.ContentLength ?? 0;
      // In Node the SDK's body is an http.IncomingMessage, a Readable.
      return { size, contentType: res.ContentType ?? FALLBACK_TYPE, body: res.Body as Readable };
    } catch (err) {
      if (isNotFound(err)) return null;
      if (status(err) === 416) throw new RangeError(`byte range ${range?.start}-${range?.end} is not satisfiable for ${key}`);
      throw err;
    }
  }

  async delete(keys: string[]): Promise<void> {
    keys.forEach(assertValidKey);
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const batch = keys.slice(i, i + DELETE_BATCH);
      const res = await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
      // S3 reports per-key failures in a 200 response; a missing key is not one of them.
      const failed = (res.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
      if (failed.length > 0) {
        throw new Error(
          `S3 could not delete ${failed.length} object(s): ${failed
            .slice(0, 3)
            .map((e) => `${e.Key}: ${e.Code} ${e.Message}`)
            .join('; ')}`,
        );
      }
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
