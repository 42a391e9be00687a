// "看不清 / 听不清": everything that makes the kiosk easier to see and hear, behind one big
// button in the header of every screen: language, text size, contrast and (read-aloud) volume.
// Changes apply at once, behind the panel, so the villager sees the effect before closing it.
import { useEffect, useId, useRef, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk, type TextSize } from '../kiosk-context.js';
import { BigButton } from './Button.js';
import { Icon } from './Icon.js';

const SIZES: TextSize[] = ['normal', 'large', 'largest'];

/** `extra`: further controls for the panel's last group (App passes the read-aloud volume control). */
export function SettingsPanel({ onClose, extra }: { onClose: () => void; extra?: ReactNode }): ReactElement {
  const { t, i18n } = useTranslation();
  const { settings, setSettings } = useKiosk();
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const otherLang = lang === 'en' ? 'zh-CN' : 'en';
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, []);
  return (
    <div className="modal-backdrop settings-backdrop">
      <div className="modal settings" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={ref} data-testid="settings-panel">
        <h2 id={titleId} className="modal__title">
          <Icon name="eye" size="1.2em" /> {t('settings.title')}
        </h2>
        <div className="settings__group">
          <p className="settings__label">{t('settings.language')}</p>
          <BigButton icon="language" onClick={() => void i18n.changeLanguage(otherLang)} testId="switch-language" lang={otherLang}>
            {t('settings.switchLanguage')}
          </BigButton>
        </div>
        <div className="settings__group">
          <p className="settings__label">{t('settings.textSize')}</p>
          <div className="segmented" role="group" aria-label={t('settings.textSize')}>
            {SIZES.map((s) => (
              <BigButton key={s} icon={settings.textSize === s ? 'check' : 'textSize'} pressed={settings.textSize === s} onClick={() => setSettings({ ...settings, textSize: s })} testId={`text-size-${s}`} className={`size-sample size-sample--${s}`}>
                {t(`settings.size.${s}`)}
              </BigButton>
            ))}
          </div>
        </div>
        <div className="settings__group">
          <p className="settings__label">{t('settings.contrast')}</p>
          <BigButton
            icon={settings.theme === 'contrast' ? 'check' : 'contrast'}
            pressed={settings.theme === 'contrast'}
            onClick={() => setSettings({ ...settings, theme: settings.theme === 'contrast' ? 'standard' : 'contrast' })}
            testId="toggle-contrast"
          >
            {t('settings.contrastOn')}
          </BigButton>
        </div>
        {extra !== undefined && extra !== null && (
          <div className="settings__group">
            {/* Read-aloud volume (injected by App): the same control as on the read-aloud bar (it names itself). */}
            {extra}
          </div>
        )}
        <div className="modal__actions">
          <BigButton icon="check" variant="primary" onClick={onClose} testId="settings-done">
            {t('settings.done')}
          </BigButton>
        </div>
      </div>
    </div>
  );
}
