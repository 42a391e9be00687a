// Attendant calls: scan a badge (VKB:<id>) -> PIN prompt -> a short session for the
// attendant screen. Sessions live in memory (a restart logs attendants out) and expire after
// attendant.sessionMinutes without use; the renderer also ends them on the idle wipe.
import { randomBytes } from 'node:crypto';
import type { RuntimeContext, RuntimeModule } from '../core/module.js';
import { createAttendantStore, type AttendantStore } from './store.js';

export type AttendantCalls = 'attendant.badge' | 'attendant.verifyPin' | 'attendant.overview' | 'attendant.ackStaffCall' | 'attendant.lock';

interface Session {
  badgeId: string;
  name: string;
  expiresAt: number;
}

const disabledMessage = (badgeId: string) => `badge ${badgeId} has been disabled on this kiosk; the hall manager can re-enable it with npm run attendant -- reset-pin ${badgeId}`;

export function createAttendantModule(ctx: RuntimeContext): RuntimeModule<AttendantCalls> & { store: AttendantStore; isSession(token: string): boolean } {
  const log = ctx.log.child({ component: 'attendant' });
  const store = createAttendantStore(ctx.db, ctx.now);
  const sessions = new Map<string, Session>();
  const ttlMs = ctx.config.attendant.sessionMinutes * 60_000;
  const listCalls = ctx.db.prepare('SELECT id, screen, called_at AS calledAt, acknowledged_at AS acknowledgedAt FROM staff_calls ORDER BY (acknowledged_at IS NOT NULL), called_at DESC LIMIT 30');
  const ack = ctx.db.prepare('UPDATE staff_calls SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL');

  const session = (token: string): Session | null => {
    const s = sessions.get(token);
    const t = ctx.now().getTime();
    if (!s) return null;
    if (s.expiresAt <= t) {
      sessions.delete(token);
      return null;
    }
    s.expiresAt = t + ttlMs; // sliding: each use extends it
    return s;
  };

  return {
    store,
    isSession: (token) => session(token) !== null,
    handlers: {
      'attendant.badge': ({ badgeId }) => {
        if (store.isDisabled(badgeId)) return { result: 'disabled' as const, message: disabledMessage(badgeId) };
        const until = store.lockedUntil(badgeId);
        return until ? { result: 'locked' as const, until } : { result: 'pin-required' as const };
      },
      'attendant.verifyPin': async ({ badgeId, pin }) => {
        const r = await store.checkPin(badgeId, pin);
        if (r.result === 'disabled') {
          log.warn('attendant-badge-disabled', { badgeId, message: disabledMessage(badgeId) });
          return { result: 'disabled' as const, message: disabledMessage(badgeId) };
        }
        if (r.result !== 'ok') {
          log.warn('attendant-pin-refused', { badgeId, result: r.result, message: r.result === 'locked' ? `badge ${badgeId} is locked until ${r.until} after repeated wrong PINs` : `wrong PIN for badge ${badgeId}` });
          return r;
        }
        const token = randomBytes(24).toString('base64url');
        const expiresAt = ctx.now().getTime() + ttlMs;
        sessions.set(token, { badgeId, name: r.name, expiresAt });
        log.info('attendant-signed-in', { badgeId });
        return { result: 'ok' as const, token, name: r.name, expiresAt: new Date(expiresAt).toISOString() };
      },
      'attendant.overview': ({ token }) => {
        const s = session(token);
        if (!s) return { result: 'locked' as const };
        const staffCalls = listCalls.all() as Array<{ id: number; screen: string; calledAt: string; acknowledgedAt: string | null }>;
        return { result: 'ok' as const, name: s.name, expiresAt: new Date(s.expiresAt).toISOString(), staffCalls };
      },
      'attendant.ackStaffCall': ({ token, id }) => {
        const s = session(token);
        if (!s) return { result: 'locked' as const };
        const changed = ack.run(ctx.now().toISOString(), id).changes;
        if (changed) log.info('staff-call-acknowledged', { id, badgeId: s.badgeId });
        return { result: changed ? ('ok' as const) : ('not-found' as const) };
      },
      'attendant.lock': ({ token }) => {
        if (sessions.delete(token)) log.info('attendant-signed-out');
        return { ok: true as const };
      },
    },
    async start() {
      const { demoBadge, demoPin } = ctx.config.attendant;
      if (demoBadge && demoPin && store.badgeCount() === 0) {
        await store.addBadge(demoBadge, 'Demo attendant', demoPin);
        log.warn('attendant-demo-badge-seeded', { badgeId: demoBadge, message: `seeded the demo attendant badge ${demoBadge} (config attendant.demoBadge); replace it before real use` });
      }
    },
    stop() {
      sessions.clear();
    },
  };
}
