// #/receipt/:requestId — a saved request's code and its receipt print flow. The requests
// feature's "saved" screen embeds <ReceiptPrint> directly; this screen is the same flow on
// its own, for links from elsewhere (and the e2e test).
import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../components/Button.js';
import { Screen } from '../../components/Screen.js';
import { useKiosk } from '../../kiosk-context.js';
import { navigate } from '../../router.js';
import { ReceiptPrint } from './ReceiptPrint.js';
import { ReadAloud } from '../speech/ReadAloud.js';
import './printer.css';

export function ReceiptScreen({ requestId }: { requestId: string }): ReactElement {
  const { t } = useTranslation('devices');
  const { client } = useKiosk();
  const [code, setCode] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    client
      .call('requests.get', { id: requestId })
      .then((r) => setCode(r.found ? r.request.code : null))
      .catch(() => setCode(null));
  }, [client, requestId]);
  return (
    <Screen icon="print" title={t('printer.receiptScreen.title')} testId="receipt-screen">
      <ReadAloud />
      {code === null && <p className="lead">{t('printer.receiptScreen.notFound')}</p>}
      {code && (
        <>
          <p className="lead">{t('printer.receiptScreen.yourCode')}</p>
          <p className="print-failure__code receipt-screen__code" data-testid="receipt-code" lang="en">
            {code}
          </p>
          <ReceiptPrint requestId={requestId} code={code} />
        </>
      )}
      <BigButton icon="home" onClick={() => navigate('/')} testId="receipt-home">
        {t('printer.receiptScreen.home')}
      </BigButton>
    </Screen>
  );
}
