// Every catalogue file, by language and namespace. A feature adds its namespace here.
import zhCommon from '../locales/zh-CN/common.json' with { type: 'json' };
import enCommon from '../locales/en/common.json' with { type: 'json' };
import zhContent from '../locales/zh-CN/content.json' with { type: 'json' };
import enContent from '../locales/en/content.json' with { type: 'json' };
import zhRequests from '../locales/zh-CN/requests.json' with { type: 'json' };
import enRequests from '../locales/en/requests.json' with { type: 'json' };
import zhDevices from '../locales/zh-CN/devices.json' with { type: 'json' };
import enDevices from '../locales/en/devices.json' with { type: 'json' };
import zhSpeech from '../locales/zh-CN/speech.json' with { type: 'json' };
import enSpeech from '../locales/en/speech.json' with { type: 'json' };
import { REQUEST_TYPE_LABELS, type RequestTypeLabel } from '#protocol/request-types.js';

/**
 * Request-type labels are not in the locale files: they come from the one catalogue shared
 * with the printed receipt and the township (src/protocol/request-types.ts), merged here as
 * requests:types.<type>.title next to the locale file's types.<type>.hint.
 */
function withRequestTypeLabels<T extends { types: Record<string, { hint: string }> }>(catalogue: T, lang: keyof RequestTypeLabel) {
  const types = Object.fromEntries(Object.entries(catalogue.types).map(([type, v]) => [type, { ...v, title: REQUEST_TYPE_LABELS[type as keyof typeof REQUEST_TYPE_LABELS]?.[lang] ?? type }]));
  for (const [type, label] of Object.entries(REQUEST_TYPE_LABELS)) types[type] ??= { hint: '', title: label[lang] };
  return { ...catalogue, types } as T & { types: Record<string, { hint: string; title: string }> };
}

export const resources = {
  'zh-CN': { common: zhCommon, content: zhContent, requests: withRequestTypeLabels(zhRequests, 'zh-CN'), devices: zhDevices, speech: zhSpeech },
  en: { common: enCommon, content: enContent, requests: withRequestTypeLabels(enRequests, 'en'), devices: enDevices, speech: enSpeech },
} as const;

export const namespaces = ['common', 'content', 'requests', 'devices', 'speech'] as const;
export const defaultNS = 'common';
