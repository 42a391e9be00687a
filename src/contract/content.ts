// RPC schemas of the content calls (policies, jobs, sync status). Names are in index.ts.
// Answers are small: one page of summaries, or one item.
import { z } from 'zod';
import { LocalizedText } from './core.js';
import { EligibilityTag, EmploymentType, JobBody, PayUnit, PolicyBody, PolicyCategory } from '../protocol/content.js';

/** Any text is accepted (up to what fits an RPC body); the store reads only the first 100 characters. */
const QueryText = z.string().max(20_000).default('');
const Paging = { offset: z.number().int().min(0).max(1_000_000).default(0), limit: z.number().int().min(1).max(50).default(20) };

export const PolicySearchInput = z
  .object({
    query: QueryText,
    category: PolicyCategory.nullable().default(null),
    ...Paging,
  })
  .strict();
export type PolicySearchInput = z.output<typeof PolicySearchInput>;

export const PolicySummary = z.object({
  id: z.string(),
  title: LocalizedText,
  benefit: LocalizedText,
  category: PolicyCategory,
  deadline: z.string().nullable(),
  updatedAt: z.string(),
  homeVisitBookable: z.boolean(),
});
export type PolicySummary = z.infer<typeof PolicySummary>;

/** When the content shown was last known good: the last sync, or the embedded set's date. */
export const AsOf = z.object({ at: z.string().nullable(), source: z.enum(['township', 'embedded', 'none']) });
export type AsOf = z.infer<typeof AsOf>;

const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    /** Matches, counted up to 1000 (then totalCapped is true: "1000+"). */
    total: z.number().int().nonnegative(),
    totalCapped: z.boolean(),
    nextOffset: z.number().int().nonnegative().nullable(),
    /** The person typed only symbols; the screen says so instead of "nothing found". */
    nothingSearchable: z.boolean(),
    asOf: AsOf,
  });

export const PolicyPage = pageOf(PolicySummary);

export const CategoriesOutput = z.object({
  categories: z.array(z.object({ category: PolicyCategory, count: z.number().int().nonnegative() })),
  asOf: AsOf,
});

export const IdInput = z.object({ id: z.string().min(1).max(200) }).strict();

export const PolicyDetailOutput = z.discriminatedUnion('found', [
  z.object({
    found: z.literal(true),
    id: z.string(),
    version: z.number().int(),
    policy: PolicyBody,
    /** "Continue on your phone": the township's public page, as a QR data URL; null when no public URL is configured. */
    qr: z.object({ url: z.string(), dataUrl: z.string() }).nullable(),
    asOf: AsOf,
  }),
  z.object({ found: z.literal(false), id: z.string() }),
]);
export type PolicyDetailOutput = z.infer<typeof PolicyDetailOutput>;

/** The on-screen keyboard's candidate bar: words from policy or job titles. */
export const SuggestInput = z
  .object({
    kind: z.enum(['policy', 'job']),
    query: QueryText,
    limit: z.number().int().min(1).max(12).default(8),
  })
  .strict();
export const SuggestOutput = z.object({ words: z.array(z.string()) });

export const JobSort = z.enum(['date', 'pay', 'distance']);
export type JobSort = z.infer<typeof JobSort>;

export const JobSearchInput = z
  .object({
    query: QueryText,
    /** County, by its zh-CN name as content.jobFacets lists it. */
    county: z.string().max(40).nullable().default(null),
    payUnit: PayUnit.nullable().default(null),
    /** Postings whose top pay reaches at least this (yuan, in the posting's unit). */
    payMin: z.number().nonnegative().max(1_000_000).nullable().default(null),
    /** Postings whose lowest pay is at most this. */
    payMax: z.number().nonnegative().max(1_000_000).nullable().default(null),
    employmentType: EmploymentType.nullable().default(null),
    meals: z.boolean().default(false),
    housing: z.boolean().default(false),
    sort: JobSort.default('date'),
    ...Paging,
  })
  .strict();
export type JobSearchInput = z.output<typeof JobSearchInput>;

export const JobSummary = z.object({
  id: z.string(),
  title: LocalizedText,
  employer: LocalizedText,
  verified: z.boolean(),
  county: LocalizedText,
  township: LocalizedText,
  village: LocalizedText.nullable(),
  distanceKm: z.number(),
  pay: z.object({ min: z.number(), max: z.number(), unit: PayUnit, pieceNote: LocalizedText.optional() }),
  employmentType: EmploymentType,
  mealsProvided: z.boolean(),
  housingProvided: z.boolean(),
  openings: z.number().int(),
  datePosted: z.string(),
  validThrough: z.string(),
});
export type JobSummary = z.infer<typeof JobSummary>;

export const JobPage = pageOf(JobSummary);

export const JobFacetsOutput = z.object({
  counties: z.array(z.object({ county: z.string(), name: LocalizedText, count: z.number().int().nonnegative() })),
  asOf: AsOf,
});

export const JobDetailOutput = z.discriminatedUnion('found', [
  z.object({
    found: z.literal(true),
    id: z.string(),
    version: z.number().int(),
    job: JobBody,
    qr: z.object({ url: z.string(), dataUrl: z.string() }).nullable(),
    asOf: AsOf,
  }),
  z.object({ found: z.literal(false), id: z.string(), reason: z.enum(['missing', 'expired']) }),
]);
export type JobDetailOutput = z.infer<typeof JobDetailOutput>;

export const SyncStatusOutput = z.object({
  configured: z.boolean(),
  asOf: AsOf,
  lastAttemptAt: z.string().nullable(),
  /** The last problem reaching or reading the township, in plain words; null after a good sync. */
  lastError: z.string().nullable(),
  rejectedPages: z.number().int().nonnegative(),
  lastRejection: z.object({ at: z.string(), reason: z.string() }).nullable(),
  skippedItems: z.number().int().nonnegative(),
  appliedItems: z.number().int().nonnegative(),
  running: z.boolean(),
  counts: z.object({ policies: z.number().int(), jobs: z.number().int() }),
});
export type SyncStatusOutput = z.infer<typeof SyncStatusOutput>;

export const SyncNowOutput = z.object({
  outcome: z.enum(['synced', 'not-configured', 'failed', 'rejected', 'already-running']),
  pages: z.number().int().nonnegative(),
  applied: z.number().int().nonnegative(),
  message: z.string().nullable(),
});
export type SyncNowOutput = z.infer<typeof SyncNowOutput>;

// ---- policies that may apply to a scanned household ---------------------------------------
export const PoliciesForInput = z
  .object({
    tags: z.array(EligibilityTag).max(8),
    limit: z.number().int().min(1).max(50).default(12),
  })
  .strict();
export const PolicyOfficial = z.object({ name: LocalizedText, title: LocalizedText, phone: z.string() });
export const PoliciesForOutput = z.object({
  items: z.array(PolicySummary),
  /** The officials in charge of those policies, each once. */
  officials: z.array(PolicyOfficial),
  asOf: AsOf,
});
export type PoliciesForOutput = z.infer<typeof PoliciesForOutput>;
