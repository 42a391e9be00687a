// Issue 11's officials' pages, registered from officials.ts with one line: households and
// cards, accounts and kiosk revocation, posters, follow-up (assignment, audit, dashboard,
// export, live alerts) and bulk import.
import type { FastifyInstance } from 'fastify';
import type { OfficialCtx } from './officials.js';
import { registerHouseholdPages } from './households-pages.js';
import { registerAccountPages } from './accounts-pages.js';
import { registerPosterPages } from './poster-pages.js';
import { registerFollowupPages } from './followup-pages.js';
import { registerImportPages } from './import-pages.js';

export function registerTownshipQrPages(app: FastifyInstance, ctx: OfficialCtx): void {
  registerHouseholdPages(app, ctx);
  registerAccountPages(app, ctx);
  registerPosterPages(app, ctx);
  registerFollowupPages(app, ctx);
  registerImportPages(app, ctx);
}
