// A per-address limiter for the public status lookup (receipt codes are short: 23^8, so
// guessing must be slow). Sliding window of `max` lookups per `windowMs` per address; in
// memory, bounded in size.
export class AddressRateLimit {
  private readonly hits = new Map<string, number[]>();
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly maxAddresses = 50_000,
  ) {}

  /** 0 when allowed (and counted), else seconds to wait. */
  take(address: string, nowMs: number): number {
    const from = nowMs - this.windowMs;
    const list = (this.hits.get(address) ?? []).filter((t) => t > from);
    if (list.length >= this.max) {
      this.hits.set(address, list);
      return Math.max(1, Math.ceil((list[0]! + this.windowMs - nowMs) / 1000));
    }
    list.push(nowMs);
    this.hits.delete(address);
    this.hits.set(address, list);
    if (this.hits.size > this.maxAddresses) {
      const oldest = this.hits.keys().next().value;
      if (oldest !== undefined) this.hits.delete(oldest);
    }
    return 0;
  }
}
