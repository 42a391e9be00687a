// Every screen, by hash path. Features add their screens here.
import type { ReactElement } from 'react';
import { Home } from './screens/Home.js';
import { LinkScanScreen, SensitiveScanScreen, UnknownScanScreen } from './features/scan/ScanScreens.js';
import { HouseholdScreen } from './features/scan/HouseholdScreen.js';
import { PinScreen } from './features/attendant/PinScreen.js';
import { AttendantScreen } from './features/attendant/AttendantScreen.js';
import { SettingsScreen } from './features/attendant/SettingsScreen.js';
import { DevPanel } from './features/devpanel/DevPanel.js';
import { RequestRoute, RequestChooser, SavedScreen } from './features/requests/RequestScreens.js';
import { StatusScreen } from './features/requests/StatusScreen.js';
import { ReceiptScreen } from './features/printer/ReceiptScreen.js';
import { PolicyDetail, PolicyList } from './features/content/PolicyScreens.js';
import { JobDetail, JobList } from './features/content/JobScreens.js';

export interface RouteDef {
  pattern: string;
  render: (params: Record<string, string>) => ReactElement;
}

export const routes: RouteDef[] = [
  { pattern: '/', render: () => <Home /> },
  // ---- policies and jobs (content feature) ----
  { pattern: '/policies', render: () => <PolicyList /> },
  { pattern: '/policies/:id', render: (p) => <PolicyDetail key={p.id} id={p.id!} /> },
  { pattern: '/jobs', render: () => <JobList /> },
  { pattern: '/jobs/:id', render: (p) => <JobDetail key={p.id} id={p.id!} /> },
  // ---- service requests (requests feature) ----
  { pattern: '/request', render: () => <RequestChooser /> },
  { pattern: '/request/saved/:id', render: (p) => <SavedScreen key={p.id} id={p.id!} /> },
  { pattern: '/request/:type', render: (p) => <RequestRoute type={p.type!} /> },
  { pattern: '/status', render: () => <StatusScreen key="entry" /> },
  { pattern: '/status/:code', render: (p) => <StatusScreen key={p.code} code={p.code} /> },
  // ---- scanner, attendants, dev panel (hardware feature) ----
  { pattern: '/scan/unknown', render: () => <UnknownScanScreen /> },
  { pattern: '/scan/link', render: () => <LinkScanScreen /> },
  { pattern: '/scan/payment', render: () => <SensitiveScanScreen kind="payment-code" /> },
  { pattern: '/scan/id-number', render: () => <SensitiveScanScreen kind="id-number" /> },
  { pattern: '/household', render: () => <HouseholdScreen /> },
  { pattern: '/attendant/pin', render: () => <PinScreen /> },
  { pattern: '/attendant', render: () => <AttendantScreen /> },
  { pattern: '/attendant/settings', render: () => <SettingsScreen /> },
  { pattern: '/dev', render: () => <DevPanel /> },
  // ---- printer ----
  { pattern: '/receipt/:requestId', render: (p) => <ReceiptScreen requestId={p.requestId!} /> },
];
