// Development-only panel (#/dev, config ui.devPanel): inject a scan, unplug/replug the
// simulated scanner, and set the simulated printer's paper out / cover open. The runtime
// refuses these calls when ui.devPanel is false, whatever this screen does.
import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { FakePrinterState } from '#contract/printer.js';
import { BigButton } from '../../components/Button.js';
import { Screen } from '../../components/Screen.js';
import { useKiosk } from '../../kiosk-context.js';
import { KeyboardField } from '../attendant/KeyboardField.js';
import '../attendant/attendant.css';

const SAMPLES = ['VKR:ACDE-FGHJ', 'VKP:policy:p-001', 'VKP:job:j-001', 'VKB:demo-attendant', 'https://example.org/form', 'hello <b>world</b>'];

export function DevPanel(): ReactElement {
  const { t } = useTranslation('devices');
  const { client, info, status } = useKiosk();
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [printer, setPrinter] = useState<FakePrinterState | null>(null);

  useEffect(() => {
    if (!info.devPanel) return;
    client
      .call('dev.printer.state', {})
      .then((r) => setPrinter(r.ok ? r.state : null))
      .catch(() => setPrinter(null));
  }, [client, info.devPanel]);

  if (!info.devPanel) {
    return (
      <Screen icon="warning" title={t('devpanel.title')} testId="devpanel-off">
        <p className="lead">{t('devpanel.off')}</p>
      </Screen>
    );
  }
  const show = (r: { ok: true } | { ok: false; message: string }) => setMessage(r.ok ? t('devpanel.done') : r.message);
  const inject = (payload: string) =>
    client
      .call('dev.scanner.inject', { text: payload })
      .then(show)
      .catch((e: Error) => setMessage(e.message));
  const setPrinterState = (change: Partial<FakePrinterState>) =>
    client
      .call('dev.printer.setState', change)
      .then((r) => {
        if (r.ok) setPrinter(r.state);
        setMessage(r.ok ? t('devpanel.done') : r.message);
      })
      .catch((e: Error) => setMessage(e.message));

  return (
    <Screen icon="scanner" title={t('devpanel.title')} testId="devpanel">
      {message && (
        <p className="lead" role="status" data-testid="devpanel-message">
          {message}
        </p>
      )}
      <section className="attendant-section" aria-labelledby="dev-scan">
        <h2 id="dev-scan" className="section-title">
          {t('devpanel.scanTitle')}
        </h2>
        <KeyboardField label={t('devpanel.payload')} value={text} onChange={setText} max={500} testId="devpanel-payload" lang="en" extraKeys=":/.-_<>" />
        <div className="scan-actions">
          <BigButton icon="scanner" variant="primary" onClick={() => void inject(text)} testId="devpanel-inject">
            {t('devpanel.inject')}
          </BigButton>
          {SAMPLES.map((s) => (
            <BigButton key={s} icon="qr" onClick={() => void inject(s)}>
              <span data-i18n-exempt="">{s}</span>
            </BigButton>
          ))}
        </div>
        <p className="lead">
          {t('devpanel.scannerIs')} {t(`attendant.state.${status.scanner.state}`)}
        </p>
        <div className="scan-actions">
          <BigButton icon="close" onClick={() => void client.call('dev.scanner.setConnected', { connected: false }).then(show)} testId="devpanel-unplug">
            {t('devpanel.unplug')}
          </BigButton>
          <BigButton icon="check" onClick={() => void client.call('dev.scanner.setConnected', { connected: true }).then(show)} testId="devpanel-replug">
            {t('devpanel.replug')}
          </BigButton>
        </div>
      </section>
      <section className="attendant-section" aria-labelledby="dev-printer">
        <h2 id="dev-printer" className="section-title">
          {t('devpanel.printerTitle')}
        </h2>
        {printer === null ? (
          <p className="lead">{t('devpanel.printerNotSimulated')}</p>
        ) : (
          <div className="scan-actions">
            <BigButton icon="print" pressed={printer.paperOut} onClick={() => void setPrinterState({ paperOut: !printer.paperOut })} testId="devpanel-paper-out">
              {t('devpanel.paperOut')}
            </BigButton>
            <BigButton icon="print" pressed={printer.coverOpen} onClick={() => void setPrinterState({ coverOpen: !printer.coverOpen })} testId="devpanel-cover-open">
              {t('devpanel.coverOpen')}
            </BigButton>
            <BigButton icon="print" pressed={!printer.connected} onClick={() => void setPrinterState({ connected: !printer.connected })} testId="devpanel-printer-unplug">
              {t('devpanel.printerUnplugged')}
            </BigButton>
          </div>
        )}
      </section>
    </Screen>
  );
}
