// Where each routed scan takes the villager (hash paths of renderer/src/routes.tsx).
import type { ScanRoute } from '#contract/devices.js';

export function destinationOf(route: ScanRoute): string {
  switch (route.kind) {
    case 'household':
      return '/household';
    case 'receipt':
      return `/status/${encodeURIComponent(route.code)}`;
    case 'policy':
      return `/policies/${encodeURIComponent(route.id)}`;
    case 'job':
      return `/jobs/${encodeURIComponent(route.id)}`;
    case 'village':
      return '/policies';
    case 'badge':
      return '/attendant/pin';
    case 'enrolment':
      return '/attendant/settings';
    case 'url':
      return '/scan/link';
    case 'invalid-card':
    case 'unknown':
      return '/scan/unknown';
    case 'payment-code':
      return '/scan/payment';
    case 'id-number':
      return '/scan/id-number';
  }
}

/** Known codes get the "ok" tone; unknown ones and codes scanned by mistake a warning. */
export function isKnown(route: ScanRoute): boolean {
  return route.kind !== 'unknown' && route.kind !== 'invalid-card' && route.kind !== 'payment-code' && route.kind !== 'id-number';
}
