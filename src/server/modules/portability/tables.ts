// The tables the portability module owns (created by migration 0012).

/** One uploaded TikTok export: what it holds (the preview) and how applying it went. */
export interface DataImportRow {
  id: string;
  user_id: string;
  source: 'tiktok';
  status: 'previewed' | 'queued' | 'running' | 'done' | 'failed' | 'expired';
  layout: string;
  /** the parsed export (no PII: only the sections an import uses) in storage until the job ends */
  upload_key: string | null;
  /** ImportPreview as JSON */
  preview: string;
  /** ApplyImportBody as JSON, once applied */
  options: string | null;
  progress_done: number;
  progress_total: number;
  /** ImportCounts plus the board id, as JSON */
  counts: string;
  error: string | null;
  created_at: string;
  updated_at: string;
  /** a preview never applied is forgotten then */
  expires_at: string;
}

export interface ImportDraftRow {
  id: string;
  user_id: string;
  import_id: string;
  title: string;
  body: string;
  /** JSON array of tag names */
  hashtags: string;
  visibility: 'public' | 'followers' | 'only_me';
  original_at: string | null;
  original_likes: number | null;
  /** what the draft was made from (a hash of the post): a retried import makes it once */
  source_ref: string;
  created_at: string;
}

export interface ImportCommentRow {
  id: string;
  user_id: string;
  import_id: string;
  text: string;
  written_at: string | null;
  post_url: string | null;
  source_ref: string;
  created_at: string;
}

export interface ImportFollowRow {
  user_id: string;
  tiktok_username: string;
  import_id: string;
  followed_at: string | null;
  /** waiting (not on Biji, or not followed yet) | dismissed */
  state: 'waiting' | 'dismissed';
  /** when the importer was told that this username joined */
  notified_at: string | null;
  created_at: string;
}

export interface DataExportRow {
  id: string;
  user_id: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'expired';
  progress_done: number;
  progress_total: number;
  storage_key: string | null;
  bytes: number | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  expires_at: string | null;
}

export interface PortabilityTables {
  data_imports: DataImportRow;
  import_drafts: ImportDraftRow;
  import_comments: ImportCommentRow;
  import_follows: ImportFollowRow;
  data_exports: DataExportRow;
}
