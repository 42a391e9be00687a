// The runtime's own calls: identity, status, client-side problem reports and "call staff".
import type { RuntimeContext, RuntimeModule } from './module.js';
import type { StatusStore } from './status-store.js';

export function createCoreModule(
  ctx: RuntimeContext,
  status: StatusStore,
  version: string,
): RuntimeModule<'app.info' | 'app.status' | 'app.clientLog' | 'staff.call' | 'staff.callStatus'> {
  const insertCall = ctx.db.prepare('INSERT INTO staff_calls (screen, called_at) VALUES (?, ?)');
  const getCall = ctx.db.prepare<[number], { acknowledged_at: string | null }>('SELECT acknowledged_at FROM staff_calls WHERE id = ?');
  const log = ctx.log.child({ component: 'core' });
  return {
    handlers: {
      'app.info': () => ({
        kioskId: ctx.config.kioskId,
        hallName: ctx.config.hallName,
        version,
        devPanel: ctx.config.ui.devPanel,
        idle: { warnAfterSeconds: ctx.config.ui.idleWarnSeconds, resetAfterSeconds: ctx.config.ui.idleResetSeconds },
        townshipConfigured: ctx.config.township.url !== null,
        defaults: { textSize: ctx.config.ui.defaultTextSize, volume: ctx.config.ui.defaultVolume },
        attendantIdleSeconds: ctx.config.attendant.idleSignOutSeconds,
      }),
      'app.status': () => status.snapshot(),
      'app.clientLog': (input) => {
        log[input.level]('renderer-' + input.event, { detail: input.detail });
        return { ok: true as const };
      },
      'staff.call': (input) => {
        const calledAt = ctx.now().toISOString();
        const id = Number(insertCall.run(input.screen, calledAt).lastInsertRowid);
        log.warn('staff-called', { id, screen: input.screen, message: `someone at the kiosk asked for help (screen ${input.screen})` });
        return { id, calledAt };
      },
      'staff.callStatus': ({ id }) => {
        const row = getCall.get(id);
        return { found: row !== undefined, acknowledgedAt: row?.acknowledged_at ?? null };
      },
    },
  };
}
