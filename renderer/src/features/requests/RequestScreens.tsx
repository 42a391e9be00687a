// Asking for a service: the type chooser (#/request), one form per type
// (#/request/<type>, job interest as #/request/job-interest?jobId=<id>), a plain-words
// confirmation, then the saved screen (#/request/saved/<id>) with the code shown huge.
import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../components/Button.js';
import { Icon } from '../../components/Icon.js';
import { Modal } from '../../components/Modal.js';
import { Screen } from '../../components/Screen.js';
import { useKiosk } from '../../kiosk-context.js';
import { currentPath, navigate, queryParam } from '../../router.js';
import { NotFound } from '../../screens/Placeholder.js';
import type { RequestView } from '#contract/requests.js';
import type { RequestType } from '#protocol/relay.js';
import { buildPayload, FIELDS, isRequestType, groupPhone, optionKey, phoneProblem, REQUEST_TYPES, type ChoiceField, type ChoiceValue } from './forms.js';
import { clearHouseholdPrefill, useHouseholdPrefill } from './household.js';
import { DigitKeypad } from './Keypad.js';
import { CheckingScreen, newSubmissionId } from './CheckingScreen.js';
import { formatTime, useLang } from './time.js';
import { ReceiptPrint } from '../printer/ReceiptPrint.js';
import { ReadAloud } from '../speech/ReadAloud.js';
import { printerConfigured } from '../printer/printer-words.js';
import { AssistedNote } from '../attendant/AssistedNote.js';
import { submitRequest } from '../attendant/assisted.js';
import './requests.css';

export function RequestChooser(): ReactElement {
  const { t } = useTranslation('requests');
  const household = useHouseholdPrefill();
  return (
    <Screen icon="request" title={t('chooser.title')} testId="request-chooser">
      <p className="lead">{t('chooser.lead')}</p>
      {household && <HouseholdBanner />}
      <div className="req-types">
        {REQUEST_TYPES.map(({ type, icon }) => (
          <button key={type} type="button" className="req-type" onClick={() => navigate(type === 'job-interest' ? '/jobs' : `/request/${type}`)} data-testid={`request-type-${type}`}>
            <Icon name={icon} size="1.8em" />
            <span className="req-type__title">{t(`types.${type}.title`)}</span>
            <span className="req-type__hint">{t(`types.${type}.hint`)}</span>
          </button>
        ))}
      </div>
    </Screen>
  );
}

function HouseholdBanner({ onForget }: { onForget?: () => void }): ReactElement | null {
  const { t } = useTranslation('requests');
  const household = useHouseholdPrefill();
  if (!household) return null;
  return (
    <div className="req-household" data-testid="household-prefill">
      <p>
        <Icon name="house" /> {t('household.using', { name: household.maskedName, village: household.village })}
      </p>
      <BigButton
        icon="close"
        onClick={() => {
          clearHouseholdPrefill();
          onForget?.();
        }}
        testId="household-prefill-forget"
      >
        {t('household.forget')}
      </BigButton>
    </div>
  );
}

/** #/request/<type>[?jobId=<id>][&relatedId=<policy id>] */
export function RequestRoute({ type }: { type: string }): ReactElement {
  const path = currentPath();
  const jobId = queryParam(path, 'jobId');
  const relatedId = queryParam(path, 'relatedId') ?? (type === 'job-interest' ? jobId : null);
  if (!isRequestType(type)) return <NotFound />;
  return <RequestForm key={path} type={type} jobId={jobId} relatedId={relatedId} />;
}

type Failure = 'storage-full' | 'storage-error' | 'invalid' | 'signed-out' | 'unreachable' | 'checked';

