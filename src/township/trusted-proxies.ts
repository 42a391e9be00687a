// The township behind a TLS proxy (nginx, Caddy): which peers may tell us the client's
// address (X-Forwarded-For) and scheme (X-Forwarded-Proto). Only these; from anyone else the
// headers are ignored, so a client cannot pick the address its login attempts count against.
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';

/** One entry: an IPv4/IPv6 address or a CIDR block (10.0.0.0/8, fd00::/8). */
export const TrustedProxyEntry = z.string().refine((s) => parseEntry(s) !== null, { message: 'expected an IP address or a CIDR block such as 10.0.0.0/8' });

function parseEntry(s: string): { address: string; prefix: number | null; family: 'ipv4' | 'ipv6' } | null {
  const [address = '', prefixText, extra] = s.trim().split('/');
  if (extra !== undefined) return null;
  const v = isIP(address);
  if (v === 0) return null;
  const family = v === 4 ? 'ipv4' : 'ipv6';
  if (prefixText === undefined) return { address, prefix: null, family };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix > (v === 4 ? 32 : 128)) return null;
  return { address, prefix, family };
}

/** A list in the config file, or comma-separated in TOWNSHIP_TRUST_PROXY. Empty: trust nobody. */
export const TrustProxySetting = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()).filter(Boolean) : v),
  z.array(TrustedProxyEntry).max(64),
);

export interface TrustedProxies {
  /** For fastify's trustProxy option: false when nobody is trusted. */
  fastifyOption: string[] | false;
  isTrusted(address: string | undefined): boolean;
}

export function trustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const e of entries) {
    const p = parseEntry(e)!;
    if (p.prefix === null) list.addAddress(p.address, p.family);
    else list.addSubnet(p.address, p.prefix, p.family);
  }
  return {
    fastifyOption: entries.length ? [...entries] : false,
    isTrusted(address) {
      if (!address || entries.length === 0) return false;
      const a = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
      const v = isIP(a);
      return v !== 0 && list.check(a, v === 4 ? 'ipv4' : 'ipv6');
    },
  };
}
