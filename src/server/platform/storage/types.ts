// Where files live: local disk under DATA_DIR/media (embedded) or S3-compatible object storage (scaled).
import type { Readable } from 'node:stream';

export interface StoredObject {
  size: number;
  contentType: string;
}

export interface ByteRange {
  /** first byte, inclusive */
  start: number;
  /** last byte, inclusive */
  end: number;
}

export interface Storage {
  readonly kind: 'local' | 's3';
  /** Stores a file from disk under `key` (keys look like "media/01ab…/720.webp"). */
  putFile(key: string, filePath: string, contentType: string): Promise<void>;
  /**
   * Stores a file from disk under `key` and takes it: the file is gone afterwards. On local disk it is
   * renamed into place (no copy of a multi-gigabyte archive) when it is on the same file system.
   */
  moveFile(key: string, filePath: string, contentType: string): Promise<void>;
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  stat(key: string): Promise<StoredObject | null>;
  /** A stream of the whole object or of one byte range; null when the key does not exist. */
  get(key: string, range?: ByteRange): Promise<(StoredObject & { body: Readable }) | null>;
  /** Deletes the keys; missing keys are not an error. */
  delete(keys: string[]): Promise<void>;
  close(): Promise<void>;
}
