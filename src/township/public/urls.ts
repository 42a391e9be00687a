// The public (phone) URLs, shared by the phone pages, posters, stickers and village codes.
// Each poster URL carries the kiosk's own code in ?vk=, so one QR opens the phone page on a
// phone and the policy (or job, or village) on a kiosk (src/scan/route.ts).
export function publicBase(configured: string | null, serverUrl: string): string {
  return (configured ?? serverUrl).replace(/\/+$/, '');
}

export const policyPath = (id: string) => `/policies/${encodeURIComponent(id)}`;
export const jobPath = (id: string) => `/jobs/${encodeURIComponent(id)}`;
export const villagePath = (name: string) => `/villages/${encodeURIComponent(name)}`;
export const statusPath = (code?: string) => (code ? `/status/${encodeURIComponent(code)}` : '/status');

/** The poster/sticker QR text: the phone page, with the kiosk code inside. */
export function posterUrl(base: string, kind: 'policy' | 'job' | 'village', id: string): string {
  const p = kind === 'policy' ? policyPath(id) : kind === 'job' ? jobPath(id) : villagePath(id);
  return `${base}${p}?vk=VKP:${kind}:${encodeURIComponent(id)}`;
}
