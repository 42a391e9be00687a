// Household eligibility tags (what officials tick on the registry) and the policy
// eligibility tags (src/protocol/content.ts) each one points the kiosk to. A card carries
// both, so a kiosk matches policies with the tags it already knows.
import type { EligibilityTag } from '../../protocol/content.js';

export const HOUSEHOLD_TAGS = {
  'aged-80': { zh: '80岁以上老人', en: 'aged 80+', eligibility: ['senior'] },
  senior: { zh: '60岁以上老人', en: 'aged 60+', eligibility: ['senior'] },
  disability: { zh: '残疾人', en: 'disability', eligibility: ['disabled'] },
  'low-income': { zh: '低收入', en: 'low income', eligibility: ['low-income'] },
  'job-seeker': { zh: '想找工作', en: 'looking for work', eligibility: ['job-seeker'] },
  crops: { zh: '种植', en: 'crops', eligibility: ['farmer'] },
  livestock: { zh: '养殖', en: 'livestock', eligibility: ['farmer'] },
  'clean-heating': { zh: '清洁取暖设备', en: 'clean-heating equipment', eligibility: ['everyone'] },
  children: { zh: '有上学的孩子', en: 'children at school', eligibility: ['family-with-children'] },
  'migrant-worker': { zh: '外出务工', en: 'migrant worker', eligibility: ['migrant-worker'] },
} as const satisfies Record<string, { zh: string; en: string; eligibility: readonly EligibilityTag[] }>;

export type HouseholdTagName = keyof typeof HOUSEHOLD_TAGS;
export const HOUSEHOLD_TAG_NAMES = Object.keys(HOUSEHOLD_TAGS) as HouseholdTagName[];

/** The tags written on a card: the household's own plus the eligibility tags they imply. */
export function cardTags(tags: readonly HouseholdTagName[]): string[] {
  const out = new Set<string>();
  for (const t of tags) {
    out.add(t);
    for (const e of HOUSEHOLD_TAGS[t].eligibility) if (e !== 'everyone') out.add(e);
  }
  return [...out].slice(0, 12);
}
