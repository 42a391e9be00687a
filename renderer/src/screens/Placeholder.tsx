// Stand-in for a screen that a later feature fills in.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen } from '../components/Screen.js';
import type { IconName } from '../components/Icon.js';

export function Placeholder({ titleKey, icon }: { titleKey: string; icon: IconName }): ReactElement {
  const { t } = useTranslation();
  return (
    <Screen icon={icon} title={t(titleKey)} testId="placeholder">
      <p className="lead">{t('placeholder.body')}</p>
    </Screen>
  );
}

export function NotFound(): ReactElement {
  const { t } = useTranslation();
  return (
    <Screen icon="warning" title={t('screens.notFound')} testId="not-found">
      <p className="lead">{t('placeholder.body')}</p>
    </Screen>
  );
}
