// The header on every screen, one row so it stays small on a 1366x768 panel: where you are,
// the link status, Home and Back, one big "看不清 / 听不清" button that opens language, text
// size, contrast and volume (SettingsPanel), and "call staff".
import { useState, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '../kiosk-context.js';
import { goBack, navigate } from '../router.js';
import { BigButton } from './Button.js';
import { Icon } from './Icon.js';
import { StaffButton } from './StaffButton.js';
import { LinkChip } from './LinkChip.js';
import { SettingsPanel } from './SettingsPanel.js';

/** `settingsExtra` goes into the settings panel (App passes the read-aloud volume control). */
export function Header({ atHome, settingsExtra }: { atHome: boolean; settingsExtra?: ReactNode }): ReactElement {
  const { t, i18n } = useTranslation();
  const { info } = useKiosk();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <header className="header" data-testid="header">
      <div className="header__place">
        <p className="header__hall">
          <Icon name="house" /> {info.hallName[lang]}
        </p>
        <LinkChip />
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
        <BigButton icon="eye" onClick={() => setSettingsOpen(true)} testId="open-settings" className="header__settings">
          {t('settings.open')}
        </BigButton>
        <StaffButton />
      </nav>
      {settingsOpen && <SettingsPanel onClose={() => setSettingsOpen(false)} extra={settingsExtra} />}
    </header>
  );
}
