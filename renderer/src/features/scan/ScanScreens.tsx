// The screens a scan can open on its own: "the kiosk does not know this code" (with Call
// staff) and "continue on your phone" for a link (shown as a QR code, never opened).
import QRCode from 'qrcode';
import { useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../components/Button.js';
import { Screen } from '../../components/Screen.js';
import { useKiosk } from '../../kiosk-context.js';
import { currentPath, navigate } from '../../router.js';
import { useScanSession } from '../../session/scan-session.js';
import { ReadAloud } from '../speech/ReadAloud.js';
import './scan.css';

function CallStaffButton(): ReactElement {
  const { t } = useTranslation('devices');
  const { client } = useKiosk();
  const [state, setState] = useState<'idle' | 'called' | 'failed'>('idle');
  return (
    <>
      <BigButton
        icon="staff"
        variant="danger"
        testId="scan-call-staff"
        onClick={() => void
          client
            .call('staff.call', { screen: currentPath().slice(0, 100) })
            .then(() => setState('called'))
            .catch(() => setState('failed'))
        }
      >
        {t('scan.unknown.callStaff')}
      </BigButton>
      {state !== 'idle' && (
        <p className="lead scan-note" role="status" data-testid="scan-staff-result">
          {t(state === 'called' ? 'scan.unknown.called' : 'scan.unknown.callFailed')}
        </p>
      )}
    </>
  );
}

export function UnknownScanScreen(): ReactElement {
  const { t } = useTranslation('devices');
  const { unknown } = useScanSession();
  const r = unknown?.route;
  const reasonKey =
    r?.kind === 'invalid-card' ? `scan.unknown.card.${r.reason}` : r?.kind === 'unknown' && (r.reason === 'too-long' || r.reason === 'invalid-encoding' || r.reason === 'empty') ? `scan.unknown.reason.${r.reason}` : 'scan.unknown.reason.other';
  return (
    <Screen icon="warning" title={t('scan.unknown.title')} testId="scan-unknown">
      <ReadAloud />
      <p className="lead scan-big">{t('scan.unknown.body')}</p>
      <p className="lead">{t(reasonKey)}</p>
      {unknown && unknown.preview && (
        <div className="scan-preview">
          <p className="scan-preview__label">{t('scan.unknown.whatWasScanned')}</p>
          <p className="scan-preview__text" data-testid="scan-unknown-text">
            {unknown.preview}
          </p>
        </div>
      )}
      <div className="scan-actions">
        <CallStaffButton />
        <BigButton icon="home" variant="primary" onClick={() => navigate('/')} testId="scan-unknown-home">
          {t('scan.backHome')}
        </BigButton>
      </div>
    </Screen>
  );
}

/** A payment code or ID number scanned by mistake: a defined screen with the masked form only. */
export function SensitiveScanScreen({ kind }: { kind: 'payment-code' | 'id-number' }): ReactElement {
  const { t } = useTranslation('devices');
  const { unknown } = useScanSession();
  const r = unknown?.route;
  const masked = r && (r.kind === 'payment-code' || r.kind === 'id-number') && r.kind === kind ? r.masked : null;
  const ns = kind === 'payment-code' ? 'scan.payment' : 'scan.idNumber';
  return (
    <Screen icon="warning" title={t(`${ns}.title`)} testId={kind === 'payment-code' ? 'scan-payment-code' : 'scan-id-number'}>
      <p className="lead scan-big">{t(`${ns}.body`)}</p>
      <p className="lead">{t(`${ns}.hint`)}</p>
      {masked && (
        <div className="scan-preview">
          <p className="scan-preview__label">
            {t(`${ns}.masked`)}
            {r?.kind === 'payment-code' ? ` ${t(`scan.payment.${r.provider}`)}` : ''}
          </p>
          <p className="scan-preview__text" data-testid="scan-masked" data-i18n-exempt="">
            {masked}
          </p>
        </div>
      )}
      <div className="scan-actions">
        <CallStaffButton />
        <BigButton icon="home" variant="primary" onClick={() => navigate('/')} testId="scan-sensitive-home">
          {t('scan.backHome')}
        </BigButton>
      </div>
    </Screen>
  );
}

/** A QR code drawn as one SVG path from the qrcode module matrix (no markup strings). */
export function QrSvg({ text, label, size = 320 }: { text: string; label: string; size?: number }): ReactElement | null {
  const d = useMemo(() => {
    try {
      const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
      const n = qr.modules.size;
      let path = '';
      for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (qr.modules.get(y, x)) path += `M${x + 4} ${y + 4}h1v1h-1z`;
      return { path, n: n + 8 };
    } catch {
      return null;
    }
  }, [text]);
  if (!d) return null;
  return (
    <svg className="qr" role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${d.n} ${d.n}`} shapeRendering="crispEdges" data-testid="scan-link-qr">
      <rect width={d.n} height={d.n} fill="#fff" />
      <path d={d.path} fill="#000" />
    </svg>
  );
}

export function LinkScanScreen(): ReactElement {
  const { t } = useTranslation('devices');
  const { link } = useScanSession();
  let host = '';
  try {
    host = link ? new URL(link).host : '';
  } catch {
    host = '';
  }
  return (
    <Screen icon="qr" title={t('scan.link.title')} testId="scan-link">
      <ReadAloud />
      {link ? (
        <>
          <p className="lead scan-big">{t('scan.link.body')}</p>
          <div className="scan-link">
            <QrSvg text={link} label={t('scan.link.qrLabel', { host })} />
            <div>
              <p className="scan-preview__label">{t('scan.link.site')}</p>
              <p className="scan-preview__text" data-testid="scan-link-host">
                {host}
              </p>
              <p className="scan-link__full" data-testid="scan-link-url" data-speak-skip="">
                {link}
              </p>
            </div>
          </div>
        </>
      ) : (
        <p className="lead">{t('scan.link.none')}</p>
      )}
      <div className="scan-actions">
        <BigButton icon="home" variant="primary" onClick={() => navigate('/')} testId="scan-link-home">
          {t('scan.backHome')}
        </BigButton>
      </div>
    </Screen>
  );
}
