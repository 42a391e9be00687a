// HID POS (usage page 0x8C) report reassembly. A scan arrives as one or more fixed-size
// input reports; where the length, AIM symbology id, data and "more follows" flag sit depends
// on the model, so the offsets live in per-model profiles selected by vendor/product id.
export const HID_POS_USAGE_PAGE = 0x8c;

export interface HidPosProfile {
  name: string;
  /** Vendor id this profile applies to; null = the generic fallback. */
  vendorId: number | null;
  /** Product ids (empty = every product of the vendor). */
  productIds: number[];
  reportId: number;
  lengthOffset: number;
  /** Where the 3-byte AIM id (e.g. "]Q1") sits in each report; null = not in the report. */
  aimOffset: number | null;
  dataOffset: number;
  maxDataPerReport: number;
  more: { offset: number; mask: number };
  /** Some scanners are set to prefix the AIM id to the data itself: strip "]Xn" at the start. */
  stripInlineAim: boolean;
  /**
   * The encoding this model sends, when it is known and fixed (a model set to convert to
   * GB18030, say). Absent: guessed per scan (src/scan/encoding-guess.ts). Config
   * devices.scanner.encoding overrides it.
   */
  encoding?: 'utf-8' | 'gb18030';
}

/** The layout several vendors' manuals share (docs/hardware.md, HID POS mode). */
export const GENERIC_PROFILE: HidPosProfile = {
  name: 'generic-hid-pos',
  vendorId: null,
  productIds: [],
  reportId: 0x02,
  lengthOffset: 1,
  aimOffset: 2,
  dataOffset: 5,
  maxDataPerReport: 56,
  more: { offset: 63, mask: 0x01 },
  stripInlineAim: false,
};

/** Newland-style: data at bytes 2-57, vendor symbology id at 62, no AIM id in the report. */
export const NEWLAND_PROFILE: HidPosProfile = {
  name: 'newland-hid-pos',
  vendorId: 0x1eab,
  productIds: [],
  reportId: 0x02,
  lengthOffset: 1,
  aimOffset: null,
  dataOffset: 2,
  maxDataPerReport: 56,
  more: { offset: 63, mask: 0x01 },
  stripInlineAim: true,
};

export const HID_POS_PROFILES: readonly HidPosProfile[] = [NEWLAND_PROFILE, GENERIC_PROFILE];

export function profileFor(vendorId: number, productId: number, profiles: readonly HidPosProfile[] = HID_POS_PROFILES): HidPosProfile {
  return (
    profiles.find((p) => p.vendorId === vendorId && (p.productIds.length === 0 || p.productIds.includes(productId))) ??
    profiles.find((p) => p.vendorId === null) ??
    GENERIC_PROFILE
  );
}

export interface ReassembledScan {
  bytes: Uint8Array;
  aim: string | null;
  /** More bytes arrived than the limit; bytes holds the first limit+1 so decoding says too-long. */
  overflow: boolean;
}

const INLINE_AIM = /^\][A-Za-z][0-9A-Za-z]/;

/**
 * Feeds reports in, gets whole scans out. Reports with another report id are ignored; a
 * sequence that stalls (no final report within staleMs) is dropped.
 */
export class HidPosReassembler {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private aim: string | null = null;
  private lastAt = 0;
  private overflow = false;

  constructor(
    private readonly profile: HidPosProfile,
    private readonly opts: { maxBytes: number; staleMs?: number; now?: () => number } = { maxBytes: 4096 },
  ) {}

  push(report: Uint8Array): ReassembledScan | null {
    const p = this.profile;
    const now = (this.opts.now ?? Date.now)();
    if (this.chunks.length && now - this.lastAt > (this.opts.staleMs ?? 1000)) this.reset();
    this.lastAt = now;
    if (report.length <= p.lengthOffset || report[0] !== p.reportId) return null;
    const declared = report[p.lengthOffset]!;
    const len = Math.max(0, Math.min(declared, p.maxDataPerReport, report.length - p.dataOffset));
    if (this.chunks.length === 0 && p.aimOffset !== null && report.length >= p.aimOffset + 3) {
      const a = report.subarray(p.aimOffset, p.aimOffset + 3);
      this.aim = a[0] === 0x5d ? String.fromCharCode(...a) : null;
    }
    const data = report.subarray(p.dataOffset, p.dataOffset + len);
    if (this.size + data.length > this.opts.maxBytes) {
      this.overflow = true;
      const room = Math.max(0, this.opts.maxBytes + 1 - this.size);
      if (room > 0) {
        this.chunks.push(data.slice(0, room));
        this.size += Math.min(room, data.length);
      }
    } else {
      this.chunks.push(data.slice());
      this.size += data.length;
    }
    const more = report.length > p.more.offset && (report[p.more.offset]! & p.more.mask) !== 0;
    if (more) return null;
    let bytes = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    const aim = this.aim;
    const overflow = this.overflow;
    this.reset();
    let inlineAim: string | null = null;
    if (p.stripInlineAim && bytes.length >= 3 && INLINE_AIM.test(String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!))) {
      inlineAim = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!);
      bytes = bytes.slice(3);
    }
    if (bytes.length === 0) return null;
    return { bytes, aim: aim ?? inlineAim, overflow };
  }

  reset(): void {
    this.chunks = [];
    this.size = 0;
    this.aim = null;
    this.overflow = false;
  }
}

/** Builds the reports a scanner with this profile would send for a payload (fixtures, fakes). */
export function encodeHidPosReports(payload: Uint8Array, profile: HidPosProfile = GENERIC_PROFILE, aim = ']Q1', reportSize = 64): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < payload.length || i === 0; i += profile.maxDataPerReport) {
    const chunk = payload.subarray(i, i + profile.maxDataPerReport);
    const r = new Uint8Array(reportSize);
    r[0] = profile.reportId;
    r[profile.lengthOffset] = chunk.length;
    if (profile.aimOffset !== null) for (let k = 0; k < 3; k++) r[profile.aimOffset + k] = aim.charCodeAt(k);
    r.set(chunk, profile.dataOffset);
    if (i + profile.maxDataPerReport < payload.length) r[profile.more.offset]! |= profile.more.mask;
    out.push(r);
    if (payload.length === 0) break;
  }
  return out;
}
