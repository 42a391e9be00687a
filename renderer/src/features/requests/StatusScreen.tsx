// "Check my request" (#/status, and #/status/<code> when a receipt is scanned): the code
// typed on a keypad of the code alphabet, then the status timeline in big text with
// "as of last sync". The phone is shown masked.
import { useCallback, useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../components/Button.js';
import { Icon, type IconName } from '../../components/Icon.js';
import { Screen } from '../../components/Screen.js';
import { useKiosk } from '../../kiosk-context.js';
import { navigate } from '../../router.js';
import type { StatusLookupOutput, TimelineStatus } from '#contract/requests.js';
import { groupCode } from './forms.js';
import { CodeKeypad } from './Keypad.js';
import { CancelButton } from './RequestScreens.js';
import { formatTime, useLang } from './time.js';
import { ReadAloud } from '../speech/ReadAloud.js';
import './requests.css';

const STATUS_ICON: Record<TimelineStatus, IconName> = {
  queued: 'clock',
  sent: 'cloud',
  received: 'check',
  'in-review': 'search',
  'visit-scheduled': 'house',
  done: 'check',
  rejected: 'close',
  'needs-attention': 'staff',
  cancelled: 'close',
};

function normalise(text: string): string {
  return text
    .toUpperCase()
    .replace(/^VKR:/, '')
    .replace(/[^0-9A-Z]/g, '')
    .slice(0, 8);
}

export function StatusScreen({ code: initial }: { code?: string }): ReactElement {
  const { t } = useTranslation('requests');
  const lang = useLang();
  const { client, status } = useKiosk();
  const [typed, setTyped] = useState(initial ? normalise(initial) : '');
  const [result, setResult] = useState<StatusLookupOutput | null>(null);
  const [error, setError] = useState(false);
  const lastSync = status.link?.lastSyncAt ?? null;

  const lookup = useCallback(
    (chars: string) => {
      setError(false);
      client.call('requests.status', { code: chars }).then(setResult, () => setError(true));
    },
    [client],
  );

  useEffect(() => {
    if (initial) lookup(normalise(initial));
  }, [initial, lookup]);

  // Refresh when a sync brings news while the result is on screen.
  useEffect(() => {
    if (result?.found) lookup(result.status.code);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lastSync]);

  if (result?.found) {
    const s = result.status;
    return (
      <Screen icon="status" title={t('status.title')} testId="status-result">
        <ReadAloud />
        <p className="req-code-label">{t('saved.codeLabel')}</p>
        <p className="req-code req-code--medium" data-testid="status-code" data-i18n-exempt="">
          {s.code}
        </p>
        {s.type && <p className="lead">{t(`types.${s.type}.title`)}</p>}
        <p className={`req-current req-current--${s.current}`} data-testid="status-current" data-status={s.current}>
          <Icon name={STATUS_ICON[s.current]} size="1.2em" /> {t(`statuses.${s.current}`)}
        </p>
        <ol className="req-timeline" data-testid="status-timeline">
          {s.timeline.map((e, i) => (
            <li key={i} className={`req-timeline__item${i === s.timeline.length - 1 ? ' req-timeline__item--current' : ''}`} data-status={e.status}>
              <Icon name={STATUS_ICON[e.status]} />
              <div>
                <p className="req-timeline__status">{t(`statuses.${e.status}`)}</p>
                <p className="req-timeline__time">{formatTime(e.at, lang)}</p>
                {e.note && (
                  <p className="req-timeline__note" data-testid="status-note" data-i18n-exempt="">
                    {t('status.note', { note: e.note })}
                  </p>
                )}
              </div>
            </li>
          ))}
        </ol>
        <p className="req-hint" data-testid="status-as-of">
          {result.lastSyncAt ? t('status.asOf', { time: formatTime(result.lastSyncAt, lang) }) : t('status.neverSynced')}
        </p>
        {s.maskedPhone && <p className="req-hint">{t('status.phone', { phone: s.maskedPhone })}</p>}
        <div className="req-nav">
          <CancelButton request={s} onDone={() => lookup(s.code)} />
          <BigButton
            icon="search"
            onClick={() => {
              setResult(null);
              setTyped('');
              navigate('/status');
            }}
            testId="status-another"
          >
            {t('status.another')}
          </BigButton>
        </div>
      </Screen>
    );
  }

  return (
    <Screen icon="status" title={t('status.title')} testId="status-entry">
      <ReadAloud />
      <p className="lead">{t('status.lead')}</p>
      <p className={`req-readout req-readout--code${typed ? '' : ' req-readout--empty'}`} aria-live="polite" data-testid="code-readout" data-i18n-exempt="">
        {groupCode(typed)}
      </p>
      {result && !result.found && (
        <p className="req-problem" role="alert" data-testid="status-not-found">
          <Icon name="warning" /> {t('status.notFound')}
        </p>
      )}
      {error && (
        <p className="req-problem" role="alert">
          <Icon name="warning" /> {t('status.error')}
        </p>
      )}
      <CodeKeypad
        value={typed}
        onChange={(v) => {
          setTyped(v);
          setResult(null);
        }}
        label={t('status.keypad')}
        testId="code-keypad"
      />
      <div className="req-nav">
        <BigButton icon="search" variant="primary" disabled={typed.length !== 8} onClick={() => lookup(typed)} testId="status-check">
          {t('status.check')}
        </BigButton>
      </div>
      <p className="req-hint">
        <Icon name="scanner" /> {t('status.scanHint')}
      </p>
    </Screen>
  );
}
