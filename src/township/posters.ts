// Makes posters, sticker sheets and village codes for the CLI and the officials' page.
import type { JobBody, PolicyBody } from '../protocol/content.js';
import type { TownshipConfig } from './config.js';
import type { SqlRunner } from './store/sql-store.js';
import { getContent } from './content.js';
import { getOfficial, knownVillages, villageOfficial } from './accounts.js';
import { findPdfFont } from './pdf/font.js';
import { jobPoster, policyPoster, stickerSheet, villagePoster } from './pdf/poster-pdf.js';
import { posterUrl } from './public/urls.js';

export type PosterKind = 'policy' | 'job' | 'stickers' | 'village';
export const POSTER_KINDS: readonly PosterKind[] = ['policy', 'job', 'stickers', 'village'];

export type PosterResult = { ok: true; pdf: Buffer; qrText: string; filename: string } | { ok: false; status: 404 | 503; message: string };

/** The base URL phones reach: publicUrl, else this server's own address. */
export function publicBaseOf(config: TownshipConfig, serverUrl?: string): string {
  const own = serverUrl ?? `${config.http.tlsCertFile ? 'https' : 'http'}://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${config.http.port}`;
  return (config.publicUrl ?? own).replace(/\/+$/, '');
}

export async function makePoster(store: SqlRunner, config: TownshipConfig, base: string, kind: PosterKind, id: string, opts: { count?: number } = {}): Promise<PosterResult> {
  const font = findPdfFont(config.pdf.fontFile);
  if (!font.ok) return { ok: false, status: 503, message: font.message };
  if (kind === 'village') {
    if (!(await knownVillages(store)).includes(id)) return { ok: false, status: 404, message: `there is no village "${id.slice(0, 40)}" (add it on the households page, or register a household or kiosk there)` };
    const u = await villageOfficial(store, id);
    const o = u ? await getOfficial(store, u) : null;
    const qrText = posterUrl(base, 'village', id);
    return { ok: true, qrText, filename: `village-poster.pdf`, pdf: await villagePoster(font.font, config.name, id, o && !o.disabled ? { name: o.name, phone: o.phone } : null, qrText) };
  }
  const type = kind === 'job' ? 'job' : 'policy';
  const row = await getContent(store, type, id);
  if (!row || row.deleted) return { ok: false, status: 404, message: `there is no published ${type} "${id.slice(0, 64)}"` };
  const qrText = posterUrl(base, type, id);
  if (kind === 'job') return { ok: true, qrText, filename: `job-${id}.pdf`, pdf: await jobPoster(font.font, config.name, row.body as JobBody, qrText) };
  if (kind === 'stickers') return { ok: true, qrText, filename: `stickers-${id}.pdf`, pdf: await stickerSheet(font.font, row.body as PolicyBody, qrText, Math.min(Math.max(opts.count ?? 24, 1), 480)) };
  return { ok: true, qrText, filename: `policy-${id}.pdf`, pdf: await policyPoster(font.font, config.name, row.body as PolicyBody, qrText) };
}
