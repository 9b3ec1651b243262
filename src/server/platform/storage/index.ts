import { LocalStorage } from './local.ts';
import type { S3StorageOptions } from './s3.ts';
import type { Storage } from './types.ts';

export { assertValidKey, LocalStorage } from './local.ts';
// S3Storage itself comes from './s3.ts': re-exporting it here would load the AWS SDK for everyone.
export type { S3StorageOptions } from './s3.ts';
export type { ByteRange, Storage, StoredObject } from './types.ts';

export async function createStorage(config: { dataDir: string; s3: S3StorageOptions | null }): Promise<Storage> {
  // Keys already start with their area ("media/…"), so local files land in DATA_DIR/media/….
  if (!config.s3) return new LocalStorage(config.dataDir);
  // The AWS SDK costs start-up time and memory: loaded only when S3 is configured.
  const { S3Storage } = await import('./s3.ts');
  return new S3Storage(config.s3);
}
