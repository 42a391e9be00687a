// The household page's list: requests filed with a household card on this kiosk (their
// contact.householdId), newest first, with the status the timeline shows. Only code, type
// and status: the page is shown to whoever holds the card, so no phone and no name.
import type { HouseholdRequestsOutput } from '../contract/requests.js';
import type { RuntimeContext, RuntimeModule } from '../core/module.js';
import type { RequestType } from '../protocol/relay.js';
import { getStatusByCode } from './views.js';

export function householdRequests(ctx: RuntimeContext, householdId: string): HouseholdRequestsOutput {
  const rows = ctx.db.prepare(`SELECT code, type FROM requests WHERE household_id = ? ORDER BY created_ms DESC LIMIT 50`).all(householdId) as Array<{ code: string; type: RequestType }>;
  const nowMs = ctx.now().getTime();
  const items: HouseholdRequestsOutput['items'] = [];
  for (const r of rows) {
    const v = getStatusByCode(ctx.db, r.code, nowMs, 0);
    if (!v) continue;
    const last = v.timeline[v.timeline.length - 1];
    items.push({ id: v.id, code: r.code, type: r.type, createdAt: v.createdAt ?? last?.at ?? '', current: v.current, updatedAt: last?.at ?? v.createdAt ?? '' });
  }
  return { items };
}

export function createHouseholdRequestsModule(ctx: RuntimeContext): RuntimeModule<'requests.forHousehold'> {
  return { handlers: { 'requests.forHousehold': ({ householdId }) => householdRequests(ctx, householdId) } };
}
