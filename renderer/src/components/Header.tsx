// The header on every screen: where you are, the link status, and the controls a villager
// may need at any moment: home, back, language, text size, contrast and "call staff".
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk, type TextSize } from '../kiosk-context.js';
import { goBack, navigate } from '../router.js';
import { BigButton } from './Button.js';
import { Icon } from './Icon.js';
import { StaffButton } from './StaffButton.js';
import { LinkChip } from './LinkChip.js';

const SIZES: TextSize[] = ['normal', 'large', 'largest'];

export function Header({ atHome }: { atHome: boolean }): ReactElement {
  const { t, i18n } = useTranslation();
  const { info, settings, setSettings } = useKiosk();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const otherLang = lang === 'en' ? 'zh-CN' : 'en';
  return (
    <header className="header">
      <div className="header__top">
        <p className="header__hall">
          <Icon name="house" /> {info.hallName[lang]}
        </p>
        <LinkChip />
        <StaffButton />
      </div>
      <nav className="header__tools" aria-label={t('settings.tools')}>
        {!atHome && (
          <>
            <BigButton icon="home" onClick={() => navigate('/')} testId="nav-home">
              {t('nav.home')}
            </BigButton>
            <BigButton icon="back" onClick={goBack} testId="nav-back">
              {t('nav.back')}
            </BigButton>
          </>
        )}
        <BigButton icon="language" onClick={() => void i18n.changeLanguage(otherLang)} testId="switch-language" lang={otherLang}>
          {t('settings.switchLanguage')}
        </BigButton>
        <div className="segmented" role="group" aria-label={t('settings.textSize')}>
          {SIZES.map((s) => (
            <BigButton key={s} icon="textSize" pressed={settings.textSize === s} onClick={() => setSettings({ ...settings, textSize: s })} testId={`text-size-${s}`} className={`size-sample size-sample--${s}`}>
              {t(`settings.size.${s}`)}
            </BigButton>
          ))}
        </div>
        <BigButton
          icon="contrast"
          pressed={settings.theme === 'contrast'}
          onClick={() => setSettings({ ...settings, theme: settings.theme === 'contrast' ? 'standard' : 'contrast' })}
          testId="toggle-contrast"
        >
          {t('settings.contrastOn')}
        </BigButton>
      </nav>
    </header>
  );
}
