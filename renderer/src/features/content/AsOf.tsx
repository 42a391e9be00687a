// "Information as of <time>": when the content on screen was last known good.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { AsOf as AsOfValue } from '#contract/content.js';
import { Icon } from '../../components/Icon.js';
import { formatTime, uiLang } from './format.js';

export function AsOf({ asOf }: { asOf: AsOfValue | null }): ReactElement | null {
  const { t, i18n } = useTranslation('content');
  if (!asOf || !asOf.at) return null;
  const lang = uiLang(i18n.language);
  return (
    <p className="content-asof" data-testid="as-of">
      <Icon name="clock" /> {t(asOf.source === 'township' ? 'asOf.township' : 'asOf.embedded', { time: formatTime(asOf.at, lang) })}
    </p>
  );
}
