// Every screen, by hash path. Features add their screens here.
import type { ReactElement } from 'react';
import { Home } from './screens/Home.js';
import { Placeholder } from './screens/Placeholder.js';

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
];
