// Bodies of the change-feed items of type 'policy' and 'job' (src/protocol/feed.ts).
// Defined once; the kiosk's sync (src/sync/) validates items with these schemas and the
// township server (src/township/) uses them to publish and edit content.
//
// Every text a villager reads is carried in both languages ({'zh-CN','en'}, the same shape
// as LocalizedText in src/contract/core.ts), so one item serves both UI languages.
// The item id lives in the ChangeItem envelope (item.id), not in the body.
//
// Stability: fields are only ever added (as optional), never renamed or removed.
import { z } from 'zod';
import { RequestType } from './relay.js';
import { Pronunciations } from './pronunciations.js';

/**
 * Control characters refused in published text: C0 except the newline (tab, ESC, GS, NUL ...),
 * DEL, C1, and U+2028/U+2029. On the kiosk's receipt printer any byte below 0x20 is a command
 * (GS V cuts the paper, ESC p kicks a cash drawer), and on screen they are invisible.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are refused in published text
export const CONTROL_CHARACTER = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

/** A string of 1..max characters with no control characters (newlines allowed). */
export const contentString = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !CONTROL_CHARACTER.test(s), {
      error: (iss) => {
        const s = String(iss.input);
        const at = s.search(CONTROL_CHARACTER);
        return `contains a control character (U+${s.codePointAt(at)!.toString(16).toUpperCase().padStart(4, '0')} at position ${at + 1}); remove it, it would print as a printer command`;
      },
    });

/** LocalizedText with limits: both languages present, non-empty, at most `max` characters, no control characters. */
export const boundedText = (max: number) => z.object({ 'zh-CN': contentString(max), en: contentString(max) });
/** Same, for lists (materials, steps). */
const textList = (maxItems: number, maxChars: number) => z.array(boundedText(maxChars)).max(maxItems);

/**
 * The id of a policy or job posting: lowercase letters, digits and dashes, 1-64 characters,
 * starting with a letter or digit. ONE rule for the township (which refuses anything else),
 * the kiosk's feed schema (src/protocol/feed.ts), the slip's QR code (VKP:policy:<id>) and
 * the kiosk's scan route, so that every id printed on a slip scans back to its item. It is
 * plain ASCII, as keyboard-mode scanners need.
 */
export const CONTENT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const ContentId = z.string().regex(CONTENT_ID, 'a policy or job id: lowercase letters, digits and dashes (1-64), starting with a letter or digit');

/** A mainland mobile (11 digits starting 1) or a landline with its area code, digits only. */
export const ContentPhone = z.string().regex(/^1[3-9]\d{9}$|^0\d{2,3}\d{7,8}$/, 'a mainland mobile (11 digits starting 1) or a landline with area code, digits only');

/** A calendar day, YYYY-MM-DD (China local date). */
export const Day = z.iso.date();
/** A day (taken as the END of that day, China time) or a full ISO date-time with offset. */
export const DayOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

// ---- policies / service procedures -------------------------------------------------------

export const PolicyCategory = z.enum([
  'subsidy', // 补贴: money paid to households (heating, injury care, farming ...)
  'medical', // 医保 / health
  'pension', // 养老 / elderly allowances
  'agriculture', // 农技: agronomists, seeds, livestock
  'legal', // 法律援助
  'training', // 技能培训
  'employment', // 就业: job services, start-up loans
  'housing', // 住房: repairs, safety
  'tourism', // 乡村旅游
  'social-aid', // 低保 / hardship aid
  'disability', // 残疾人
  'education', // 教育: school aid
]);
export type PolicyCategory = z.infer<typeof PolicyCategory>;

/** Who a policy is meant for; used to match households (and to filter). */
export const EligibilityTag = z.enum(['senior', 'farmer', 'low-income', 'disabled', 'job-seeker', 'family-with-children', 'migrant-worker', 'everyone']);
export type EligibilityTag = z.infer<typeof EligibilityTag>;

