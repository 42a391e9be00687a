// The receipt print flow for the "request saved" screen: <ReceiptPrint requestId code />.
// - No printer configured: renders nothing.
// - Otherwise prints once, automatically, and says so ("Printing your receipt ...").
// - If it does not print: a full-screen message in plain words (out of paper, cover open,
//   printer off), "your request is saved", the code in big letters to write down, Try again
//   and Call staff. The runtime keeps the receipt in "reprint pending" for the attendant.
//   Closing the message goes back to the saved screen, which still shows the code.
import { useCallback, useEffect, useId, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrintOutcome } from '#contract/printer.js';
import { BigButton } from '../../components/Button.js';
import { Icon } from '../../components/Icon.js';
import { StaffButton } from '../../components/StaffButton.js';
import { useKiosk } from '../../kiosk-context.js';
import { failureKey, printerConfigured } from './printer-words.js';
import './printer.css';

type Phase = { phase: 'printing' } | { phase: 'printed' } | { phase: 'failed'; outcome: Extract<PrintOutcome, { ok: false }>; open: boolean };

export function ReceiptPrint({ requestId, code }: { requestId: string; code: string }): ReactElement | null {
  const { t, i18n } = useTranslation('devices');
  const { client, status } = useKiosk();
  const configured = printerConfigured(status.printer);
  const [phase, setPhase] = useState<Phase>({ phase: 'printing' });
  const started = useRef(false);

  const print = useCallback(() => {
    setPhase({ phase: 'printing' });
    const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
    client
      .call('printer.printReceipt', { requestId, lang })
      .then((r) => setPhase(r.ok ? { phase: 'printed' } : { phase: 'failed', outcome: r, open: r.reason !== 'not-configured' }))
      .catch((e: Error) => setPhase({ phase: 'failed', outcome: { ok: false, reason: 'error', message: e.message, jobId: null, reprintPending: false }, open: true }));
  }, [client, requestId, i18n.language]);

  useEffect(() => {
    if (!configured || started.current) return;
    started.current = true;
    print();
  }, [configured, print]);

  if (!configured) return null;
  if (phase.phase === 'failed' && phase.outcome.reason === 'not-configured') return null;

  return (
    <div className="receipt-print" data-testid="receipt-print" data-phase={phase.phase}>
      {phase.phase === 'printing' && (
        <p className="receipt-print__line" role="status">
          <Icon name="print" /> {t('printer.printing')}
        </p>
      )}
      {phase.phase === 'printed' && (
        <p className="receipt-print__line" role="status" data-testid="receipt-printed">
          <Icon name="check" /> {t('printer.printed')}
        </p>
      )}
      {phase.phase === 'failed' && (
        <>
          <p className="receipt-print__line receipt-print__line--problem" role="status">
            <Icon name="warning" /> {t(failureKey(phase.outcome.reason))} {t('printer.failure.saved')}
          </p>
          <BigButton icon="print" onClick={print} testId="receipt-print-retry">
            {t('printer.retry')}
          </BigButton>
          {phase.open && <PrintFailure code={code} reason={phase.outcome.reason} onRetry={print} onClose={() => setPhase({ ...phase, open: false })} />}
        </>
      )}
    </div>
  );
}

function PrintFailure({ code, reason, onRetry, onClose }: { code: string; reason: Extract<PrintOutcome, { ok: false }>['reason']; onRetry: () => void; onClose: () => void }): ReactElement {
  const { t } = useTranslation('devices');
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, []);
  return (
    <div className="print-failure" role="alertdialog" aria-modal="true" aria-labelledby={titleId} ref={ref} data-testid="print-failure" data-reason={reason}>
      <h2 id={titleId} className="print-failure__title">
        <Icon name="warning" size="1.2em" /> {t(failureKey(reason))}
      </h2>
      <p className="print-failure__saved">
        <Icon name="check" /> {t('printer.failure.saved')}
      </p>
      <p className="print-failure__write">{t('printer.failure.writeDown')}</p>
      <p className="print-failure__code" data-testid="print-failure-code" lang="en" aria-label={t('printer.codeLabel', { code: code.split('').join(' ') })}>
        {code}
      </p>
      <p className="print-failure__later">{t('printer.failure.staffCanPrint')}</p>
      <div className="print-failure__actions">
        <BigButton icon="print" variant="primary" onClick={onRetry} testId="print-failure-retry">
          {t('printer.retry')}
        </BigButton>
        <StaffButton />
        <BigButton icon="check" onClick={onClose} testId="print-failure-close">
          {t('printer.failure.close')}
        </BigButton>
      </div>
    </div>
  );
}
