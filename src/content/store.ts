// The content store: policies and job postings in the kiosk's SQLite database, with
// search (trigram FTS for 3+ characters, the grams index for 1-2), filters, sorting and
// paging; pinyin search (full, initials, mixed; pinyin.ts) rides on the same two indexes, and
// the candidate bar's title words live in content_words (suggest.ts). Every query is built from fixed SQL fragments; user text only ever travels as a
// bound parameter (see text.ts for how it becomes an FTS expression).
import type { Db } from '../db/open.js';
import { endOfDayMs, type JobBody, type PolicyBody, type PolicyCategory } from '../protocol/content.js';
import type { JobSearchInput, JobSummary, PolicySearchInput, PolicySummary } from '../contract/content.js';
import { gramsOf, parseQuery, searchTextOf } from './text.js';
import { pinyinTokensOf } from './pinyin.js';
import { candidates, titleWords, type TitleWord } from './suggest.js';

export type Origin = 'embedded' | 'township';
export type UpsertResult = 'applied' | 'older-version';

/** Pay per day, so postings paid by the day, month and hour can be sorted together. */
export function payPerDay(pay: JobBody['pay']): number | null {
  switch (pay.unit) {
    case 'day':
      return pay.max;
    case 'month':
      return Math.round((pay.max / 26) * 100) / 100;
    case 'hour':
      return pay.max * 8;
    case 'piece':
      return null;
  }
}

/** Pinyin is indexed for titles and summaries: a policy's title and summary. */
function policyPinyin(b: PolicyBody): string {
  return pinyinTokensOf([b.title['zh-CN'], b.summary['zh-CN']]);
}

/** A job's summary is what its list row shows: employer and place. */
function jobPinyin(b: JobBody): string {
  return pinyinTokensOf([b.title['zh-CN'], b.employer.name['zh-CN'], b.location.county['zh-CN'], b.location.township['zh-CN'], b.location.village?.['zh-CN']]);
}

function policySearchText(b: PolicyBody): string {
  const both = (t: { 'zh-CN': string; en: string }) => [t['zh-CN'], t.en];
  return searchTextOf([...both(b.title), ...both(b.summary), ...both(b.whoQualifies), ...both(b.benefit), ...b.materials.flatMap(both), ...b.steps.flatMap(both), ...both(b.whereToGo), ...both(b.official.name), ...both(b.official.title), ...both(b.source)]);
}

function jobSearchText(b: JobBody): string {
  const both = (t: { 'zh-CN': string; en: string } | null | undefined) => (t ? [t['zh-CN'], t.en] : []);
  return searchTextOf([...both(b.title), ...both(b.employer.name), ...both(b.location.county), ...both(b.location.township), ...both(b.location.village), ...both(b.season), ...both(b.duties)]);
}

/** 1-2 character queries look at titles, employers, places and seasons; duties are in the trigram index only. */
function jobGrams(b: JobBody, pinyin: string): string {
  const both = (t: { 'zh-CN': string; en: string } | null | undefined) => (t ? `${t['zh-CN']} ${t.en}` : '');
  return gramsOf([both(b.title), both(b.employer.name), both(b.location.county), both(b.location.township), both(b.location.village), both(b.season), pinyin].join(' '));
}

function policyGrams(b: PolicyBody, pinyin: string): string {
  return gramsOf([...[b.title, b.summary, b.benefit, b.whoQualifies].map((t) => `${t['zh-CN']} ${t.en}`), pinyin].join(' '));
}

/** Search text and grams of a body, pinyin included. */
function indexTextOf(type: 'policy' | 'job', body: PolicyBody | JobBody): { searchText: string; grams: string } {
  if (type === 'policy') {
    const b = body as PolicyBody;
    return { searchText: policySearchText(b), grams: policyGrams(b, policyPinyin(b)) };
  }
  const b = body as JobBody;
  return { searchText: jobSearchText(b), grams: jobGrams(b, jobPinyin(b)) };
}

