// The attendant screen, after badge + PIN: devices, the township link and its queue,
// receipts waiting for a reprint, and villagers who pressed "call staff". The session ends
// with "lock", with the idle wipe, after 2 minutes untouched (useAttendantIdle), or when the
// runtime says it has expired. It also shows today's requests, the device tests, the township
// facts, and leads to assisted filing and the kiosk settings.
import { useCallback, useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttendantOverview } from '#contract/devices.js';
import type { DeviceState } from '#contract/core.js';
import type { PrintJobView } from '#contract/printer.js';
import type { AttentionListOutput } from '#contract/requests.js';
import type { SyncStatusOutput } from '#contract/content.js';
import { DataText } from '../../components/DataText.js';
import { BigButton } from '../../components/Button.js';
import { Screen } from '../../components/Screen.js';
import { useKiosk } from '../../kiosk-context.js';
import { navigate } from '../../router.js';
import { updateScanSession, useScanSession } from '../../session/scan-session.js';
import { PrintPreview } from '../printer/PrintPreview.js';
import { failureKey } from '../printer/printer-words.js';
import { PrintFailureReason } from '#contract/printer.js';
import { DeviceTests } from './DeviceTests.js';
import { TodayRequests } from './TodayRequests.js';
import { TownshipFacts } from './TownshipFacts.js';
import { signOutAttendant, useAttendantIdle } from './useAttendantIdle.js';
import { AttendantLocked } from './AttendantLocked.js';
import './attendant.css';

