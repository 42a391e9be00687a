import type { Migration } from './types.js';

// Pinyin search (src/content/pinyin.ts, docs/search.md).
// - content_words: the words of the content's own titles, for the search box's candidate bar
//   (typing bt offers 补贴, 补贴和护理补贴 ...). One row per distinct Chinese run of a title
//   (`pinyin` = its toneless syllables, space separated) or English title word (`pinyin`
//   NULL), per kind, with how many titles use it. Kept by the store on every upsert/remove.
// - content_sync.pinyin_indexed: 0 until every row's search text carries its pinyin. A kiosk
//   upgraded with content already applied re-indexes once at start (the pinyin is computed
//   by the runtime, so SQL alone can't do it here).
const migration: Migration = {
  version: 6,
  name: 'pinyin-search',
  sql: `
    CREATE TABLE content_words (
      kind TEXT NOT NULL CHECK (kind IN ('policy', 'job')),
      word TEXT NOT NULL,
      pinyin TEXT,
      uses INTEGER NOT NULL,
      PRIMARY KEY (kind, word)
    ) STRICT, WITHOUT ROWID;
    ALTER TABLE content_sync ADD COLUMN pinyin_indexed INTEGER NOT NULL DEFAULT 0;
    -- Nothing to re-index in an empty database: every row it gets is indexed with pinyin.
    UPDATE content_sync SET pinyin_indexed = 1 WHERE NOT EXISTS (SELECT 1 FROM policies) AND NOT EXISTS (SELECT 1 FROM jobs);
  `,
};
export default migration;
