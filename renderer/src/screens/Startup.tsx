// Shown while the runtime is not answering (starting up, or restarting after a crash).
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.js';

export function StartupScreen({ failed }: { failed: boolean }): ReactElement {
  const { t } = useTranslation();
  return (
    <main className="screen screen--problem" data-testid="startup-screen">
      <h1 className="screen__title">
        <Icon name={failed ? 'warning' : 'clock'} /> {t(failed ? 'runtime.downTitle' : 'runtime.startingTitle')}
      </h1>
      {failed && <p className="lead">{t('runtime.downBody')}</p>}
    </main>
  );
}
