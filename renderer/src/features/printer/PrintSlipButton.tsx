// "Print this" for a policy or a job posting: <PrintSlipButton kind="policy" id=... />.
// Hidden when no printer is configured; when the printer cannot print right now the button
// is disabled and the reason is written beside it.
import { useState, type ReactElement } from 'react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlipKind } from '#contract/printer.js';
import { BigButton } from '../../components/Button.js';
import { useKiosk } from '../../kiosk-context.js';
import { failureKey, printerConfigured, printerReady, stateKey } from './printer-words.js';
import './printer.css';

export function PrintSlipButton({ kind, id }: { kind: SlipKind; id: string }): ReactElement | null {
  const { t, i18n } = useTranslation('devices');
  const { client, status } = useKiosk();
  const reasonId = useId();
  const [result, setResult] = useState<'printing' | 'printed' | { failed: string } | null>(null);
  if (!printerConfigured(status.printer)) return null;
  const ready = printerReady(status.printer);
  const print = () => {
    setResult('printing');
    client
      .call('printer.printSlip', { kind, id, lang: i18n.language === 'en' ? 'en' : 'zh-CN' })
      .then((r) => setResult(r.ok ? 'printed' : { failed: failureKey(r.reason) }))
      .catch(() => setResult({ failed: 'printer.failure.error' }));
  };
  const note = !ready ? t(stateKey(status.printer)) : result === 'printing' ? t('printer.printing') : result === 'printed' ? t('printer.slip.printed') : result ? t(result.failed) : null;
  return (
    <div className="print-slip" data-testid="print-slip">
      <BigButton icon="print" onClick={print} disabled={!ready || result === 'printing'} describedBy={note ? reasonId : undefined} testId="print-slip-button">
        {t('printer.slip.print')}
      </BigButton>
      {note && (
        <p id={reasonId} className="print-slip__note" role="status">
          {note}
        </p>
      )}
    </div>
  );
}
