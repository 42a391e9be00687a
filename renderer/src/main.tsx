// Entry point: connect, render. The page holds no token: its session cookie (HttpOnly, set
// when the shell opened a one-time launch link) goes with every call and the event stream.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient, RpcError } from '../../src/contract/client.js';
import { App } from './App.js';
import { getScanSession } from './session/scan-session.js';
import { initI18n } from './i18n/index.js';
import { StartupScreen } from './screens/Startup.js';
// The bundled CJK font (docs/fonts.md): the kiosk looks the same on Windows and Linux with no
// system font. Only the weights the UI uses: 400 for text, 700 for everything bold (800 and
// 600 in the styles fall back to 700).
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './styles.css';

const rootEl = document.getElementById('root')!;
const root = createRoot(rootEl);
const client = createClient({ baseUrl: window.location.origin, attendantSession: () => getScanSession().attendant?.token ?? null });

async function boot(attempt = 0): Promise<void> {
  await initI18n('zh-CN');
  try {
    const info = await client.call('app.info', {});
    root.render(
      <StrictMode>
        <App client={client} info={info} />
      </StrictMode>,
    );
  } catch (e) {
    root.render(<StartupScreen failed={attempt > 0} notConnected={e instanceof RpcError && e.status === 401} />);
    window.setTimeout(() => {
      // Reload in case the runtime came back with a newer screen.
      if (attempt > 2) window.location.reload();
      else void boot(attempt + 1);
    }, 3000);
  }
}
void boot();
