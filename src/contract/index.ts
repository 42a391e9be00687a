// THE RPC contract: every call the UI can make and every event the runtime pushes.
// The runtime implements exactly this table (src/runtime.ts checks that at compile time)
// and the renderer calls it only through the typed client (src/contract/client.ts).
// Schemas live in the per-domain files beside this one; names live only here.
import { z } from 'zod';
import { call } from './define.js';
import * as core from './core.js';

export const calls = {
  // ---- runtime -------------------------------------------------------------------------
  'app.info': call(core.Empty, core.AppInfo, 'Kiosk identity, hall name and UI settings.'),
  'app.status': call(core.Empty, core.StatusSnapshot, 'Current device and link status (also pushed as events).'),
  'app.clientLog': call(core.ClientLogInput, z.object({ ok: z.literal(true) }), 'Writes a renderer-side problem to the runtime log.'),
  'staff.call': call(core.StaffCallInput, core.StaffCallOutput, 'Alerts the hall attendant that someone at the kiosk needs help.'),
} as const;

export const events = {
  scan: core.ScanEvent,
  deviceStatus: core.DeviceStatusEvent,
  linkStatus: core.LinkStatusEvent,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;
/** What a handler receives: the input after schema parsing (defaults applied). */
export type CallParsedInput<K extends CallName> = z.output<Calls[K]['input']>;

/** The runtime's implementation of the contract: one function per call. */
export type Handlers = { [K in CallName]: (input: CallParsedInput<K>) => CallOutput<K> | Promise<CallOutput<K>> };
export type EventName = keyof typeof events;
export type EventPayload<K extends EventName> = z.output<(typeof events)[K]>;

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(calls, name);
}

export { paths, MAX_BODY_BYTES } from './define.js';
export type { RpcErrorBody } from './define.js';
