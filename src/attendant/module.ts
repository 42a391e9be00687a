// Attendant calls: scan a badge (VKB:<id>) -> PIN prompt -> a session for the attendant
// screen. Sessions are stored hashed in SQLite (sessions.ts), survive a restart and expire
// after attendant.sessionMinutes without use; the renderer signs out after
// attendant.idleSignOutSeconds without a touch, and on the idle wipe.
import type { RuntimeContext, RuntimeModule } from '../core/module.js';
import { todaysRequests, townshipFacts } from './dashboard.js';
import { createSessionStore, type SessionStore } from './sessions.js';
import { createAttendantStore, type AttendantStore } from './store.js';

export type AttendantCalls = 'attendant.badge' | 'attendant.verifyPin' | 'attendant.overview' | 'attendant.ackStaffCall' | 'attendant.lock';

const disabledMessage = (badgeId: string) => `badge ${badgeId} has been disabled on this kiosk; the hall manager can re-enable it with npm run attendant -- reset-pin ${badgeId}`;

export function createAttendantModule(ctx: RuntimeContext): RuntimeModule<AttendantCalls> & { store: AttendantStore; sessions: SessionStore; isSession(token: string): boolean; sessionBadge(token: string): string | null } {
  const log = ctx.log.child({ component: 'attendant' });
  const store = createAttendantStore(ctx.db, ctx.now);
  const ttlMs = ctx.config.attendant.sessionMinutes * 60_000;
  const sessions = createSessionStore(ctx.db, ttlMs, ctx.now);
  const listCalls = ctx.db.prepare('SELECT id, screen, called_at AS calledAt, acknowledged_at AS acknowledgedAt FROM staff_calls ORDER BY (acknowledged_at IS NOT NULL), called_at DESC LIMIT 30');
  const ack = ctx.db.prepare('UPDATE staff_calls SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL');

  const session = (token: string) => sessions.touch(token);

  return {
    store,
    sessions,
    isSession: (token) => session(token) !== null,
    sessionBadge: (token) => sessions.peek(token)?.badgeId ?? null,
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
        const { token, expiresAt } = sessions.create(badgeId, r.name);
        log.info('attendant-signed-in', { badgeId });
        return { result: 'ok' as const, token, name: r.name, expiresAt: new Date(expiresAt).toISOString() };
      },
      'attendant.overview': ({ token }) => {
        const s = session(token);
        if (!s) return { result: 'locked' as const };
        const staffCalls = listCalls.all() as Array<{ id: number; screen: string; calledAt: string; acknowledgedAt: string | null }>;
        return {
          result: 'ok' as const,
          name: s.name,
          badgeId: s.badgeId,
          expiresAt: new Date(s.expiresAt).toISOString(),
          staffCalls,
          today: todaysRequests(ctx.db, ctx.now()),
          township: townshipFacts(ctx.db, ctx.config.township.url),
        };
      },
      'attendant.ackStaffCall': ({ token, id }) => {
        const s = session(token);
        if (!s) return { result: 'locked' as const };
        const changed = ack.run(ctx.now().toISOString(), id).changes;
        if (changed) log.info('staff-call-acknowledged', { id, badgeId: s.badgeId });
        return { result: changed ? ('ok' as const) : ('not-found' as const) };
      },
      'attendant.lock': ({ token }) => {
        if (sessions.revoke(token)) log.info('attendant-signed-out');
        return { ok: true as const };
      },
    },
    async start() {
      sessions.deleteExpired();
      const { demoBadge, demoPin } = ctx.config.attendant;
      if (demoBadge && demoPin && store.badgeCount() === 0) {
        await store.addBadge(demoBadge, 'Demo attendant', demoPin);
        log.warn('attendant-demo-badge-seeded', { badgeId: demoBadge, message: `seeded the demo attendant badge ${demoBadge} (config attendant.demoBadge); replace it before real use` });
      }
    },
    stop() {},
  };
}
