// Entry point: connect, render. The page holds no token: its session cookie (HttpOnly, set
// when the shell opened a one-time launch link) goes with every call and the event stream.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient, RpcError } from '../../src/contract/client.js';
import { App } from './App.js';
import { getScanSession } from './features/scan/scan-session.js';
import { initI18n } from './i18n/index.js';
import { StartupScreen } from './screens/Startup.js';
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
