// The kiosk UI: header, current screen, idle wipe. Settings and all per-person state live
// under `sessionKey`; bumping it remounts everything, which is how a session is wiped.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../src/contract/client.js';
import type { AppInfo } from '../../src/contract/core.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { Header } from './components/Header.js';
import { StorageBanner } from './components/StorageBanner.js';
import { IdleGuard } from './components/IdleGuard.js';
import { DEFAULT_SETTINGS, KioskContext, type KioskContextValue, type LiveStatus, type Settings } from './kiosk-context.js';
import { matchRoute, navigate, usePath } from './router.js';
import { routes } from './routes.js';
import { NotFound } from './screens/Placeholder.js';
import { ScanRouter } from './scan-router.js';
import { SpeechProvider } from './features/speech/SpeechProvider.js';
import { VolumeControl } from './features/speech/VolumeControl.js';

export function App({ client, info: firstInfo }: { client: KioskClient; info: AppInfo }): ReactElement {
  const { i18n } = useTranslation();
  const path = usePath();
  // The kiosk's identity and settings (hall name, idle timeout, defaults). Refetched when the
  // attendant saves a setting (settingsChanged) and when the event stream reconnects (a
  // restarted runtime), so a saved setting shows at once, with no reload of the screen.
  const [info, setInfo] = useState<AppInfo>(firstInfo);
  // Each session starts with the kiosk's default text size (settings screen / ui.defaultTextSize).
  const defaults = useMemo<Settings>(() => ({ ...DEFAULT_SETTINGS, textSize: info.defaults?.textSize ?? DEFAULT_SETTINGS.textSize }), [info]);
  const [settings, setSettings] = useState<Settings>(defaults);
  // A new default text size also applies to the person at the screen, unless they chose their own.
  const shownDefaults = useRef(defaults);
  useEffect(() => {
    const before = shownDefaults.current;
    shownDefaults.current = defaults;
    if (before.textSize !== defaults.textSize) setSettings((s) => (s.textSize === before.textSize ? { ...s, textSize: defaults.textSize } : s));
  }, [defaults]);
  const [sessionKey, setSessionKey] = useState(0);
  // The villager moved the read-aloud volume off the hall default (the idle wipe resets it).
  const [volumeChanged, setVolumeChanged] = useState(false);
  const refreshInfo = useCallback(() => {
    client.call('app.info', {}).then(setInfo, () => {
      // unreachable for a moment: the next reconnect asks again
    });
  }, [client]);
  const [status, setStatus] = useState<LiveStatus>({ scanner: { state: 'not-configured' }, printer: { state: 'not-configured' }, link: null, connected: false });

  useEffect(
    () =>
      client.subscribe({
        deviceStatus: (e) => setStatus((s) => ({ ...s, [e.device]: e.status })),
        linkStatus: (e) => setStatus((s) => ({ ...s, link: e })),
        storageStatus: (e) => setStatus((s) => ({ ...s, storage: e })),
        connection: (c) => {
          setStatus((s) => ({ ...s, connected: c === 'open' }));
          if (c === 'open') refreshInfo();
        },
        settingsChanged: () => refreshInfo(),
      }),
    [client, refreshInfo],
  );

  useEffect(() => {
    const root = document.documentElement;
    root.dataset.textSize = settings.textSize;
    root.dataset.theme = settings.theme;
  }, [settings]);

  useEffect(() => {
    const onLang = (lng: string) => {
      document.documentElement.lang = lng;
    };
    i18n.on('languageChanged', onLang);
    return () => i18n.off('languageChanged', onLang);
  }, [i18n]);

  const resetSession = useCallback(() => {
    setSettings(defaults);
    setVolumeChanged(false);
    void i18n.changeLanguage('zh-CN');
    setSessionKey((k) => k + 1);
    navigate('/');
    window.scrollTo(0, 0);
  }, [i18n, defaults]);

  const value = useMemo<KioskContextValue>(() => ({ client, info, status, settings, setSettings, resetSession }), [client, info, status, settings, resetSession]);

  let screen: ReactElement = <NotFound />;
  for (const r of routes) {
    const m = matchRoute(r.pattern, path);
    if (m) {
      screen = r.render(m.params);
      break;
    }
  }
  const atHome = path === '/';
  const dirty = !atHome || volumeChanged || settings.textSize !== defaults.textSize || settings.theme !== defaults.theme || i18n.language !== 'zh-CN';

  return (
    <KioskContext.Provider value={value}>
      <div className="app" key={sessionKey}>
        <SpeechProvider onVolumeChanged={setVolumeChanged}>
          <Header atHome={atHome} settingsExtra={<VolumeControl />} />
          <StorageBanner />
          <ErrorBoundary client={client} onHome={() => navigate('/')} resetKey={path}>
            {screen}
          </ErrorBoundary>
          <ScanRouter />
          <IdleGuard active={dirty} />
        </SpeechProvider>
      </div>
    </KioskContext.Provider>
  );
}
