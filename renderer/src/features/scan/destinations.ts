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
    case 'badge':
      return '/attendant/pin';
    case 'url':
      return '/scan/link';
    case 'invalid-card':
    case 'unknown':
      return '/scan/unknown';
  }
}

export function isKnown(route: ScanRoute): boolean {
  return route.kind !== 'unknown' && route.kind !== 'invalid-card';
}
