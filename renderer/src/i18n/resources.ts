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

export const resources = {
  'zh-CN': { common: zhCommon, content: zhContent, requests: zhRequests, devices: zhDevices, speech: zhSpeech },
  en: { common: enCommon, content: enContent, requests: enRequests, devices: enDevices, speech: enSpeech },
} as const;

export const namespaces = ['common', 'content', 'requests', 'devices', 'speech'] as const;
export const defaultNS = 'common';