function when(iso: string, lang: string): string {
  try {
    return new Date(iso).toLocaleString(lang, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  } catch {
    return iso;
  }
}

function DeviceLine({ name, state }: { name: 'scanner' | 'printer'; state: DeviceState }): ReactElement {
  const { t } = useTranslation('devices');
  return (
    <li data-testid={`attendant-device-${name}`} data-state={state.state}>
      <strong>{t(`attendant.device.${name}`)}</strong> {t(`attendant.state.${state.state}`)}
      {state.state === 'error' ? <span className="attendant-detail"> {state.message}</span> : null}
    </li>
  );
}

export function AttendantScreen(): ReactElement {
  const { t, i18n } = useTranslation('devices');
  const { t: tr } = useTranslation('requests');
  const { client, status } = useKiosk();
  const [attention, setAttention] = useState<AttentionListOutput | null>(null);
  const [sync, setSync] = useState<SyncStatusOutput | null>(null);
  const { attendant } = useScanSession();
  const [overview, setOverview] = useState<AttendantOverview | null>(null);
  const [reprints, setReprints] = useState<PrintJobView[] | null>(null);
  // A catalogue key (with its values), so the note follows a language switch.
  const [note, setNote] = useState<{ key: string; values?: Record<string, number> } | null>(null);
  const [previewJob, setPreviewJob] = useState<string | null>(null);
  const token = attendant?.token ?? null;
  const idleLeft = useAttendantIdle(token !== null);

  const load = useCallback(() => {
    if (!token) return;
    client
      .call('attendant.overview', { token })
      .then((o) => {
        setOverview(o);
        if (o.result === 'locked') updateScanSession({ attendant: null });
      })
      .catch(() => setNote({ key: 'attendant.loadFailed' }));
    client
      .call('printer.pendingJobs', {})
      .then((r) => setReprints(r.jobs))
      .catch(() => setReprints(null));
    client
      .call('requests.attentionList', {})
      .then(setAttention)
      .catch(() => setAttention(null));
    client
      .call('content.syncStatus', {})
      .then(setSync)
      .catch(() => setSync(null));
  }, [client, token]);

  useEffect(() => {
    load();
    const timer = window.setInterval(load, 10_000);
    return () => window.clearInterval(timer);
  }, [load]);

  if (!token || overview?.result === 'locked') {
    return <AttendantLocked />;
  }
  const link = status.link;
  /** Plain words for a stored failure reason; anything else is shown as it was recorded. */
  const reasonText = (reason: string) => {
    const known = PrintFailureReason.safeParse(reason);
    return known.success ? t(failureKey(known.data)) : reason;
  };
  const lock = () => {
    signOutAttendant(client);
    navigate('/');
  };
  return (
    <Screen icon="staff" title={<DataText ns="devices" k="attendant.title" values={{ name: attendant?.name ?? '' }} />} testId="attendant">
      {idleLeft !== null && (
        <p className="lead pin-problem" role="alert" data-testid="attendant-idle-soon">
          {t('attendant.idleSoon', { count: idleLeft })}
        </p>
      )}
      {overview?.result === 'ok' && overview.staffCalls.some((c) => !c.acknowledgedAt) && (
        <p className="lead pin-problem" role="alert" data-testid="attendant-call-alert">
          <DataText
            ns="devices"
            k="attendant.callAlert"
            values={{
              count: overview.staffCalls.filter((c) => !c.acknowledgedAt).length,
              screens: [...new Set(overview.staffCalls.filter((c) => !c.acknowledgedAt).map((c) => c.screen))].join(', '),
            }}
          />
        </p>
      )}
      <div className="scan-actions">
        <BigButton
          icon="request"
          variant="primary"
          testId="attendant-assist"
          onClick={() => {
            updateScanSession({ assisting: true });
            navigate('/request');
          }}
        >
          {t('attendant.assisted.start')}
        </BigButton>
        <BigButton icon="list" testId="attendant-settings" onClick={() => navigate('/attendant/settings')}>
          {t('attendant.settingsOpen')}
        </BigButton>
      </div>
      {overview?.result === 'ok' && <TodayRequests today={overview.today} />}
      {note && (
        <p className="lead" role="status">
          {t(note.key, note.values)}
        </p>
      )}
      <section className="attendant-section" aria-labelledby="att-devices">
        <h2 id="att-devices" className="section-title">
          {t('attendant.devicesTitle')}
        </h2>
        <ul className="attendant-list">
          <DeviceLine name="scanner" state={status.scanner} />
          <DeviceLine name="printer" state={status.printer} />
        </ul>
      </section>
      <section className="attendant-section" aria-labelledby="att-link">
        <h2 id="att-link" className="section-title">
          {t('attendant.linkTitle')}
        </h2>
        <p className="lead" data-testid="attendant-link">
          {t(`attendant.link.${link?.link.state ?? 'not-configured'}`)} · {t('attendant.queued', { count: link?.queued ?? 0 })} · {t('attendant.needsAttention', { count: link?.needsAttention ?? 0 })}
        </p>
        {overview?.result === 'ok' && <TownshipFacts facts={overview.township} link={link?.link.state ?? 'not-configured'} />}
      </section>
      <DeviceTests />
      <section className="attendant-section" aria-labelledby="att-attention">
        <h2 id="att-attention" className="section-title">
          {t('attendant.attentionTitle')}
        </h2>
        {attention?.paused ? (
          <p className="lead" data-testid="attendant-paused">
            <DataText ns="devices" k="attendant.pausedBecause" values={{ reason: attention.paused }} />
          </p>
        ) : null}
        {attention === null ? (
          <p className="lead">{t('attendant.loadFailed')}</p>
        ) : attention.items.length === 0 ? (
          <p className="lead" data-testid="attendant-attention-none">
            {t('attendant.attentionNone')}
          </p>
        ) : (
          <ul className="attendant-list" data-testid="attendant-attention">
            {attention.items.map((r) => (
              <li key={r.id} data-state={r.state}>
                <span>
                  <strong className="attendant-code" data-i18n-exempt="">{r.code}</strong> · {tr(`types.${r.type}.title`)} · {r.maskedPhone} · {when(r.since, i18n.language)} ·{' '}
                  {t(`attendant.requestState.${r.state}`)} · {t('attendant.attempts', { count: r.attempts })}
                  <span className="attendant-detail"> {r.reason}</span>
                </span>
              </li>
            ))}
          </ul>
        )}
        <BigButton
          icon="cloud"
          testId="attendant-retry"
          onClick={() => void
            client
              .call('requests.retryNow', {})
              .then((r) => {
                setNote({ key: 'attendant.retryStarted', values: { count: r.waiting } });
                load();
              })
              .catch(() => setNote({ key: 'attendant.loadFailed' }))
          }
        >
          {t('attendant.retry')}
        </BigButton>
      </section>
      <section className="attendant-section" aria-labelledby="att-sync">
        <h2 id="att-sync" className="section-title">
          {t('attendant.syncTitle')}
        </h2>
        {sync === null ? (
          <p className="lead">{t('attendant.loadFailed')}</p>
        ) : (
          <p className="lead" data-testid="attendant-sync">
            {sync.asOf.at ? t('attendant.syncAsOf', { time: when(sync.asOf.at, i18n.language) }) : t('attendant.syncNever')} ·{' '}
            {t('attendant.syncCounts', { policies: sync.counts.policies, jobs: sync.counts.jobs })} · {t('attendant.syncRejected', { count: sync.rejectedPages })}
            {sync.lastRejection ? <span className="attendant-detail"> {t('attendant.syncLastRejection', { reason: sync.lastRejection.reason })}</span> : null}
            {sync.lastError ? <span className="attendant-detail"> {sync.lastError}</span> : null}
          </p>
        )}
      </section>
      <section className="attendant-section" aria-labelledby="att-reprint">
        <h2 id="att-reprint" className="section-title">
          {t('attendant.reprintTitle')}
        </h2>
        {reprints === null ? (
          <p className="lead">{t('attendant.reprintUnavailable')}</p>
        ) : reprints.length === 0 ? (
          <p className="lead" data-testid="attendant-reprint-none">
            {t('attendant.reprintNone')}
          </p>
        ) : (
          <ul className="attendant-list" data-testid="attendant-reprints">
            {reprints.map((j) => (
              <li key={j.id}>
                <span>
                  <strong data-i18n-exempt="">{j.label}</strong> · {when(j.createdAt, i18n.language)}
                  {j.reason ? ` · ${reasonText(j.reason)}` : ''}
                </span>
                <BigButton icon="print" pressed={previewJob === j.id} onClick={() => setPreviewJob(previewJob === j.id ? null : j.id)} testId={`attendant-preview-${j.id}`}>
                  {t('attendant.preview')}
                </BigButton>
                {previewJob === j.id && <PrintPreview target={{ kind: 'job', jobId: j.id }} />}
                <BigButton
                  icon="print"
                  onClick={() => void
                    client
                      .call('printer.reprint', { jobId: j.id })
                      .then(load)
                      .catch(() => setNote({ key: 'attendant.reprintFailed' }))
                  }
                >
                  {t('attendant.reprint')}
                </BigButton>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="attendant-section" aria-labelledby="att-calls">
        <h2 id="att-calls" className="section-title">
          {t('attendant.callsTitle')}
        </h2>
        {overview === null ? null : overview.staffCalls.length === 0 ? (
          <p className="lead" data-testid="attendant-calls-none">
            {t('attendant.callsNone')}
          </p>
        ) : (
          <ul className="attendant-list" data-testid="attendant-calls">
            {overview.staffCalls.map((c) => (
              <li key={c.id} data-acknowledged={c.acknowledgedAt ? 'yes' : 'no'}>
                <span>
                  {when(c.calledAt, i18n.language)} · <DataText ns="devices" k="attendant.callScreen" values={{ screen: c.screen }} />
                  {c.acknowledgedAt ? ` · ${t('attendant.callDone')}` : ''}
                </span>
                {!c.acknowledgedAt && (
                  <BigButton
                    icon="check"
                    onClick={() => void
                      client
                        .call('attendant.ackStaffCall', { token, id: c.id })
                        .then(load)
                        .catch(() => setNote({ key: 'attendant.loadFailed' }))
                    }
                  >
                    {t('attendant.callAck')}
                  </BigButton>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="scan-actions">
        <BigButton icon="lock" variant="primary" onClick={lock} testId="attendant-lock">
          {t('attendant.lock')}
        </BigButton>
      </div>
    </Screen>
  );
}
