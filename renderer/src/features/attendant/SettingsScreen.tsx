// The kiosk settings screen (attendant only): hall name, township address, enrolment by the
// township's QR, default text size, idle timeout and the one default volume (the volume step
// every villager starts on, for read-aloud and tones). Each change is checked by the runtime
// against the config file's schema; a refused value shows the config error's message and
// changes nothing. A saved hall name, text size, idle timeout or volume reaches the running
// screen at once (the runtime's settingsChanged event; App refetches app.info).
import { useCallback, useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '#contract/settings.js';
import { DataText } from '../../components/DataText.js';
import { BigButton } from '../../components/Button.js';
import { Screen } from '../../components/Screen.js';
import { useKiosk } from '../../kiosk-context.js';
import { navigate } from '../../router.js';
import { useScanSession } from '../../session/scan-session.js';
import { useAttendantIdle } from './useAttendantIdle.js';
import { AttendantLocked } from './AttendantLocked.js';
import { KeyboardField } from './KeyboardField.js';
import './attendant.css';

type Key = 'hallName' | 'township.url' | 'ui.defaultTextSize' | 'ui.idleWarnSeconds' | 'ui.defaultVolume';
type Note = { kind: 'saved'; restart: boolean } | { kind: 'refused'; message: string } | { kind: 'failed' } | null;

export function SettingsScreen(): ReactElement {
  const { t } = useTranslation('devices');
  const { client } = useKiosk();
  const { attendant } = useScanSession();
  const token = attendant?.token ?? null;
  const [view, setView] = useState<SettingsView | null | 'locked'>(null);
  const [zh, setZh] = useState('');
  const [en, setEn] = useState('');
  const [url, setUrl] = useState('');
  const [note, setNote] = useState<Note>(null);
  useAttendantIdle(token !== null);

  const load = useCallback(
    (fill: boolean) => {
      if (!token) return;
      client
        .call('settings.get', { token })
        .then((r) => {
          if (r.result === 'locked') return setView('locked');
          setView(r.settings);
          if (fill) {
            setZh(r.settings.hallName['zh-CN']);
            setEn(r.settings.hallName.en);
            setUrl(r.settings.townshipUrl ?? '');
          }
        })
        .catch(() => setNote({ kind: 'failed' }));
    },
    [client, token],
  );
  useEffect(() => {
    load(true);
    const timer = window.setInterval(() => load(false), 2000);
    return () => window.clearInterval(timer);
  }, [load]);

  if (!token || view === 'locked') {
    return <AttendantLocked />;
  }

  const save = (key: Key, value: string | number | null | { 'zh-CN': string; en: string }) => {
    client
      .call('settings.set', { token, key, value })
      .then((r) => {
        setNote(r.ok ? { kind: 'saved', restart: r.restartNeeded } : { kind: 'refused', message: r.message });
        load(false);
      })
      .catch(() => setNote({ kind: 'failed' }));
  };
  const v = view;
  return (
    <Screen icon="list" title={t('settings.title')} testId="attendant-settings-screen">
      {note && (
        <p className={`lead${note.kind === 'saved' ? '' : ' pin-problem'}`} role={note.kind === 'saved' ? 'status' : 'alert'} data-testid="settings-note" data-kind={note.kind}>
          {note.kind === 'saved' ? t(note.restart ? 'settings.savedRestart' : 'settings.saved') : note.kind === 'refused' ? t('settings.refused', { message: note.message }) : t('attendant.loadFailed')}
        </p>
      )}
      {v === null ? null : (
        <>
          <section className="attendant-section" aria-labelledby="set-hall">
            <h2 id="set-hall" className="section-title">
              {t('settings.hallName')}
            </h2>
            <KeyboardField label={t('settings.hallNameZh')} value={zh} onChange={setZh} max={100} testId="settings-hall-zh" lang="zh-CN" chinese />
            <KeyboardField label={t('settings.hallNameEn')} value={en} onChange={setEn} max={100} testId="settings-hall-en" lang="en" />
            <BigButton icon="check" onClick={() => save('hallName', { 'zh-CN': zh, en })} testId="settings-hall-save">
              {t('settings.save')}
            </BigButton>
          </section>
          <section className="attendant-section" aria-labelledby="set-township">
            <h2 id="set-township" className="section-title">
              {t('settings.township')}
            </h2>
            <KeyboardField label={t('settings.townshipUrl')} value={url} onChange={setUrl} max={300} testId="settings-township-url" lang="en" extraKeys=":/.-_" />
            <BigButton icon="check" onClick={() => save('township.url', url.trim() === '' ? null : url.trim())} testId="settings-township-save">
              {t('settings.save')}
            </BigButton>
            <p className="lead" data-testid="settings-enrolment">
              <DataText ns="devices" k={v.enrolled ? 'settings.enrolled' : 'settings.notEnrolled'} values={{ id: v.kioskId }} />
            </p>
            <BigButton icon="qr" onClick={() => void client.call('settings.armEnrolment', { token }).then(() => load(false), () => setNote({ kind: 'failed' }))} pressed={v.enrolmentArmedUntil !== null} testId="settings-enrol">
              {t('settings.enrol')}
            </BigButton>
            {v.enrolmentArmedUntil ? <p className="lead">{t('settings.enrolWaiting')}</p> : null}
            {v.lastEnrolment ? (
              <p className={`lead${v.lastEnrolment.ok ? '' : ' pin-problem'}`} data-testid="settings-enrol-result" data-ok={String(v.lastEnrolment.ok)}>
                {v.lastEnrolment.ok ? t('settings.enrolDone', { id: v.lastEnrolment.kioskId ?? '' }) : t('settings.enrolRefused', { message: v.lastEnrolment.message })}
              </p>
            ) : null}
            {v.restartNeededFor.length > 0 ? (
              <p className="lead" data-testid="settings-restart-needed">
                {t('settings.restartNeeded', { keys: v.restartNeededFor.join(', ') })}
              </p>
            ) : null}
          </section>
          <section className="attendant-section" aria-labelledby="set-screen">
            <h2 id="set-screen" className="section-title">
              {t('settings.screen')}
            </h2>
            <p className="lead">{t('settings.textSize')}</p>
            <div className="scan-actions" role="group" aria-label={t('settings.textSize')}>
              {(['normal', 'large', 'largest'] as const).map((size) => (
                <BigButton key={size} icon="textSize" pressed={v.defaultTextSize === size} onClick={() => save('ui.defaultTextSize', size)} testId={`settings-text-${size}`}>
                  {t(`settings.size.${size}`)}
                </BigButton>
              ))}
            </div>
            <p className="lead" data-testid="settings-idle">
              {t('settings.idle', { count: v.idleWarnSeconds })}
            </p>
            <div className="scan-actions">
              <BigButton icon="minus" onClick={() => save('ui.idleWarnSeconds', v.idleWarnSeconds - 30)} testId="settings-idle-less">
                {t('settings.less')}
              </BigButton>
              <BigButton icon="plus" onClick={() => save('ui.idleWarnSeconds', v.idleWarnSeconds + 30)} testId="settings-idle-more">
                {t('settings.more')}
              </BigButton>
            </div>
            <p className="lead" id="set-volume" data-testid="settings-volume" data-step={v.defaultVolume}>
              {t('settings.volume')}
            </p>
            <div className="scan-actions" role="group" aria-labelledby="set-volume">
              {[1, 2, 3, 4].map((step) => (
                <BigButton key={step} icon="speaker" pressed={v.defaultVolume === step} onClick={() => save('ui.defaultVolume', step)} testId={`settings-volume-${step}`}>
                  {t(`speech:volume.steps.${step - 1}`)}
                </BigButton>
              ))}
            </div>
          </section>
        </>
      )}
      <div className="scan-actions">
        <BigButton icon="back" variant="primary" onClick={() => navigate('/attendant')} testId="settings-back">
          {t('settings.back')}
        </BigButton>
      </div>
    </Screen>
  );
}