/** Bumped whenever content_words changes, shared by every store on the same database. */
const wordsVersion = new WeakMap<Db, number>();
const bumpWords = (db: Db) => wordsVersion.set(db, (wordsVersion.get(db) ?? 0) + 1);

export function jobSummaryOf(id: string, b: JobBody): JobSummary {
  return {
    id,
    title: b.title,
    employer: b.employer.name,
    verified: b.employer.verifiedByTownship,
    county: b.location.county,
    township: b.location.township,
    village: b.location.village,
    distanceKm: b.location.distanceKm,
    pay: { min: b.pay.min, max: b.pay.max, unit: b.pay.unit, ...(b.pay.pieceNote ? { pieceNote: b.pay.pieceNote } : {}) },
    employmentType: b.employmentType,
    mealsProvided: b.mealsProvided,
    housingProvided: b.housingProvided,
    openings: b.openings,
    datePosted: b.datePosted,
    validThrough: b.validThrough,
  };
}

export function policySummaryOf(id: string, b: PolicyBody): PolicySummary {
  return { id, title: b.title, benefit: b.benefit, category: b.category, deadline: b.deadline, updatedAt: b.updatedAt, homeVisitBookable: b.homeVisitBookable };
}

const JOB_SORTS = {
  date: 'j.date_posted DESC, j.rowid DESC',
  // NULL (piece work) sorts last in DESC order.
  pay: 'j.pay_day DESC, j.rowid DESC',
  distance: 'j.distance_km ASC, j.rowid ASC',
} as const;

/** Counting stops here: lists show "1000+" rather than walking every match. */
export const COUNT_CAP = 1000;

export interface Page<T> {
  items: T[];
  /** Matches, counted up to COUNT_CAP. */
  total: number;
  totalCapped: boolean;
  nextOffset: number | null;
  /** True when the person typed only symbols: nothing could be searched. */
  nothingSearchable: boolean;
}

export interface ContentStore {
  upsertPolicy(id: string, version: number, body: PolicyBody, origin: Origin, gen: number): UpsertResult;
  upsertJob(id: string, version: number, body: JobBody, origin: Origin, gen: number): UpsertResult;
  remove(type: 'policy' | 'job', id: string): boolean;
  /** Drops rows from before a full resync (gen < the resync's gen). */
  dropOlderThan(gen: number): { policies: number; jobs: number };
  searchPolicies(q: PolicySearchInput): Page<PolicySummary>;
  /** Newest first, the policies whose eligibility names any of these tags. */
  policiesForTags(tags: readonly string[], limit: number): Array<{ summary: PolicySummary; body: PolicyBody }>;
  searchJobs(q: JobSearchInput, now: Date): Page<JobSummary>;
  policy(id: string): { id: string; version: number; body: PolicyBody } | null;
  /** Null when missing; `expired` when it exists but is past its validThrough. */
  job(id: string, now: Date): { id: string; version: number; body: JobBody; expired: boolean } | null;
  categories(): Array<{ category: PolicyCategory; count: number }>;
  counties(now: Date): Array<{ county: string; countyEn: string; count: number }>;
  counts(): { policies: number; jobs: number };
  /** Merges the FTS segments after a bulk load (embedded set, long sync). */
  optimize(): void;
  /** Candidate words from the titles of this kind for what the query's last term spells. */
  suggest(kind: 'policy' | 'job', query: string, limit?: number): string[];
  /**
   * Once, after the upgrade to pinyin search: rewrites every row's search entries (and title
   * words) from its stored body. Returns how many rows were re-indexed (0 when already done).
   */
  ensurePinyinIndexed(): number;
}

