// A per-address limiter for the public status lookup (receipt codes are short: 23^8, so
// guessing must be slow): at most `max` lookups per address in a window of `windowMs` that
// starts at the address's first lookup.
//
// In the store (table rate_limits, township migration 007), so every township process behind a
// load balancer counts against one limit per address (in memory, N processes allowed N times
// the limit). Each lookup is ONE statement, an upsert whose CASE expressions read the row as it
// was (the way the login limits do it, officials.ts): atomic on SQLite and on PostgreSQL under
// READ COMMITTED alike, since two processes reading "one lookup left" and both writing would
// let both through. The count stops at max + 1 (a refused lookup), so it never grows.
// Rows whose window has ended are pruned about once per `pruneEveryMs`, so the table holds
// about one window's addresses (each a few dozen bytes).
//
// The address is the one Fastify reports (req.ip): the peer, or the client a trusted proxy
// forwarded (src/township/trusted-proxies.ts), so behind a load balancer each villager's phone
// is counted, not the balancer.
import type { SqlRunner } from '../store/sql-store.js';

export class AddressRateLimit {
  private lastPruneMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: SqlRunner,
    /** Which limit (`status`): the keys of different limits never meet. */
    private readonly name: string,
    private readonly max: number,
    private readonly windowMs: number,
    private readonly pruneEveryMs = 60_000,
  ) {}

  /** 0 when allowed (and counted), else the seconds to wait. */
  async take(address: string, nowMs: number): Promise<number> {
    const until = nowMs + this.windowMs;
    // (SET expressions see the row as it was before this statement, in both dialects.)
    const ended = `rate_limits.expires_ms <= ?`;
    const r = await this.store.get<{ count: number; expires_ms: number }>(
      `INSERT INTO rate_limits(key, count, expires_ms) VALUES (?, 1, ?)
       ON CONFLICT(key) DO UPDATE SET
         count = CASE WHEN ${ended} THEN 1 WHEN rate_limits.count > ? THEN rate_limits.count ELSE rate_limits.count + 1 END,
         expires_ms = CASE WHEN ${ended} THEN ? ELSE rate_limits.expires_ms END
       RETURNING count, expires_ms`,
      [`${this.name}:${address}`, until, nowMs, this.max, nowMs, until],
    );
    if (!r) throw new Error('the rate limit upsert returned no row');
    if (nowMs - this.lastPruneMs >= this.pruneEveryMs) {
      this.lastPruneMs = nowMs;
      await this.prune(nowMs);
    }
    if (Number(r.count) <= this.max) return 0;
    return Math.max(1, Math.ceil((Number(r.expires_ms) - nowMs) / 1000));
  }

  /** Forgets the keys whose window has ended (of every limit: such a row counts nothing). */
  async prune(nowMs: number): Promise<number> {
    return (await this.store.run(`DELETE FROM rate_limits WHERE expires_ms <= ?`, [nowMs])).changes;
  }
}
