// The tables the language module owns (created by migration 0006).
export interface TranslationRow {
  /** sha256 (hex) of the source sentence */
  hash: string;
  source_lang: string;
  target_lang: string;
  /** the provider's id ('gloss', 'deepl', …): each provider's work is kept apart */
  provider: string;
  text: string;
  created_at: string;
}

export interface MyWordRow {
  user_id: string;
  /** simplified form: a 火鍋 reader and a 火锅 reader save the same word */
  word: string;
  traditional: string;
  pinyin: string;
  /** the first senses, as saved */
  gloss: string;
  note_id: string | null;
  created_at: string;
}

export interface LanguageTables {
  translations: TranslationRow;
  my_words: MyWordRow;
}
