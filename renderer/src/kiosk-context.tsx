// Session-wide state shared by every screen: the RPC client, kiosk info, live status and the
// villager's display settings. resetSession() wipes all of it when someone walks away.
import { createContext, useContext } from 'react';
import type { AppInfo, DeviceState, LinkStatusEvent, StorageStatusEvent } from '../../src/contract/core.js';
import type { KioskClient } from '../../src/contract/client.js';

export type TextSize = 'normal' | 'large' | 'largest';
export type Theme = 'standard' | 'contrast';

export interface Settings {
  textSize: TextSize;
  theme: Theme;
}

export const DEFAULT_SETTINGS: Settings = { textSize: 'normal', theme: 'standard' };

export interface LiveStatus {
  scanner: DeviceState;
  printer: DeviceState;
  link: LinkStatusEvent | null;
  connected: boolean;
  /** The runtime's storage health; "failing" shows "storage problem, ask staff". */
  storage?: StorageStatusEvent;
}

export interface KioskContextValue {
  client: KioskClient;
  info: AppInfo;
  status: LiveStatus;
  settings: Settings;
  setSettings: (s: Settings) => void;
  /** Ends this person's session: wipes screens, forms, scanned cards and settings. */
  resetSession: () => void;
}

export const KioskContext = createContext<KioskContextValue | null>(null);

export function useKiosk(): KioskContextValue {
  const v = useContext(KioskContext);
  if (!v) throw new Error('useKiosk used outside KioskContext');
  return v;
}
