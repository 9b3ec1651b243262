import { LocalStorage } from './local.ts';
import { S3Storage, type S3StorageOptions } from './s3.ts';
import type { Storage } from './types.ts';

export { assertValidKey, LocalStorage } from './local.ts';
export { S3Storage, type S3StorageOptions } from './s3.ts';
export type { ByteRange, Storage, StoredObject } from './types.ts';

export function createStorage(config: { dataDir: string; s3: S3StorageOptions | null }): Storage {
  // Keys already start with their area ("media/…"), so local files land in DATA_DIR/media/….
  return config.s3 ? new S3Storage(config.s3) : new LocalStorage(config.dataDir);
}
