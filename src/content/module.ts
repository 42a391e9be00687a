// The content module: policies and jobs for the screens (search, browse, detail), loading
// the embedded sample set on first run. Sync lives in src/sync/.
import QRCode from 'qrcode';
import type { RuntimeContext, RuntimeModule } from '../core/module.js';
import { asOfFrom, readSyncState } from './sync-state.js';
import { loadEmbeddedContent } from './embedded.js';
import { createContentStore } from './store.js';
import type { PolicyBody } from '../protocol/content.js';

export type ContentCalls = 'content.searchPolicies' | 'content.categories' | 'content.policiesFor' | 'content.policy' | 'content.searchJobs' | 'content.jobFacets' | 'content.job' | 'content.suggest';

export interface ContentModuleOptions {
  /** Folder holding policies.json and jobs.json (default resources/content). */
  embeddedDir?: string;
}

async function qrFor(publicUrl: string | null, kind: 'policies' | 'jobs', id: string): Promise<{ url: string; dataUrl: string } | null> {
  if (!publicUrl) return null;
  const url = `${publicUrl.replace(/\/+$/, '')}/${kind}/${encodeURIComponent(id)}`;
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } });
  return { url, dataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

export function createContentModule(ctx: RuntimeContext, opts: ContentModuleOptions = {}): RuntimeModule<ContentCalls> {
  const store = createContentStore(ctx.db);
  const log = ctx.log.child({ component: 'content' });
  const asOf = () => asOfFrom(readSyncState(ctx.db));
  const publicUrl = ctx.config.township.publicUrl;
  return {
    start() {
      const reindexed = store.ensurePinyinIndexed();
      if (reindexed > 0) log.info('content-pinyin-reindexed', { rows: reindexed });
      loadEmbeddedContent(ctx.db, store, log, ctx.now(), opts.embeddedDir);
    },
    handlers: {
      'content.searchPolicies': (q) => ({ ...store.searchPolicies(q), asOf: asOf() }),
      'content.categories': () => ({ categories: store.categories(), asOf: asOf() }),
      'content.policiesFor': ({ tags, limit }) => {
        const found = store.policiesForTags(tags, limit);
        const officials = new Map<string, PolicyBody['official']>();
        for (const p of found) officials.set(`${p.body.official.name['zh-CN']}|${p.body.official.phone}`, p.body.official);
        return { items: found.map((p) => p.summary), officials: [...officials.values()], asOf: asOf() };
      },
      'content.policy': async ({ id }) => {
        const p = store.policy(id);
        if (!p) return { found: false as const, id };
        return { found: true as const, id: p.id, version: p.version, policy: p.body, qr: await qrFor(publicUrl, 'policies', p.id), asOf: asOf() };
      },
      'content.searchJobs': (q) => ({ ...store.searchJobs(q, ctx.now()), asOf: asOf() }),
      'content.jobFacets': () => ({ counties: store.counties(ctx.now()).map((c) => ({ county: c.county, name: { 'zh-CN': c.county, en: c.countyEn }, count: c.count })), asOf: asOf() }),
      'content.suggest': ({ kind, query, limit }) => ({ words: store.suggest(kind, query.slice(0, 200), limit) }),
      'content.job': async ({ id }) => {
        const j = store.job(id, ctx.now());
        if (!j) return { found: false as const, id, reason: 'missing' as const };
        if (j.expired) return { found: false as const, id, reason: 'expired' as const };
        return { found: true as const, id: j.id, version: j.version, job: j.body, qr: await qrFor(publicUrl, 'jobs', j.id), asOf: asOf() };
      },
    },
  };
}