export function RequestForm({ type, jobId, relatedId }: { type: RequestType; jobId: string | null; relatedId: string | null }): ReactElement {
  const { t } = useTranslation('requests');
  const lang = useLang();
  const { client } = useKiosk();
  const household = useHouseholdPrefill();
  const fields = FIELDS[type];
  const [step, setStep] = useState(0);
  const [answers, setAnswers] = useState<Record<string, ChoiceValue>>({});
  const [phone, setPhone] = useState('');
  const [villages, setVillages] = useState<Array<{ 'zh-CN': string; en: string }>>([]);
  const [job, setJob] = useState<{ id: string; title: string; titleShown: string } | null>(null);
  const [jobMissing, setJobMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  // One id per submission: a lost answer is checked (and a repeat answered) by this id.
  const [submissionId, setSubmissionId] = useState(newSubmissionId);
  const [checking, setChecking] = useState(false);

  useEffect(() => {
    if (type !== 'agronomist-visit') return;
    client.call('requests.options', {}).then((o) => setVillages(o.villages), () => setVillages([]));
  }, [client, type]);

  // The village on a scanned household card answers the agronomist's "which village".
  useEffect(() => {
    if (type === 'agronomist-visit' && household && !('village' in answers)) setAnswers((a) => ({ ...a, village: household.village }));
  }, [type, household, answers]);

  useEffect(() => {
    if (type !== 'job-interest' || !jobId) return;
    client.call('content.job', { id: jobId }).then(
      (r) => {
        if (r.found) setJob({ id: jobId, title: r.job.title['zh-CN'], titleShown: r.job.title[lang] });
        else setJobMissing(true);
      },
      () => setJob({ id: jobId, title: jobId, titleShown: jobId }),
    );
  }, [client, type, jobId, lang]);

  if (type === 'job-interest' && !jobId) {
    return (
      <Screen icon="jobs" title={t('types.job-interest.title')} testId="request-form">
        <p className="lead">{t('job.noJob')}</p>
        <BigButton icon="jobs" variant="primary" onClick={() => navigate('/jobs')}>
          {t('job.seeJobs')}
        </BigButton>
      </Screen>
    );
  }

  if (checking) {
    return (
      <CheckingScreen
        submissionId={submissionId}
        onSaved={(id) => navigate(`/request/saved/${encodeURIComponent(id)}`)}
        onNotSaved={() => {
          setChecking(false);
          setFailure('checked');
        }}
      />
    );
  }
  if (failure) {
    return (
      <NotSavedScreen
        reason={failure}
        onRetry={() => {
          setSubmissionId(newSubmissionId());
          setFailure(null);
        }}
      />
    );
  }

  const phoneStep = fields.length;
  const confirmStep = fields.length + 1;
  const total = fields.length + 2;
  const villageOptions: ChoiceValue[] = [...new Set([...(household ? [household.village] : []), ...villages.map((v) => v['zh-CN'])])];
  const optionsOf = (f: ChoiceField) => (f.source === 'villages' ? villageOptions : f.options);
  const label = (f: ChoiceField, v: ChoiceValue) => {
    if (f.source === 'villages') {
      const known = villages.find((x) => x['zh-CN'] === v);
      return known ? known[lang] : String(v);
    }
    return t(`options.${f.labels}.${optionKey(v)}`);
  };
  const problem = phoneProblem(phone);
  const payload = buildPayload(type, answers, job);

  const submit = async () => {
    if (!payload || problem) return;
    setBusy(true);
    try {
      const r = await submitRequest(client, { contact: { phone, name: null, householdId: household?.householdId ?? null }, payload, relatedId, submissionId });
      if (r.ok) navigate(`/request/saved/${encodeURIComponent(r.id)}`);
      // A disk error during the save: it may still have been stored. Check before saying anything.
      else if (r.reason === 'storage-error') setChecking(true);
      else if (r.reason === 'submission-id-used') setFailure('invalid');
      else setFailure(r.reason);
    } catch {
      // No answer (connection cut, kiosk service restarted): saved or not is unknown. Check.
      setChecking(true);
    } finally {
      setBusy(false);
    }
  };

  const typeTitle = t(`types.${type}.title`);
  return (
    <Screen icon={REQUEST_TYPES.find((r) => r.type === type)!.icon} title={typeTitle} testId="request-form">
      <ReadAloud step={step} />
      <p className="req-progress" data-testid="request-step">
        {t('form.step', { n: step + 1, total })}
      </p>
      <AssistedNote />
      {type === 'job-interest' && (
        <p className="lead req-job" data-testid="request-job-title">
          <Icon name="jobs" /> {jobMissing ? t('job.missing', { id: jobId }) : t('job.about', { title: job?.titleShown ?? jobId })}
        </p>
      )}

      {step < phoneStep &&
        (() => {
          const f = fields[step]!;
          return (
            <section aria-labelledby="req-q" className="req-step">
              <h2 id="req-q" className="req-question">
                {t(`questions.${f.key}`)}
              </h2>
              <div className="req-choices" data-speak-choices="">
                {optionsOf(f).map((v) => (
                  <BigButton
                    key={optionKey(v)}
                    icon={answers[f.key] === v && f.key in answers ? 'check' : 'next'}
                    pressed={f.key in answers && answers[f.key] === v}
                    onClick={() => {
                      setAnswers((a) => ({ ...a, [f.key]: v }));
                      setStep(step + 1);
                    }}
                    testId={`choice-${f.key}-${optionKey(v)}`}
                    className="req-choice"
                  >
                    {label(f, v)}
                  </BigButton>
                ))}
              </div>
            </section>
          );
        })()}

      {step === phoneStep && (
        <section aria-labelledby="req-q" className="req-step">
          <h2 id="req-q" className="req-question">
            {t('phone.question')}
          </h2>
          <p className="req-hint">{t('phone.hint')}</p>
          <p className={`req-readout${phone ? '' : ' req-readout--empty'}`} aria-live="polite" data-testid="phone-readout">
            {phone ? groupPhone(phone) : t('phone.empty')}
          </p>
          {phone && problem && problem !== 'too-short' && (
            <p className="req-problem" role="alert" data-testid="phone-problem">
              <Icon name="warning" /> {t(`phone.problem.${problem}`)}
            </p>
          )}
          <DigitKeypad value={phone} onChange={setPhone} label={t('phone.keypad')} testId="phone-keypad" />
          <div className="req-household-slot">{household ? <HouseholdBanner /> : <p className="req-hint">{t('household.scanHint')}</p>}</div>
          <p className="req-hint">{t('form.nameNote')}</p>
          <div className="req-nav">
            <BigButton icon="next" variant="primary" disabled={!!problem || (type === 'job-interest' && !job)} onClick={() => setStep(confirmStep)} testId="phone-next">
              {t('form.next')}
            </BigButton>
          </div>
        </section>
      )}

      {step === confirmStep && payload && (
        <section aria-labelledby="req-q" className="req-step" data-testid="request-confirm">
          <h2 id="req-q" className="req-question">
            {t('confirm.title')}
          </h2>
          <ul className="req-summary">
            <li>{t('confirm.asking', { what: typeTitle })}</li>
            {type === 'job-interest' && job && <li>{t('job.about', { title: job.titleShown })}</li>}
            {fields.map((f) => (
              <li key={f.key}>
                {t(`questions.${f.key}`)} <strong>{label(f, answers[f.key] ?? null)}</strong>
              </li>
            ))}
            <li>
              {t('confirm.phone')} <strong className="req-digits">{groupPhone(phone)}</strong>
            </li>
            <li>{household ? t('confirm.household', { name: household.maskedName, village: household.village }) : t('confirm.noHousehold')}</li>
          </ul>
          <p className="req-hint">{t('confirm.cancelNote')}</p>
          <div className="req-nav">
            <BigButton icon="check" variant="primary" disabled={busy} onClick={() => void submit()} testId="confirm-submit">
              {busy ? t('confirm.saving') : t('confirm.submit')}
            </BigButton>
            <BigButton icon="back" onClick={() => setStep(0)} testId="confirm-change">
              {t('confirm.change')}
            </BigButton>
          </div>
        </section>
      )}

      {step > 0 && step <= phoneStep && (
        <div className="req-nav">
          <BigButton icon="back" onClick={() => setStep(step - 1)} testId="form-previous">
            {t('form.previous')}
          </BigButton>
        </div>
      )}
    </Screen>
  );
}

function NotSavedScreen({ reason, onRetry }: { reason: Failure; onRetry: () => void }): ReactElement {
  const { t } = useTranslation('requests');
  return (
    <main className="screen screen--problem" data-testid="request-not-saved">
      <h1 className="screen__title">
        <Icon name="warning" size="1.1em" /> {t('notSaved.title')}
      </h1>
      <p className="lead">{t(`notSaved.${reason}`)}</p>
      <p className="lead">{t('notSaved.askStaff')}</p>
      <div className="req-nav">
        <BigButton icon="back" onClick={onRetry} testId="not-saved-retry">
          {t('notSaved.retry')}
        </BigButton>
        <BigButton icon="home" onClick={() => navigate('/')}>
          {t('notSaved.home')}
        </BigButton>
      </div>
    </main>
  );
}

export function SavedScreen({ id }: { id: string }): ReactElement {
  const { t } = useTranslation('requests');
  const lang = useLang();
  const { client, status } = useKiosk();
  const [req, setReq] = useState<RequestView | null | 'missing'>(null);
  const queued = status.link?.queued;
  // Every link event (a send that ended, a new state) refreshes the view, not only a new queue
  // count: a view read while a send was in flight has no Cancel button, and a send that then
  // failed before reaching the township leaves the count as it was but makes Cancel possible again.
  const linkAt = status.link?.at;
  useEffect(() => {
    let alive = true;
    client.call('requests.get', { id }).then(
      (r) => alive && setReq(r.found ? r.request : 'missing'),
      () => alive && setReq('missing'),
    );
    return () => {
      alive = false;
    };
  }, [client, id, queued, linkAt]);

  if (req === null) return <Screen icon="clock" title={t('saved.loading')} testId="request-saved-loading" children={null} />;
  if (req === 'missing') {
    return (
      <Screen icon="warning" title={t('saved.missing')} testId="request-saved-missing">
        <BigButton icon="home" onClick={() => navigate('/')}>
          {t('notSaved.home')}
        </BigButton>
      </Screen>
    );
  }
  const online = status.link?.link.state === 'online';
  const sending = req.outbox === 'sent' ? 'sent' : req.outbox === 'cancelled' ? 'cancelled' : req.outbox === 'needs-attention' ? 'attention' : online ? 'sending' : 'offline';
  return (
    <Screen icon="check" title={req.outbox === 'cancelled' ? t('saved.cancelledTitle') : t('saved.title')} testId="request-saved">
      <ReadAloud />
      <p className="req-code-label">{t('saved.codeLabel')}</p>
      <p className="req-code" data-testid="saved-code" data-i18n-exempt="" aria-label={req.code.split('').join(' ')}>
        {req.code}
      </p>
      <p className="req-hint">{t('saved.codeHint')}</p>
      {req.outbox !== 'cancelled' && <ReceiptPrint requestId={req.id} code={req.code} />}
      <p className={`req-sending req-sending--${sending}`} data-testid="saved-sending" data-state={sending}>
        <Icon name={sending === 'offline' ? 'cloudOff' : sending === 'sent' ? 'check' : sending === 'cancelled' ? 'close' : 'cloud'} /> {t(`saved.sending.${sending}`)}
      </p>
      {req.outbox !== 'cancelled' && (
        <>
          <h2 className="req-question">{t('saved.nextTitle')}</h2>
          <p className="lead">{t(`next.${req.type}`)}</p>
          <p className="req-hint">{t('saved.phoneNote', { phone: req.maskedPhone })}</p>
        </>
      )}
      <p className="req-hint" data-testid="saved-created">
        {t('saved.createdAt', { time: formatTime(req.createdAt, lang) })}
      </p>
      <div className="req-nav">
        <CancelButton request={req} onDone={(r) => setReq(r)} />
        {req.outbox !== 'cancelled' && printerConfigured(status.printer) && (
          <BigButton icon="print" onClick={() => navigate(`/receipt/${encodeURIComponent(req.id)}`)} testId="saved-print">
            {t('saved.print')}
          </BigButton>
        )}
        <BigButton icon="status" onClick={() => navigate(`/status/${encodeURIComponent(req.code)}`)} testId="saved-check-status">
          {t('saved.checkStatus')}
        </BigButton>
        <BigButton icon="home" variant="primary" onClick={() => navigate('/')} testId="saved-done">
          {t('saved.done')}
        </BigButton>
      </div>
    </Screen>
  );
}

/** "Cancel this request", shown while the request is unsent and within the cancel window. */
export function CancelButton({ request, onDone }: { request: { id: string; cancellable: boolean; cancellableUntil: string | null }; onDone: (r: RequestView | 'missing') => void }): ReactElement | null {
  const { t } = useTranslation('requests');
  const lang = useLang();
  const { client } = useKiosk();
  const [asking, setAsking] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  if (!request.cancellable && !refused) return null;
  const doCancel = async () => {
    setAsking(false);
    try {
      const r = await client.call('requests.cancel', { id: request.id });
      if (!r.ok) setRefused(r.reason);
      const again = await client.call('requests.get', { id: request.id });
      onDone(again.found ? again.request : 'missing');
    } catch {
      setRefused('unreachable');
    }
  };
  return (
    <>
      {request.cancellable && (
        <BigButton icon="close" variant="danger" onClick={() => setAsking(true)} testId="request-cancel">
          {t('cancel.button', { time: formatTime(request.cancellableUntil!, lang, true) })}
        </BigButton>
      )}
      {asking && (
        <Modal
          icon="warning"
          title={t('cancel.confirmTitle')}
          testId="cancel-dialog"
          actions={
            <>
              <BigButton icon="close" variant="danger" onClick={() => void doCancel()} testId="cancel-yes">
                {t('cancel.yes')}
              </BigButton>
              <BigButton icon="back" onClick={() => setAsking(false)} testId="cancel-no">
                {t('cancel.no')}
              </BigButton>
            </>
          }
        >
          <p>{t('cancel.confirmBody')}</p>
        </Modal>
      )}
      {refused && (
        <Modal
          icon="warning"
          title={t('cancel.refusedTitle')}
          testId="cancel-refused"
          actions={
            <BigButton icon="check" variant="primary" onClick={() => setRefused(null)}>
              {t('cancel.ok')}
            </BigButton>
          }
        >
          <p>{t(`cancel.refused.${refused}`, { defaultValue: t('cancel.refused.other') })}</p>
        </Modal>
      )}
    </>
  );
}
