// Building blocks for the RPC contract. Kept apart from the call table so that the table
// (src/contract/index.ts) reads as a plain list of every call and event.
import type { z } from 'zod';

/** Who may make a call: anyone at the kiosk's screen, or only a signed-in hall attendant. */
export type Access = 'kiosk' | 'attendant';

export interface CallSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  /** One line for the README and for error messages. */
  readonly summary: string;
  /** 'attendant': the call also needs a live attendant session (badge + PIN) in paths.attendantHeader. */
  readonly access: Access;
}

export function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string, access: Access = 'kiosk'): CallSpec<I, O> {
  return { input, output, summary, access };
}

/** URL paths the runtime serves. Both sides take them from here, never from string literals. */
export const paths = {
  rpc: (name: string) => `/rpc/${encodeURIComponent(name)}`,
  rpcPrefix: '/rpc/',
  events: '/events',
  tokenHeader: 'authorization',
  tokenQuery: 'token',
  attendantHeader: 'x-attendant-session',
} as const;

/** Largest request body the runtime accepts, in bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The shape every 4xx/5xx body has. */
export interface RpcErrorBody {
  error: { code: string; message: string };
}
