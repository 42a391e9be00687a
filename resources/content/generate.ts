// Generates the embedded sample content (policies.json, jobs.json beside this file).
// Deterministic: the same seed and date give the same bytes.
//
//   node --import tsx resources/content/generate.ts            # writes the two JSON files
//
// Benchmarks and tests call generateJobs() for larger sets (50,000 postings).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JobBody, PolicyBody } from '../../src/protocol/content.js';
import { JOB_KINDS } from './job-kinds.js';
import { COUNTIES, PEOPLE, VILLAGES, type County } from './places.js';
import { POLICY_KINDS } from './policy-kinds.js';

/** The date the sample content is written for (sample dates are rebased to "today" on load). */
export const SAMPLE_AS_OF = '2026-11-20';
export const SAMPLE_SEED = 20261120;

export interface EmbeddedItem<B> {
  id: string;
  version: number;
  body: B;
}
export interface EmbeddedFile<B> {
  asOf: string;
  generator: string;
  items: Array<EmbeddedItem<B>>;
}

import { mulberry32 as rng } from './rng.js';
export { rng };

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function mobile(r: () => number): string {
  return pick(r, ['138', '139', '150', '151', '152', '158', '159', '137', '135', '182', '187', '188', '133', '153', '180', '189', '130', '131', '155', '156', '185', '186']) + String(int(r, 0, 99_999_999)).padStart(8, '0');
}
function landline(r: () => number, c: County): string {
  return c.areaCode + String(int(r, 2, 8)) + String(int(r, 0, 999_999)).padStart(6, '0');
}

/** Next yearly deadline (MM-DD) on or after asOf. */
function nextDeadline(mmdd: string, asOf: string): string {
  const year = Number(asOf.slice(0, 4));
  const thisYear = `${year}-${mmdd}`;
  return thisYear >= asOf ? thisYear : `${year + 1}-${mmdd}`;
}

export function generatePolicies(seed = SAMPLE_SEED, asOf = SAMPLE_AS_OF): Array<EmbeddedItem<PolicyBody>> {
  const r = rng(seed);
  const out: Array<EmbeddedItem<PolicyBody>> = [];
  const home = COUNTIES[0]!;
  POLICY_KINDS.forEach((kind, k) => {
    const other = COUNTIES[1 + (k % (COUNTIES.length - 1))]!;
    for (const c of [home, other]) {
      const text = kind.text(c);
      const person = pick(r, PEOPLE);
      const township = c === home ? c.townships[0]! : pick(r, c.townships);
      const countyLevel = /县|County/.test(kind.office['zh-CN'] + kind.office.en) && !/乡镇|Township|township/.test(kind.office['zh-CN'] + kind.office.en);
      const body: PolicyBody = {
        ...text,
        whereToGo: countyLevel
          ? { 'zh-CN': `${c.name.zh}${kind.office['zh-CN'].replace(/^县/, '')}（县城）。工作日 8:30-12:00，14:30-17:30。`, en: `${kind.office.en.replace(/^County /, `${c.name.en} `)} (county town). Working days 8:30-12:00 and 14:30-17:30.` }
          : { 'zh-CN': `${township.zh}${kind.office['zh-CN'].replace(/^乡镇/, '')}。工作日 8:30-12:00，14:30-17:30。`, en: `${kind.office.en.replace(/township/i, township.en)}. Working days 8:30-12:00 and 14:30-17:30.` },
        homeVisitBookable: kind.homeVisitBookable,
        official: { name: { 'zh-CN': person.zh, en: person.en }, title: kind.officialTitle, phone: r() < 0.5 ? landline(r, c) : mobile(r) },
        ...(person.pinyin ? { pronunciations: { [person.zh]: person.pinyin } } : {}),
        deadline: kind.deadline ? nextDeadline(kind.deadline, asOf) : null,
        source: { 'zh-CN': `${c.name.zh}人民政府 · ${kind.office['zh-CN'].replace(/^(县|乡镇)/, '')}（示例内容，不是正式文件）`, en: `${c.name.en} government, ${kind.office.en.replace(/^County /, '').replace(/^./, (ch) => ch.toLowerCase())} (sample content, not an official notice)` },
        updatedAt: addDays(asOf, -int(r, 0, 120)),
        category: kind.category,
        relatedRequestType: kind.relatedRequestType,
        eligibility: kind.eligibility,
      };
      out.push({ id: `p-${c.key}-${kind.key}`, version: 1, body: PolicyBody.parse(body) });
    }
  });
  return out;
}