export const PolicyBody = z.object({
  title: boundedText(120),
  /** Plain words, a few short sentences. */
  summary: boundedText(1000),
  whoQualifies: boundedText(1000),
  /** The amount or benefit, concrete (e.g. "每人每年 1,200 元"). */
  benefit: boundedText(500),
  /** Checklist of materials to bring. */
  materials: textList(30, 200),
  /** What to do, in order. */
  steps: textList(20, 300),
  whereToGo: boundedText(300),
  homeVisitBookable: z.boolean(),
  official: z.object({
    name: boundedText(40),
    title: boundedText(80),
    phone: ContentPhone,
  }),
  /** Custom pinyin for the local names in this item, for read-aloud ({"贾明亮": "jia3 ming2 liang4"}). */
  pronunciations: Pronunciations.optional(),
  /** Last day to apply, or null when the policy is open all year. */
  deadline: Day.nullable(),
  /** Who issued it (document name / office). */
  source: boundedText(200),
  /** Last day the content was checked or changed. */
  updatedAt: Day,
  category: PolicyCategory,
  /** The service request a villager can file about it from the kiosk, if any. */
  relatedRequestType: RequestType.nullable(),
  eligibility: z.array(EligibilityTag).max(8),
});
export type PolicyBody = z.infer<typeof PolicyBody>;

// ---- job postings (schema.org JobPosting + what rural job seekers ask about) -------------

export const PayUnit = z.enum(['day', 'month', 'piece', 'hour']);
export type PayUnit = z.infer<typeof PayUnit>;

export const EmploymentType = z.enum(['full-time', 'part-time', 'seasonal', 'temporary']);
export type EmploymentType = z.infer<typeof EmploymentType>;

export const JobBody = z.object({
  title: boundedText(120),
  /** What the work is (schema.org description / responsibilities). */
  duties: boundedText(1500),
  employer: z.object({
    name: boundedText(120),
    /** The township checked this employer (licence, address, a real contact). */
    verifiedByTownship: z.boolean(),
  }),
  location: z.object({
    county: boundedText(40),
    township: boundedText(40),
    /** Village or site; null when the work is in the township seat. */
    village: boundedText(60).nullable(),
    /** Road distance from the hall this kiosk stands in, km (the township computes it per kiosk). */
    distanceKm: z.number().nonnegative().max(5000),
  }),
  /** Base pay in yuan (schema.org baseSalary). For a fixed wage, min == max. */
  pay: z
    .object({
      min: z.number().nonnegative().max(1_000_000),
      max: z.number().nonnegative().max(1_000_000),
      unit: PayUnit,
      /** For unit 'piece': what one piece is (e.g. "每斤" / "per jin"). */
      pieceNote: boundedText(60).optional(),
    })
    .refine((p) => p.max >= p.min, { message: 'pay.max must be >= pay.min', path: ['max'] }),
  employmentType: EmploymentType,
  /** Working hours in plain words (schema.org workHours). */
  hours: boundedText(200),
  /** When the work runs (e.g. "9月-10月"), or null for all year. */
  season: boundedText(100).nullable(),
  mealsProvided: z.boolean(),
  housingProvided: z.boolean(),
  openings: z.number().int().positive().max(100_000),
  /**
   * Requirements. Only what the work really needs: no gender, ethnicity, religion,
   * household-registration or region requirements (fair job postings: such requirements are discriminatory).
   */
  requirements: z.object({
    physical: boundedText(300),
    /** Legal minimum working age is 16. */
    ageMin: z.number().int().min(16).max(100).nullable(),
    ageMax: z.number().int().min(16).max(100).nullable(),
    experience: boundedText(300).nullable(),
  }),
  contactPhone: ContentPhone,
  /** Name of the person to ask for (schema.org applicationContact). */
  contactName: boundedText(40).nullable(),
  /** Custom pinyin for the local names in this item, for read-aloud ({"曾家庄": "zeng1 jia1 zhuang1"}). */
  pronunciations: Pronunciations.optional(),
  datePosted: Day,
  /** After this the posting is hidden. A bare day means the end of that day, China time. */
  validThrough: DayOrDateTime,
  /** Where a reposted ad came from (name its source), or null for a first-hand posting. */
  repostedFrom: boundedText(120).nullable(),
});
export type JobBody = z.infer<typeof JobBody>;

/** The body schema per content item type. */
export const ContentBodySchemas = { policy: PolicyBody, job: JobBody } as const;
export type ContentItemType = keyof typeof ContentBodySchemas;

/** validThrough / deadline as epoch ms: a bare day means 23:59:59.999 that day in UTC+8. */
export function endOfDayMs(value: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return Date.parse(`${value}T23:59:59.999+08:00`);
  return Date.parse(value);
}