export function createContentStore(db: Db): ContentStore {
  const stmts = {
    policy: {
      find: db.prepare('SELECT p.rowid, p.version, b.body FROM policies p JOIN policy_bodies b ON b.rowid = p.rowid WHERE p.id = ?'),
      insert: db.prepare('INSERT INTO policies (id, version, origin, gen, category, updated_at) VALUES (@id, @version, @origin, @gen, @category, @updatedAt)'),
      update: db.prepare('UPDATE policies SET version = @version, origin = @origin, gen = @gen, category = @category, updated_at = @updatedAt WHERE rowid = @rowid'),
    },
    job: {
      find: db.prepare('SELECT j.rowid, j.version, b.body FROM jobs j JOIN job_bodies b ON b.rowid = j.rowid WHERE j.id = ?'),
      insert: db.prepare(`INSERT INTO jobs (id, version, origin, gen, county, county_en, pay_unit, pay_min, pay_max, pay_day, employment_type, meals, housing, distance_km, date_posted, valid_until)
        VALUES (@id, @version, @origin, @gen, @county, @countyEn, @payUnit, @payMin, @payMax, @payDay, @employmentType, @meals, @housing, @distanceKm, @datePosted, @validUntil)`),
      update: db.prepare(`UPDATE jobs SET version = @version, origin = @origin, gen = @gen, county = @county, county_en = @countyEn, pay_unit = @payUnit, pay_min = @payMin, pay_max = @payMax,
        pay_day = @payDay, employment_type = @employmentType, meals = @meals, housing = @housing, distance_km = @distanceKm, date_posted = @datePosted, valid_until = @validUntil WHERE rowid = @rowid`),
    },
  };
  const forTags = db.prepare(`SELECT b.summary, b.body FROM policies p JOIN policy_bodies b ON b.rowid = p.rowid
    WHERE EXISTS (SELECT 1 FROM json_each(b.body, '$.eligibility') e WHERE e.value IN (SELECT value FROM json_each(@tags)))
    ORDER BY p.updated_at DESC, p.rowid DESC LIMIT @limit`);
  const setGen = { policy: db.prepare('UPDATE policies SET gen = ?, origin = ? WHERE rowid = ?'), job: db.prepare('UPDATE jobs SET gen = ?, origin = ? WHERE rowid = ?') };
  const putBody = {
    policy: db.prepare('INSERT INTO policy_bodies (rowid, summary, body) VALUES (?, ?, ?) ON CONFLICT (rowid) DO UPDATE SET summary = excluded.summary, body = excluded.body'),
    job: db.prepare('INSERT INTO job_bodies (rowid, summary, body) VALUES (?, ?, ?) ON CONFLICT (rowid) DO UPDATE SET summary = excluded.summary, body = excluded.body'),
  };
  const getSummary = { policies: db.prepare('SELECT summary FROM policy_bodies WHERE rowid = ?').pluck(), jobs: db.prepare('SELECT summary FROM job_bodies WHERE rowid = ?').pluck() };
  const fts = {
    policy: { del: db.prepare('DELETE FROM policies_fts WHERE rowid = ?'), delG: db.prepare('DELETE FROM policies_grams WHERE rowid = ?'), ins: db.prepare('INSERT INTO policies_fts (rowid, search_text) VALUES (?, ?)'), insG: db.prepare('INSERT INTO policies_grams (rowid, grams) VALUES (?, ?)') },
    job: { del: db.prepare('DELETE FROM jobs_fts WHERE rowid = ?'), delG: db.prepare('DELETE FROM jobs_grams WHERE rowid = ?'), ins: db.prepare('INSERT INTO jobs_fts (rowid, search_text) VALUES (?, ?)'), insG: db.prepare('INSERT INTO jobs_grams (rowid, grams) VALUES (?, ?)') },
  };
  const words = {
    add: db.prepare('INSERT INTO content_words (kind, word, pinyin, uses) VALUES (?, ?, ?, 1) ON CONFLICT (kind, word) DO UPDATE SET uses = uses + 1'),
    sub: db.prepare('UPDATE content_words SET uses = uses - 1 WHERE kind = ? AND word = ?'),
    prune: db.prepare('DELETE FROM content_words WHERE uses <= 0'),
    all: db.prepare('SELECT word, pinyin, uses FROM content_words WHERE kind = ?'),
    clear: db.prepare('DELETE FROM content_words'),
  };
  const titleOf = {
    policy: db.prepare('SELECT b.summary FROM policies p JOIN policy_bodies b ON b.rowid = p.rowid WHERE p.id = ?').pluck(),
    job: db.prepare('SELECT b.summary FROM jobs j JOIN job_bodies b ON b.rowid = j.rowid WHERE j.id = ?').pluck(),
  };
  const BATCH = 500;
  const olderTitles = {
    policy: db.prepare('SELECT p.rowid AS r, b.summary AS s FROM policies p JOIN policy_bodies b ON b.rowid = p.rowid WHERE p.gen < ? AND p.rowid > ? ORDER BY p.rowid LIMIT 500'),
    job: db.prepare('SELECT j.rowid AS r, b.summary AS s FROM jobs j JOIN job_bodies b ON b.rowid = j.rowid WHERE j.gen < ? AND j.rowid > ? ORDER BY j.rowid LIMIT 500'),
  };
  const bodiesAfter = {
    policy: db.prepare('SELECT rowid AS r, body AS s FROM policy_bodies WHERE rowid > ? ORDER BY rowid LIMIT 500'),
    job: db.prepare('SELECT rowid AS r, body AS s FROM job_bodies WHERE rowid > ? ORDER BY rowid LIMIT 500'),
  };
  /** Walks rows in rowid batches, so writes can run between reads. */
  const inBatches = (read: (after: number) => Array<{ r: number; s: string }>, each: (r: number, s: string) => void) => {
    for (let after = 0; ; ) {
      const rows = read(after);
      for (const row of rows) each(row.r, row.s);
      if (rows.length < BATCH) return;
      after = rows[rows.length - 1]!.r;
    }
  };
  type Title = { 'zh-CN': string; en: string };
  const countWords = (kind: 'policy' | 'job', title: Title, delta: 1 | -1) => {
    for (const w of titleWords(title)) (delta > 0 ? words.add.run(kind, w.word, w.pinyin) : words.sub.run(kind, w.word));
    bumpWords(db);
  };
  const sameTitle = (a: Title, b: Title) => a['zh-CN'] === b['zh-CN'] && a.en === b.en;
  const wordCache = new Map<'policy' | 'job', { version: number; words: TitleWord[] }>();
  const pinyinState = {
    get: db.prepare('SELECT pinyin_indexed FROM content_sync WHERE id = 1').pluck(),
    set: db.prepare('UPDATE content_sync SET pinyin_indexed = 1 WHERE id = 1'),
  };
  const delPolicy = db.prepare('DELETE FROM policies WHERE id = ?');
  const delJob = db.prepare('DELETE FROM jobs WHERE id = ?');
  const dropPolicies = db.prepare('DELETE FROM policies WHERE gen < ?');
  const dropJobs = db.prepare('DELETE FROM jobs WHERE gen < ?');
  const getJob = db.prepare('SELECT j.id, j.version, b.body, j.valid_until FROM jobs j JOIN job_bodies b ON b.rowid = j.rowid WHERE j.id = ?');
  const catStmt = db.prepare('SELECT category, count(*) AS count FROM policies GROUP BY category ORDER BY count DESC, category');
  const countyStmt = db.prepare('SELECT county, county_en AS countyEn, count(*) AS count FROM jobs WHERE valid_until >= ? GROUP BY county ORDER BY count DESC, county');
  const countStmt = db.prepare('SELECT (SELECT count(*) FROM policies) AS policies, (SELECT count(*) FROM jobs) AS jobs');

  /**
   * Shared upsert: insert or update the row, body and both index entries. The same version
   * with the same body (a full resync re-sending what is held) only marks the generation.
   */
  function upsert(type: 'policy' | 'job', id: string, version: number, body: PolicyBody | JobBody, summary: string, origin: Origin, gen: number, row: Record<string, unknown>): UpsertResult {
    const existing = stmts[type].find.get(id) as { rowid: number; version: number; body: string } | undefined;
    const json = JSON.stringify(body);
    if (existing && existing.version > version) return 'older-version';
    if (existing && existing.version === version && existing.body === json) {
      setGen[type].run(gen, origin, existing.rowid);
      return 'applied';
    }
    const { searchText, grams } = indexTextOf(type, body);
    const oldTitle = existing ? (JSON.parse(existing.body) as { title: Title }).title : null;
    if (!oldTitle || !sameTitle(oldTitle, body.title)) {
      if (oldTitle) countWords(type, oldTitle, -1);
      countWords(type, body.title, 1);
    }
    let rowid: number;
    if (existing) {
      rowid = existing.rowid;
      stmts[type].update.run({ ...row, id, version, origin, gen, rowid });
      fts[type].del.run(rowid);
      fts[type].delG.run(rowid);
    } else {
      rowid = Number(stmts[type].insert.run({ ...row, id, version, origin, gen }).lastInsertRowid);
    }
    putBody[type].run(rowid, summary, json);
    fts[type].ins.run(rowid, searchText);
    fts[type].insG.run(rowid, grams);
    return 'applied';
  }

  const cache = new Map<string, ReturnType<Db['prepare']>>();
  const prepared = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };

  /**
   * The FTS part of a query. Matches are joined as streaming cursors (no materialised list),
   * so counting stops at COUNT_CAP + 1 however many rows match.
   */
  function matchParts(table: 'policies' | 'jobs', alias: string, query: string | undefined) {
    const parsed = parseQuery(query ?? '');
    const fts: Array<{ vt: string; a: string; cond: string | null; inSet: string }> = [];
    const params: Record<string, unknown> = {};
    if (parsed.trigram) {
      fts.push({ vt: `${table}_fts`, a: `${table}_fts`, cond: `${table}_fts MATCH @tri`, inSet: `+${alias}.rowid IN (SELECT rowid FROM ${table}_fts WHERE ${table}_fts MATCH @tri)` });
      params.tri = parsed.trigram;
    }
    if (parsed.grams) {
      fts.push({ vt: `${table}_grams`, a: `${table}_grams`, cond: `${table}_grams MATCH @grams`, inSet: `+${alias}.rowid IN (SELECT rowid FROM ${table}_grams WHERE ${table}_grams MATCH @grams)` });
      params.grams = parsed.grams;
    }
    // English-or-pinyin terms: the union of both matches, joined like one more index.
    parsed.either.forEach((e, i) => {
      const set = `SELECT rowid FROM ${table}_fts WHERE ${table}_fts MATCH @et${i} UNION SELECT rowid FROM ${table}_grams WHERE ${table}_grams MATCH @eg${i}`;
      fts.push({ vt: `(${set}) AS e${i}`, a: `e${i}`, cond: null, inSet: `+${alias}.rowid IN (${set})` });
      params[`et${i}`] = e.trigram;
      params[`eg${i}`] = e.grams;
    });
    return { fts, params, parsed };
  }

  /**
   * One page. Few matches (<= COUNT_CAP): walk the matches and sort them. Many matches:
   * walk the sort index and test membership in the match set, which finds a page quickly
   * because matches are dense. Either way the work is bounded.
   */
  function page<T>(table: 'policies' | 'jobs', alias: string, m: ReturnType<typeof matchParts>, filters: string[], order: string, q: { offset: number; limit: number }): Page<T> {
    const from = `${table} ${alias}`;
    const fts = m.fts.length > 0;
    // The FTS cursors come first so they drive; the content table is probed by rowid.
    const matchFrom = fts ? [`${m.fts[0]!.vt} JOIN ${from} ON ${alias}.rowid = ${m.fts[0]!.a}.rowid`, ...m.fts.slice(1).map((f) => `JOIN ${f.vt} ON ${f.a}.rowid = ${alias}.rowid`)].join(' ') : from;
    const matchFilters = [...m.fts.flatMap((f) => (f.cond ? [f.cond] : [])), ...filters];
    const where = matchFilters.length ? `WHERE ${matchFilters.join(' AND ')}` : '';
    const n = (prepared(`SELECT count(*) AS n FROM (SELECT 1 FROM ${matchFrom} ${where} LIMIT ${COUNT_CAP + 1})`).get(m.params) as { n: number }).n;
    let sql: string;
    if (!fts) sql = `SELECT ${alias}.rowid AS r FROM ${from} ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`;
    else if (n <= COUNT_CAP) sql = `SELECT ${alias}.rowid AS r FROM ${matchFrom} ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`;
    else sql = `SELECT ${alias}.rowid AS r FROM ${from} WHERE ${[...filters, ...m.fts.map((f) => f.inSet)].join(' AND ')} ORDER BY ${order} LIMIT @limit OFFSET @offset`;
    const rowids = prepared(sql).pluck().all({ ...m.params, limit: q.limit + 1, offset: q.offset }) as number[];
    const more = rowids.length > q.limit;
    const items = rowids.slice(0, q.limit).map((r) => JSON.parse(getSummary[table].get(r) as string) as T);
    return { items, total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP, nextOffset: more ? q.offset + q.limit : null, nothingSearchable: false };
  }

  const none = { items: [], total: 0, totalCapped: false, nextOffset: null, nothingSearchable: true };


  return {
    upsertPolicy(id, version, body, origin, gen) {
      const row = { category: body.category, updatedAt: body.updatedAt };
      return upsert('policy', id, version, body, JSON.stringify(policySummaryOf(id, body)), origin, gen, row);
    },
    upsertJob(id, version, body, origin, gen) {
      const row = {
        county: body.location.county['zh-CN'],
        countyEn: body.location.county.en,
        payUnit: body.pay.unit,
        payMin: body.pay.min,
        payMax: body.pay.max,
        payDay: payPerDay(body.pay),
        employmentType: body.employmentType,
        meals: body.mealsProvided ? 1 : 0,
        housing: body.housingProvided ? 1 : 0,
        distanceKm: body.location.distanceKm,
        datePosted: body.datePosted,
        validUntil: endOfDayMs(body.validThrough),
      };
      return upsert('job', id, version, body, JSON.stringify(jobSummaryOf(id, body)), origin, gen, row);
    },
    remove(type, id) {
      const summary = titleOf[type].get(id) as string | undefined;
      const gone = (type === 'policy' ? delPolicy : delJob).run(id).changes > 0;
      if (gone && summary) {
        countWords(type, (JSON.parse(summary) as { title: Title }).title, -1);
        words.prune.run();
      }
      return gone;
    },
    dropOlderThan(gen) {
      for (const type of ['policy', 'job'] as const) {
        inBatches((after) => olderTitles[type].all(gen, after) as Array<{ r: number; s: string }>, (_r, s) => countWords(type, (JSON.parse(s) as { title: Title }).title, -1));
      }
      words.prune.run();
      return { policies: dropPolicies.run(gen).changes, jobs: dropJobs.run(gen).changes };
    },
    suggest(kind, query, limit) {
      const version = wordsVersion.get(db) ?? 0;
      let cached = wordCache.get(kind);
      if (!cached || cached.version !== version) {
        const rows = words.all.all(kind) as Array<{ word: string; pinyin: string | null; uses: number }>;
        cached = { version, words: rows.filter((r) => r.uses > 0).map((r) => ({ word: r.word, syllables: r.pinyin === null ? null : r.pinyin.split(' '), uses: r.uses })) };
        wordCache.set(kind, cached);
      }
      return candidates(query, cached.words, limit);
    },
    ensurePinyinIndexed() {
      if (pinyinState.get.get() === 1) return 0;
      let n = 0;
      db.transaction(() => {
        words.clear.run();
        for (const type of ['policy', 'job'] as const) {
          inBatches((after) => bodiesAfter[type].all(after) as Array<{ r: number; s: string }>, (rowid, json) => {
            const body = JSON.parse(json) as PolicyBody | JobBody;
            const { searchText, grams } = indexTextOf(type, body);
            fts[type].del.run(rowid);
            fts[type].delG.run(rowid);
            fts[type].ins.run(rowid, searchText);
            fts[type].insG.run(rowid, grams);
            for (const w of titleWords(body.title)) words.add.run(type, w.word, w.pinyin);
            n++;
          });
        }
        pinyinState.set.run();
      })();
      bumpWords(db);
      return n;
    },
    policiesForTags(tags, limit) {
      if (tags.length === 0) return [];
      const rows = forTags.all({ tags: JSON.stringify(tags), limit }) as Array<{ summary: string; body: string }>;
      return rows.map((r) => ({ summary: JSON.parse(r.summary) as PolicySummary, body: JSON.parse(r.body) as PolicyBody }));
    },
    searchPolicies(q) {
      const m = matchParts('policies', 'p', q.query);
      if (m.parsed.nothingSearchable) return none;
      const filters: string[] = [];
      if (q.category) {
        filters.push('p.category = @category');
        m.params.category = q.category;
      }
      return page<PolicySummary>('policies', 'p', m, filters, 'p.updated_at DESC, p.rowid DESC', q);
    },
    searchJobs(q, now) {
      const m = matchParts('jobs', 'j', q.query);
      if (m.parsed.nothingSearchable) return none;
      const p = m.params;
      // Unary + keeps the planner on the sort/filter indexes: nearly every posting is unexpired.
      const filters = ['+j.valid_until >= @now'];
      p.now = now.getTime();
      if (q.county) {
        filters.push('j.county = @county');
        p.county = q.county;
      }
      if (q.payUnit) {
        filters.push('j.pay_unit = @payUnit');
        p.payUnit = q.payUnit;
      }
      if (q.payMin !== null) {
        filters.push('j.pay_max >= @payMin');
        p.payMin = q.payMin;
      }
      if (q.payMax !== null) {
        filters.push('j.pay_min <= @payMax');
        p.payMax = q.payMax;
      }
      if (q.employmentType) {
        filters.push('j.employment_type = @employmentType');
        p.employmentType = q.employmentType;
      }
      if (q.meals) filters.push('j.meals = 1');
      if (q.housing) filters.push('j.housing = 1');
      return page<JobSummary>('jobs', 'j', m, filters, JOB_SORTS[q.sort], q);
    },
    policy(id) {
      const r = stmts.policy.find.get(id) as { rowid: number; version: number; body: string } | undefined;
      return r ? { id, version: r.version, body: JSON.parse(r.body) as PolicyBody } : null;
    },
    job(id, now) {
      const r = getJob.get(id) as { id: string; version: number; body: string; valid_until: number } | undefined;
      return r ? { id: r.id, version: r.version, body: JSON.parse(r.body) as JobBody, expired: r.valid_until < now.getTime() } : null;
    },
    categories() {
      return catStmt.all() as Array<{ category: PolicyCategory; count: number }>;
    },
    counties(now) {
      return countyStmt.all(now.getTime()) as Array<{ county: string; countyEn: string; count: number }>;
    },
    counts() {
      return countStmt.get() as { policies: number; jobs: number };
    },
    optimize() {
      for (const t of ['policies_fts', 'policies_grams', 'jobs_fts', 'jobs_grams']) db.prepare(`INSERT INTO ${t} (${t}) VALUES ('optimize')`).run();
    },
  };
}
