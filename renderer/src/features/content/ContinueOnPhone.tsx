// "Continue on your phone": a QR code of the township's public page for this item. Shown
// only when the runtime has a public URL configured (township.publicUrl).
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon.js';

export function ContinueOnPhone({ qr }: { qr: { url: string; dataUrl: string } | null }): ReactElement | null {
  const { t } = useTranslation('content');
  if (!qr) return null;
  return (
    <section className="content-qr" data-testid="continue-on-phone">
      <h2 className="content-section-title">
        <Icon name="qr" /> {t('qr.title')}
      </h2>
      <img src={qr.dataUrl} alt={t('qr.alt')} className="content-qr__img" width={240} height={240} />
      <p>{t('qr.body')}</p>
    </section>
  );
}
