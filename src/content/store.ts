// The content store: policies and job postings in the kiosk's SQLite database, with
// search (trigram FTS for 3+ characters, the grams index for 1-2), filters, sorting and
// paging. Every query is built from fixed SQL fragments; user text only ever travels as a
// bound parameter (see text.ts for how it becomes an FTS expression).
import type { Db } from '../db/open.js';
import { endOfDayMs, type JobBody, type PolicyBody, type PolicyCategory } from '../protocol/content.js';
import type { JobSearchInput, JobSummary, PolicySearchInput, PolicySummary } from '../contract/content.js';
import { gramsOf, parseQuery, searchTextOf } from './text.js';

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

function policySearchText(b: PolicyBody): string {
  const both = (t: { 'zh-CN': string; en: string }) => [t['zh-CN'], t.en];
  return searchTextOf([...both(b.title), ...both(b.summary), ...both(b.whoQualifies), ...both(b.benefit), ...b.materials.flatMap(both), ...b.steps.flatMap(both), ...both(b.whereToGo), ...both(b.official.name), ...both(b.official.title), ...both(b.source)]);
}

function jobSearchText(b: JobBody): string {
  const both = (t: { 'zh-CN': string; en: string } | null | undefined) => (t ? [t['zh-CN'], t.en] : []);
  return searchTextOf([...both(b.title), ...both(b.duties), ...both(b.employer.name), ...both(b.location.county), ...both(b.location.township), ...both(b.location.village), ...both(b.hours), ...both(b.season), ...both(b.requirements.physical), ...both(b.requirements.experience)]);
}

/** Titles and place names weigh most for short queries; long free text stays in the trigram index only. */
function jobGrams(b: JobBody): string {
  const both = (t: { 'zh-CN': string; en: string } | null | undefined) => (t ? `${t['zh-CN']} ${t.en}` : '');
  return gramsOf([both(b.title), both(b.duties), both(b.employer.name), both(b.location.county), both(b.location.township), both(b.location.village), both(b.season), both(b.hours)].join(' '));
}