const fill = (tpl: { 'zh-CN': string; en: string }, v: { zh: string; en: string }, tw: { zh: string; en: string }, c: County) => ({
  'zh-CN': tpl['zh-CN'].replace('{v}', v.zh.replace(/村$/, '')).replace('{t}', tw.zh).replace('{c}', c.name.zh.length > 2 ? c.name.zh.replace(/县$/, '') : c.name.zh),
  en: tpl.en.replace('{v}', v.en.replace(/ Village$/, '')).replace('{t}', tw.en.replace(/ (Town|Township)$/, '')).replace('{c}', c.name.zh.length > 2 ? c.name.en.replace(/ County$/, '') : c.name.en),
});

const REPOST = { 'zh-CN': '县人社局招聘会', en: 'County job fair listing' };

/** `n` job postings; ids are `${prefix}${index}`. All are valid for at least 14 days after asOf. */
export function generateJobs(n: number, seed = SAMPLE_SEED + 1, asOf = SAMPLE_AS_OF, prefix = 'j-'): Array<EmbeddedItem<JobBody>> {
  const r = rng(seed);
  const out: Array<EmbeddedItem<JobBody>> = [];
  const width = Math.max(4, String(n).length);
  for (let i = 0; i < n; i++) {
    // The hall's own county gets about a third of the postings.
    const c = r() < 0.3 ? COUNTIES[0]! : pick(r, COUNTIES);
    const kinds = JOB_KINDS.filter((k) => k.counties === null || k.counties.includes(c.key));
    const kind = pick(r, kinds);
    const tw = pick(r, c.townships);
    const v = pick(r, VILLAGES);
    const steps = Math.round((kind.pay.max - kind.pay.min) / kind.pay.step);
    const lo = kind.pay.min + kind.pay.step * int(r, 0, Math.max(0, steps - 1));
    const hi = Math.min(kind.pay.max, lo + kind.pay.step * int(r, 0, 3));
    const round = (x: number) => Math.round(x * 100) / 100;
    const posted = addDays(asOf, -int(r, 0, 45));
    const valid = addDays(asOf, 14 + int(r, 0, 75));
    const contact = pick(r, PEOPLE);
    const body: JobBody = {
      title: kind.title,
      duties: kind.duties,
      employer: { name: fill(kind.employer, v, tw, c), verifiedByTownship: r() < 0.85 },
      location: { county: { 'zh-CN': c.name.zh, en: c.name.en }, township: { 'zh-CN': tw.zh, en: tw.en }, village: r() < 0.8 ? { 'zh-CN': v.zh, en: v.en } : null, distanceKm: Math.round((c.baseKm + r() * 25) * 10) / 10 },
      pay: { min: round(lo), max: round(hi), unit: kind.pay.unit, ...(kind.pay.pieceNote ? { pieceNote: kind.pay.pieceNote } : {}) },
      employmentType: kind.type,
      hours: kind.hours,
      season: kind.season,
      mealsProvided: kind.meals,
      housingProvided: kind.housing,
      openings: int(r, kind.openings[0], kind.openings[1]),
      requirements: { physical: kind.physical, ageMin: kind.age[0], ageMax: kind.age[1], experience: kind.experience },
      contactPhone: mobile(r),
      contactName: { 'zh-CN': contact.zh, en: contact.en },
      ...(contact.pinyin ? { pronunciations: { [contact.zh]: contact.pinyin } } : {}),
      datePosted: posted,
      validThrough: valid,
      repostedFrom: r() < 0.1 ? REPOST : null,
    };
    out.push({ id: `${prefix}${String(i + 1).padStart(width, '0')}`, version: 1, body: JobBody.parse(body) });
  }
  return out;
}

export const POLICY_COUNT = POLICY_KINDS.length * 2;
export const JOB_COUNT = 320;

const here = path.dirname(fileURLToPath(import.meta.url));
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const generator = 'resources/content/generate.ts';
  const policies: EmbeddedFile<PolicyBody> = { asOf: SAMPLE_AS_OF, generator, items: generatePolicies() };
  const jobs: EmbeddedFile<JobBody> = { asOf: SAMPLE_AS_OF, generator, items: generateJobs(JOB_COUNT) };
  writeFileSync(path.join(here, 'policies.json'), JSON.stringify(policies, null, 1) + '\n');
  writeFileSync(path.join(here, 'jobs.json'), JSON.stringify(jobs, null, 1) + '\n');
  console.log(`wrote ${policies.items.length} policies and ${jobs.items.length} jobs to ${here}`);
}
