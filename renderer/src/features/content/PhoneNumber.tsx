// A phone number in digit groups; one tap shows it huge, so it can be copied onto paper
// or read out to someone on the phone.
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../components/Button.js';
import { Modal } from '../../components/Modal.js';
import { formatPhone, phoneGroups } from './format.js';

export function PhoneNumber({ phone, who, testId }: { phone: string; who: string; testId?: string }): ReactElement {
  const { t } = useTranslation('content');
  const [open, setOpen] = useState(false);
  return (
    <>
      <BigButton icon="phone" onClick={() => setOpen(true)} testId={testId} className="content-phone">
        <span className="content-phone__digits" data-speak="">{formatPhone(phone)}</span>
        <span className="content-phone__hint">{t('phone.showBig')}</span>
      </BigButton>
      {open && (
        <Modal
          icon="phone"
          title={t('phone.title', { who })}
          testId="phone-dialog"
          actions={
            <BigButton icon="close" variant="primary" onClick={() => setOpen(false)} testId="phone-dialog-close">
              {t('phone.close')}
            </BigButton>
          }
        >
          <p className="content-phone__huge" data-testid="phone-huge">
            {phoneGroups(phone).map((g, i) => (
              <span key={i}>{g}</span>
            ))}
          </p>
        </Modal>
      )}
    </>
  );
}
