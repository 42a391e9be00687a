// Home: four big tiles, one per thing a villager comes to do.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon, type IconName } from '../components/Icon.js';
import { navigate } from '../router.js';
import { ReadAloud } from '../features/speech/ReadAloud.js';

const TILES: Array<{ key: 'policies' | 'jobs' | 'request' | 'status'; icon: IconName; path: string }> = [
  { key: 'policies', icon: 'policy', path: '/policies' },
  { key: 'jobs', icon: 'jobs', path: '/jobs' },
  { key: 'request', icon: 'request', path: '/request' },
  { key: 'status', icon: 'status', path: '/status' },
];

export function Home(): ReactElement {
  const { t } = useTranslation();
  return (
    <main className="screen home" data-testid="home">
      <h1 className="screen__title">{t('home.title')}</h1>
      <ReadAloud />
      <div className="tiles" data-speak-choices="">
        {TILES.map((tile) => (
          <button key={tile.key} type="button" className={`tile tile--${tile.key}`} onClick={() => navigate(tile.path)} data-testid={`tile-${tile.key}`}>
            <Icon name={tile.icon} size="2.2em" />
            <span className="tile__label">{t(`home.tiles.${tile.key}`)}</span>
            <span className="tile__hint">{t(`home.tiles.${tile.key}Hint`)}</span>
          </button>
        ))}
      </div>
      <p className="home__scan-hint">
        <Icon name="scanner" /> {t('home.scanHint')}
      </p>
    </main>
  );
}
