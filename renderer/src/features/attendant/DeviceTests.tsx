// Dashboard: "test the scanner" (the next scan is shown here as plain text, not opened) and
// "print a test page" (with the printer's status and paper width).
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { TestPrintOutput } from '#contract/printer.js';
import { BigButton } from '../../components/Button.js';
import { useKiosk } from '../../kiosk-context.js';
import { updateScanSession, useScanSession } from '../../session/scan-session.js';

export function DeviceTests(): ReactElement {
  const { t } = useTranslation('devices');
  const { client } = useKiosk();
  const { testScan } = useScanSession();
  const [print, setPrint] = useState<TestPrintOutput | 'busy' | 'failed' | null>(null);
  const printTest = () => {
    setPrint('busy');
    client
      .call('printer.testPrint', { lang: document.documentElement.lang === 'en' ? 'en' : 'zh-CN' })
      .then(setPrint)
      .catch(() => setPrint('failed'));
  };
  return (
    <section className="attendant-section" aria-labelledby="att-tests">
      <h2 id="att-tests" className="section-title">
        {t('attendant.tests.title')}
      </h2>
      <div className="attendant-tests">
        <div>
          <BigButton icon="scanner" onClick={() => updateScanSession({ testScan: 'armed' })} pressed={testScan === 'armed'} testId="attendant-test-scan">
            {t('attendant.tests.scan')}
          </BigButton>
          <p className="lead" role="status" data-testid="attendant-test-scan-result">
            {testScan === 'armed' ? t('attendant.tests.scanWaiting') : testScan ? t('attendant.tests.scanned', { source: testScan.source }) : ''}
          </p>
          {testScan && testScan !== 'armed' ? (
            <pre className="attendant-scan-text" data-testid="attendant-test-scan-text">
              {testScan.preview}
            </pre>
          ) : null}
        </div>
        <div>
          <BigButton icon="print" onClick={printTest} disabled={print === 'busy'} testId="attendant-test-print">
            {t('attendant.tests.print')}
          </BigButton>
          <p className="lead" role="status" data-testid="attendant-test-print-result" data-ok={print && typeof print === 'object' ? String(print.ok) : undefined}>
            {print === 'busy'
              ? t('attendant.tests.printing')
              : print === 'failed'
                ? t('attendant.loadFailed')
                : print
                  ? t(print.ok ? 'attendant.tests.printed' : 'attendant.tests.printFailed', {
                      state: t(`attendant.state.${print.status}`, { defaultValue: print.status }),
                      width: print.paperWidth,
                      sink: print.sink,
                    })
                  : ''}
          </p>
        </div>
      </div>
    </section>
  );
}
