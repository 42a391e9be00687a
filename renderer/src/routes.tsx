// Every screen, by hash path. Features add their screens here.
import type { ReactElement } from 'react';
import { Home } from './screens/Home.js';
import { Placeholder } from './screens/Placeholder.js';
import { ReceiptScreen } from './features/printer/ReceiptScreen.js';

export interface RouteDef {
  pattern: string;
  render: (params: Record<string, string>) => ReactElement;
}

export const routes: RouteDef[] = [
  { pattern: '/', render: () => <Home /> },
  { pattern: '/policies', render: () => <Placeholder titleKey="screens.policies" icon="policy" /> },
  { pattern: '/jobs', render: () => <Placeholder titleKey="screens.jobs" icon="jobs" /> },
  { pattern: '/request', render: () => <Placeholder titleKey="screens.request" icon="request" /> },
  { pattern: '/status', render: () => <Placeholder titleKey="screens.status" icon="status" /> },
  // ---- printer ----
  { pattern: '/receipt/:requestId', render: (p) => <ReceiptScreen requestId={p.requestId!} /> },
];
