// Kiosk enrolment QR (issue 12): the township prints it (`npm run township -- issue-token
// <kioskId> --qr FILE.svg`, or the officials' "Kiosks" page right after issuing a token) and
// the attendant scans it from the kiosk's settings screen. It carries everything the kiosk
// needs to talk to the township: its id, its token, the township's public key and address.
//
//   VKE1:<base64url(JSON {"kioskId", "token", "publicKey", "url"})>
//
// The token is a secret: the payload is never logged or shown; the kiosk stores it in its
// settings overlay (kiosk_settings, migration 007) like any other setting.
import { z } from 'zod';

export const ENROLMENT_PREFIX = 'VKE1:';

export const EnrolmentPayload = z
  .object({
    kioskId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
    token: z.string().min(16).max(200),
    publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
    url: z.string().url().regex(/^https?:\/\//i, 'an http(s) URL').max(300),
  })
  .strict();
export type EnrolmentPayload = z.infer<typeof EnrolmentPayload>;

export function encodeEnrolment(p: EnrolmentPayload): string {
  return ENROLMENT_PREFIX + Buffer.from(JSON.stringify(EnrolmentPayload.parse(p)), 'utf8').toString('base64url');
}

export type EnrolmentDecode = { ok: true; payload: EnrolmentPayload } | { ok: false; message: string };

export function decodeEnrolment(text: string): EnrolmentDecode {
  if (!text.startsWith(ENROLMENT_PREFIX)) return { ok: false, message: 'this is not a kiosk enrolment code (it does not start with VKE1:)' };
  const body = text.slice(ENROLMENT_PREFIX.length);
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(body)) return { ok: false, message: 'the enrolment code is damaged (not base64url)' };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, message: 'the enrolment code is damaged (not JSON)' };
  }
  const p = EnrolmentPayload.safeParse(json);
  if (!p.success) return { ok: false, message: `the enrolment code is not valid: ${p.error.issues[0]?.path.join('.') || 'code'} ${p.error.issues[0]?.message ?? ''}`.trim() };
  return { ok: true, payload: p.data };
}
