// The table the media module owns. Other modules ask MediaService, never this table.

export type MediaPurpose = 'note' | 'avatar';
export type MediaKind = 'image' | 'video';
export type MediaStatus = 'processing' | 'ready' | 'failed';

/**
 * One stored file of a media item. `name` is its role ("360", "720", "1440", "96", "256", "512",
 * "original", "video", or "source" — the uploaded video kept only until its transcode, never served);
 * `key` is its storage key, whose last segment is the file name in its URL.
 */
export interface MediaVariant {
  name: string;
  key: string;
  width: number;
  height: number;
  contentType: string;
  bytes: number;
}

export interface MediaRow {
  id: string;
  owner_id: string;
  purpose: MediaPurpose;
  kind: MediaKind;
  status: MediaStatus;
  width: number;
  height: number;
  duration_ms: number | null;
  bytes: number;
  dominant_color: string | null;
  placeholder: string | null;
  variants: string; // JSON: MediaVariant[]
  error: string | null;
  attached_to: string | null;
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MediaTables {
  media: MediaRow;
}
