// The word-list table (created by migration 0011): one row a list. The two built-in lists have
// fixed ids, so that seeding them is one idempotent insert whichever process gets there first.
export interface FilterListRow {
  id: string;
  name: string;
  /** null for a list an admin made; 'en' or 'zh' for a list that ships with Biji */
  builtin: string | null;
  action: string;
  enabled: number;
  /** JSON array of the terms an admin added */
  terms: string;
  /** JSON array of the words never to flag */
  allowed: string;
  /** moves on every change (the cache message carries it) */
  version: number;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface FilterTables {
  filter_lists: FilterListRow;
}
