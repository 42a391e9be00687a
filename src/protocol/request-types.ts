// The ONE catalogue of request-type labels: what the villager taps on screen, what the
// receipt prints after "申请事项：", and what a township official reads in the request list
// are the same words, from here. Shared by the renderer (merged into its "requests"
// namespace as types.<type>.title, renderer/src/i18n/resources.ts), the kiosk runtime
// (src/requests/receipt-data.ts, the printed receipt) and the township's pages
// (src/township/web/labels.ts). Locale files and other modules must not define their own:
// tests/unit/protocol/request-types.test.ts fails if one does.
//
// Plain data, no dependencies beyond the RequestType enum, so the renderer may import it.
import type { RequestType } from './relay.js';

/** A label in both UI languages (the same shape as LocalizedText in src/contract/core.ts). */
export interface RequestTypeLabel {
  'zh-CN': string;
  en: string;
}

export const REQUEST_TYPE_LABELS: Readonly<Record<RequestType, RequestTypeLabel>> = {
  'senior-subsidy': { 'zh-CN': '老年人补贴', en: 'Subsidy for seniors' },
  'home-visit': { 'zh-CN': '预约上门服务', en: 'Home visit' },
  'legal-aid': { 'zh-CN': '法律援助', en: 'Legal aid' },
  'agronomist-visit': { 'zh-CN': '请农技员', en: 'Agronomist visit' },
  'job-interest': { 'zh-CN': '报名找工作', en: 'Job interest' },
  'general-help': { 'zh-CN': '其他求助', en: 'General help' },
};

export function requestTypeLabel(type: RequestType, lang: keyof RequestTypeLabel): string {
  return REQUEST_TYPE_LABELS[type][lang];
}