function jobSummaryOf(id: string, b: JobBody): JobSummary {
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

function policySummaryOf(id: string, b: PolicyBody): PolicySummary {
  return { id, title: b.title, benefit: b.benefit, category: b.category, deadline: b.deadline, updatedAt: b.updatedAt, homeVisitBookable: b.homeVisitBookable };
}

const JOB_SORTS = {
  date: 'j.date_posted DESC, j.rowid DESC',
  pay: 'j.pay_day IS NULL, j.pay_day DESC, j.date_posted DESC, j.rowid DESC',
  distance: 'j.distance_km ASC, j.date_posted DESC, j.rowid DESC',
} as const;

export interface Page<T> {
  items: T[];
  total: number;
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
  searchJobs(q: JobSearchInput, now: Date): Page<JobSummary>;
  policy(id: string): { id: string; version: number; body: PolicyBody } | null;
  /** Null when missing; `expired` when it exists but is past its validThrough. */
  job(id: string, now: Date): { id: string; version: number; body: JobBody; expired: boolean } | null;
  categories(): Array<{ category: PolicyCategory; count: number }>;
  counties(now: Date): Array<{ county: string; countyEn: string; count: number }>;
  counts(): { policies: number; jobs: number };
}

export function createContentStore(db: Db): ContentStore {
  const upsertPolicyStmt = db.prepare(`
    INSERT INTO policies (id, version, origin, gen, category, updated_at, deadline, body, search_text, grams)
    VALUES (@id, @version, @origin, @gen, @category, @updatedAt, @deadline, @body, @searchText, @grams)
    ON CONFLICT (id) DO UPDATE SET version = excluded.version, origin = excluded.origin, gen = excluded.gen, category = excluded.category,
      updated_at = excluded.updated_at, deadline = excluded.deadline, body = excluded.body, search_text = excluded.search_text, grams = excluded.grams
    WHERE excluded.version >= policies.version`);
  const upsertJobStmt = db.prepare(`
    INSERT INTO jobs (id, version, origin, gen, county, county_en, pay_unit, pay_min, pay_max, pay_day, employment_type, meals, housing, distance_km, date_posted, valid_until, summary, body, search_text, grams)
    VALUES (@id, @version, @origin, @gen, @county, @countyEn, @payUnit, @payMin, @payMax, @payDay, @employmentType, @meals, @housing, @distanceKm, @datePosted, @validUntil, @summary, @body, @searchText, @grams)
    ON CONFLICT (id) DO UPDATE SET version = excluded.version, origin = excluded.origin, gen = excluded.gen, county = excluded.county, county_en = excluded.county_en,
      pay_unit = excluded.pay_unit, pay_min = excluded.pay_min, pay_max = excluded.pay_max, pay_day = excluded.pay_day, employment_type = excluded.employment_type,
      meals = excluded.meals, housing = excluded.housing, distance_km = excluded.distance_km, date_posted = excluded.date_posted, valid_until = excluded.valid_until,
      summary = excluded.summary, body = excluded.body, search_text = excluded.search_text, grams = excluded.grams
    WHERE excluded.version >= jobs.version`);
  const delPolicy = db.prepare('DELETE FROM policies WHERE id = ?');
  const delJob = db.prepare('DELETE FROM jobs WHERE id = ?');
  const dropPolicies = db.prepare('DELETE FROM policies WHERE gen < ?');
  const dropJobs = db.prepare('DELETE FROM jobs WHERE gen < ?');
  const getPolicy = db.prepare('SELECT id, version, body FROM policies WHERE id = ?');
  const getJob = db.prepare('SELECT id, version, body, valid_until FROM jobs WHERE id = ?');
  const catStmt = db.prepare('SELECT category, count(*) AS count FROM policies GROUP BY category ORDER BY count DESC, category');
  const countyStmt = db.prepare('SELECT county, county_en AS countyEn, count(*) AS count FROM jobs WHERE valid_until >= ? GROUP BY county ORDER BY count DESC, county');
  const countStmt = db.prepare('SELECT (SELECT count(*) FROM policies) AS policies, (SELECT count(*) FROM jobs) AS jobs');

  const cache = new Map<string, ReturnType<Db['prepare']>>();
  const prepared = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };

  /** The FTS conditions for a query, as fixed SQL text plus bound values. */
  function matchClauses(table: 'policies' | 'jobs', alias: string, query: string | undefined) {
    const parsed = parseQuery(query ?? '');
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (parsed.trigram) {
      where.push(`${alias}.rowid IN (SELECT rowid FROM ${table}_fts WHERE ${table}_fts MATCH @tri)`);
      params.tri = parsed.trigram;
    }
    if (parsed.grams) {
      where.push(`${alias}.rowid IN (SELECT rowid FROM ${table}_grams WHERE ${table}_grams MATCH @grams)`);
      params.grams = parsed.grams;
    }
    return { where, params, parsed };
  }

  return {
    upsertPolicy(id, version, body, origin, gen) {
      const r = upsertPolicyStmt.run({ id, version, origin, gen, category: body.category, updatedAt: body.updatedAt, deadline: body.deadline, body: JSON.stringify(body), searchText: policySearchText(body), grams: gramsOf(`${body.title['zh-CN']} ${body.title.en} ${body.summary['zh-CN']} ${body.summary.en} ${body.benefit['zh-CN']} ${body.benefit.en} ${body.whoQualifies['zh-CN']} ${body.whoQualifies.en}`) });
      return r.changes > 0 ? 'applied' : 'older-version';
    },
    upsertJob(id, version, body, origin, gen) {
      const r = upsertJobStmt.run({
        id,
        version,
        origin,
        gen,
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
        summary: JSON.stringify(jobSummaryOf(id, body)),
        body: JSON.stringify(body),
        searchText: jobSearchText(body),
        grams: jobGrams(body),
      });
      return r.changes > 0 ? 'applied' : 'older-version';
    },
    remove(type, id) {
      return (type === 'policy' ? delPolicy : delJob).run(id).changes > 0;
    },
    dropOlderThan(gen) {
      return { policies: dropPolicies.run(gen).changes, jobs: dropJobs.run(gen).changes };
    },
    searchPolicies(q) {
      const { where, params, parsed } = matchClauses('policies', 'p', q.query);
      if (parsed.nothingSearchable) return { items: [], total: 0, nextOffset: null, nothingSearchable: true };
      if (q.category) {
        where.push('p.category = @category');
        params.category = q.category;
      }
      const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = (prepared(`SELECT count(*) AS n FROM policies p ${whereSql}`).get(params) as { n: number }).n;
      const rows = prepared(`SELECT p.id, p.body FROM policies p ${whereSql} ORDER BY p.updated_at DESC, p.rowid DESC LIMIT @limit OFFSET @offset`).all({ ...params, limit: q.limit, offset: q.offset }) as Array<{ id: string; body: string }>;
      const items = rows.map((r) => policySummaryOf(r.id, JSON.parse(r.body) as PolicyBody));
      return { items, total, nextOffset: q.offset + items.length < total ? q.offset + items.length : null, nothingSearchable: false };
    },
    searchJobs(q, now) {
      const { where, params, parsed } = matchClauses('jobs', 'j', q.query);
      if (parsed.nothingSearchable) return { items: [], total: 0, nextOffset: null, nothingSearchable: true };
      where.unshift('j.valid_until >= @now');
      params.now = now.getTime();
      if (q.county) {
        where.push('j.county = @county');
        params.county = q.county;
      }
      if (q.payUnit) {
        where.push('j.pay_unit = @payUnit');
        params.payUnit = q.payUnit;
      }
      if (q.payMin !== undefined && q.payMin !== null) {
        where.push('j.pay_max >= @payMin');
        params.payMin = q.payMin;
      }
      if (q.payMax !== undefined && q.payMax !== null) {
        where.push('j.pay_min <= @payMax');
        params.payMax = q.payMax;
      }
      if (q.employmentType) {
        where.push('j.employment_type = @employmentType');
        params.employmentType = q.employmentType;
      }
      if (q.meals) where.push('j.meals = 1');
      if (q.housing) where.push('j.housing = 1');
      const whereSql = `WHERE ${where.join(' AND ')}`;
      const total = (prepared(`SELECT count(*) AS n FROM jobs j ${whereSql}`).get(params) as { n: number }).n;
      const rows = prepared(`SELECT j.summary FROM jobs j ${whereSql} ORDER BY ${JOB_SORTS[q.sort]} LIMIT @limit OFFSET @offset`).all({ ...params, limit: q.limit, offset: q.offset }) as Array<{ summary: string }>;
      const items = rows.map((r) => JSON.parse(r.summary) as JobSummary);
      return { items, total, nextOffset: q.offset + items.length < total ? q.offset + items.length : null, nothingSearchable: false };
    },
    policy(id) {
      const r = getPolicy.get(id) as { id: string; version: number; body: string } | undefined;
      return r ? { id: r.id, version: r.version, body: JSON.parse(r.body) as PolicyBody } : null;
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
  };
}
