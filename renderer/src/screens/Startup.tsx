// Shown while the runtime is not answering (starting up, or restarting after a crash), or
// when it refuses this screen (no session cookie: the screen was not opened by the shell).
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.js';

export function StartupScreen({ failed, notConnected = false }: { failed: boolean; notConnected?: boolean }): ReactElement {
  const { t } = useTranslation();
  if (notConnected) {
    return (
      <main className="screen screen--problem" data-testid="not-connected-screen">
        <h1 className="screen__title">
          <Icon name="warning" /> {t('runtime.notConnectedTitle')}
        </h1>
        <p className="lead">{t('runtime.notConnectedBody')}</p>
      </main>
    );
  }
  return (
    <main className="screen screen--problem" data-testid="startup-screen">
      <h1 className="screen__title">
        <Icon name={failed ? 'warning' : 'clock'} /> {t(failed ? 'runtime.downTitle' : 'runtime.startingTitle')}
      </h1>
      {failed && <p className="lead">{t('runtime.downBody')}</p>}
    </main>
  );
}
