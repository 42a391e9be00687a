// What every runtime module (content, requests, devices, ...) looks like to the runtime.
import type { KioskConfig } from '../config/schema.js';
import type { Handlers } from '../contract/index.js';
import type { Db } from '../db/open.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log/logger.js';
import type { LinkMonitor } from './link-monitor.js';
import type { StorageHealth } from './storage-health.js';

export interface RuntimeContext {
  config: KioskConfig;
  db: Db;
  log: Logger;
  bus: EventBus;
  now: () => Date;
  /** Shared view of the township link (relay and sync report into it). */
  link: LinkMonitor;
  /** Storage health shown on screen; background chains report what they catch (optional in tests). */
  health?: StorageHealth;
}

export interface RuntimeModule<K extends keyof Handlers> {
  handlers: Pick<Handlers, K>;
  /** Background work (device polling, relay, sync). Must not throw for expected failures. */
  start?(): void | Promise<void>;
  stop?(): void | Promise<void>;
}
