// i18next set-up. Catalogues are split by feature (namespaces); zh-CN is the default.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { resources, namespaces, defaultNS } from './resources.js';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export async function initI18n(lng: Language = 'zh-CN') {
  await i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: false,
    ns: namespaces,
    defaultNS,
    interpolation: { escapeValue: false },
    returnNull: false,
    saveMissing: true,
    missingKeyHandler: (lngs, ns, key) => {
      console.error(`missing translation: ${lngs.join(',')} ${ns}:${key}`);
    },
  });
  document.documentElement.lang = lng;
  return i18next;
}
