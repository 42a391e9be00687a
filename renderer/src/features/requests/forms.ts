// What each request form asks, as big choices. One step per question; every answer is a
// tap. The labels are catalogue keys: requests:options.<field>.<value>.
import type { IconName } from '../../components/Icon.js';
import type { RequestPayload, RequestType } from '#protocol/relay.js';

export const REQUEST_TYPES: Array<{ type: RequestType; icon: IconName }> = [
  { type: 'senior-subsidy', icon: 'money' },
  { type: 'home-visit', icon: 'house' },
  { type: 'legal-aid', icon: 'scale' },
  { type: 'agronomist-visit', icon: 'sprout' },
  { type: 'job-interest', icon: 'jobs' },
  { type: 'general-help', icon: 'help' },
];

export function isRequestType(t: string): t is RequestType {
  return REQUEST_TYPES.some((r) => r.type === t);
}

export type ChoiceValue = string | number | boolean | null;

export interface ChoiceField {
  /** Payload key. */
  key: string;
  /** Catalogue key for the option labels: options.<labels>.<value>. */
  labels: string;
  options: ChoiceValue[];
  /** 'villages' options come from the runtime (requests.options). */
  source?: 'villages';
}

export const FIELDS: Record<RequestType, ChoiceField[]> = {
  'senior-subsidy': [
    { key: 'subsidy', labels: 'subsidy', options: ['injury-care', 'elderly-allowance', 'disability', 'other'] },
    { key: 'forWhom', labels: 'forWhom', options: ['self', 'family'] },
    { key: 'homeVisitNeeded', labels: 'homeVisitNeeded', options: [true, false] },
  ],
  'home-visit': [
    { key: 'reason', labels: 'visitReason', options: ['subsidy-application', 'medical-insurance', 'certificate', 'other'] },
    { key: 'preferredDays', labels: 'preferredDays', options: ['this-week', 'next-week', 'any'] },
    { key: 'timeWindow', labels: 'timeWindow', options: ['morning', 'afternoon', 'any'] },
  ],
  'legal-aid': [
    { key: 'matter', labels: 'matter', options: ['unpaid-wages', 'land-dispute', 'family', 'injury-compensation', 'other'] },
    { key: 'amountYuan', labels: 'amount', options: [1000, 5000, 20000, 50000, null] },
  ],
  'agronomist-visit': [
    { key: 'crop', labels: 'crop', options: ['wheat', 'corn', 'millet', 'vegetables', 'fruit-trees', 'livestock', 'other'] },
    { key: 'problem', labels: 'problem', options: ['pests', 'disease', 'soil-fertiliser', 'weather-damage', 'other'] },
    { key: 'village', labels: 'village', options: [], source: 'villages' },
  ],
  'job-interest': [],
  'general-help': [{ key: 'topic', labels: 'topic', options: ['certificate', 'insurance', 'pension', 'housing', 'other'] }],
};

export function optionKey(v: ChoiceValue): string {
  return v === null ? 'none' : String(v);
}

/** Builds the payload from the answers; null while something is missing. */
export function buildPayload(type: RequestType, answers: Record<string, ChoiceValue>, job: { id: string; title: string } | null): RequestPayload | null {
  if (type === 'job-interest') return job ? { type, jobId: job.id, jobTitle: job.title.slice(0, 200) } : null;
  for (const f of FIELDS[type]) if (!(f.key in answers)) return null;
  return { type, ...answers } as RequestPayload;
}

// ---- phone numbers -------------------------------------------------------------------------

/** Mainland mobile (11 digits, 1[3-9]) or a landline with its area code (0 + 2-3 digits + 7-8 digits). */
export function phoneProblem(digits: string): 'empty' | 'mobile-prefix' | 'too-short' | 'too-long' | 'landline' | null {
  if (!digits) return 'empty';
  if (digits.startsWith('1')) {
    if (digits.length > 1 && !/^1[3-9]/.test(digits)) return 'mobile-prefix';
    if (digits.length < 11) return 'too-short';
    if (digits.length > 11) return 'too-long';
    return null;
  }
  if (digits.startsWith('0')) {
    if (digits.length < 10) return 'too-short';
    if (digits.length > 12) return 'too-long';
    return /^0\d{2,3}\d{7,8}$/.test(digits) ? null : 'landline';
  }
  return 'mobile-prefix';
}

/** Digit groups as people read them: 138 1234 5678; 0359 555 1234. */
export function groupPhone(digits: string): string {
  if (digits.startsWith('1')) return [digits.slice(0, 3), digits.slice(3, 7), digits.slice(7, 11)].filter(Boolean).join(' ') + digits.slice(11);
  if (digits.startsWith('0')) {
    const area = /^0[12]/.test(digits) ? 3 : 4;
    const rest = digits.slice(area);
    return [digits.slice(0, area), rest.slice(0, rest.length > 7 ? 4 : 3), rest.slice(rest.length > 7 ? 4 : 3)].filter(Boolean).join(' ');
  }
  return digits;
}

export function maskPhoneForScreen(digits: string): string {
  if (digits.length === 11 && digits.startsWith('1')) return `${digits.slice(0, 3)} **** ${digits.slice(7)}`;
  return digits.slice(0, 4) + ' ' + '*'.repeat(Math.max(0, digits.length - 7)) + ' ' + digits.slice(-3);
}

/** Groups a typed code for display: "AC3D-EF" -> "AC3D-EF__". */
export function groupCode(chars: string): string {
  const padded = (chars + '________').slice(0, 8);
  return `${padded.slice(0, 4)}-${padded.slice(4)}`;
}
