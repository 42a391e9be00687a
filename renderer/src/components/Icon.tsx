// Simple, bold line icons drawn inline, so every control has an icon that renders the same
// on every kiosk without an icon font. Icons are decorative: the text beside them is the label.
import type { ReactElement } from 'react';

const PATHS = {
  policy: 'M6 3h9l5 5v13H6z M15 3v5h5 M9 12h8 M9 16h8',
  jobs: 'M4 8h16v11H4z M9 8V5h6v3 M4 13h16',
  request: 'M12 4v16 M4 12h16',
  status: 'M4 5h16v14H4z M8 10l2.5 2.5L16 8 M8 16h8',
  home: 'M3 11l9-7 9 7 M6 10v10h12V10',
  back: 'M15 5l-7 7 7 7',
  language: 'M4 5h10 M9 3v2 M6 5c1 4 4 7 7 8 M12 5c-1 4-4 7-7 8 M13 20l4-9 4 9 M14.5 17h5',
  textSize: 'M3 19L8 6l5 13 M5 14h6 M15 19l3-8 3 8 M16 16.5h4',
  contrast: 'M12 3a9 9 0 1 0 0 18z M12 3a9 9 0 0 1 0 18',
  staff: 'M12 3a4 4 0 1 1 0 8 4 4 0 0 1 0-8z M4 21c0-4 4-7 8-7s8 3 8 7 M18 4l2-1 M19 8h2',
  check: 'M5 12l5 5 9-10',
  close: 'M6 6l12 12 M18 6L6 18',
  phone: 'M6 3h4l1 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 1v4a2 2 0 0 1-2 2A17 17 0 0 1 4 5a2 2 0 0 1 2-2z',
  search: 'M10 4a6 6 0 1 1 0 12 6 6 0 0 1 0-12z M15 15l5 5',
  print: 'M7 9V3h10v6 M5 9h14v8h-3 M8 17H5 M8 14h8v7H8z',
  qr: 'M4 4h6v6H4z M14 4h6v6h-6z M4 14h6v6H4z M14 14h2v2h-2z M18 18h2v2h-2z M14 18h2 M18 14h2',
  warning: 'M12 3l10 18H2z M12 10v5 M12 18v.5',
  clock: 'M12 3a9 9 0 1 1 0 18 9 9 0 0 1 0-18z M12 7v5l3 3',
  cloud: 'M7 18h10a4 4 0 0 0 .5-8 6 6 0 0 0-11.5 2A3 3 0 0 0 7 18z',
  cloudOff: 'M7 18h10a4 4 0 0 0 .5-8 6 6 0 0 0-11.5 2A3 3 0 0 0 7 18z M4 4l16 16',
  scanner: 'M4 8V5h3 M17 5h3v3 M20 16v3h-3 M7 19H4v-3 M7 12h10',
  stop: 'M6 6h12v12H6z',
  speaker: 'M4 9h4l5-4v14l-5-4H4z M16 9a4 4 0 0 1 0 6 M18.5 6.5a8 8 0 0 1 0 11',
  plus: 'M12 5v14 M5 12h14',
  minus: 'M5 12h14',
  next: 'M9 5l7 7-7 7',
  list: 'M8 6h12 M8 12h12 M8 18h12 M4 6h.5 M4 12h.5 M4 18h.5',
  filter: 'M4 5h16l-6 7v6l-4 2v-8z',
  user: 'M12 4a4 4 0 1 1 0 8 4 4 0 0 1 0-8z M4 21c0-4 4-7 8-7s8 3 8 7',
  house: 'M3 11l9-7 9 7 M6 10v10h12V10 M10 20v-6h4v6',
  lock: 'M6 11h12v10H6z M8 11V7a4 4 0 0 1 8 0v4',
  keypad: 'M5 4h3v3H5z M10.5 4h3v3h-3z M16 4h3v3h-3z M5 10h3v3H5z M10.5 10h3v3h-3z M16 10h3v3h-3z M5 16h3v3H5z M10.5 16h3v3h-3z M16 16h3v3h-3z',
  sprout: 'M12 21v-9 M12 12c0-4-3-7-8-7 0 5 3 7 8 7z M12 14c0-3 2-6 7-6 0 4-2 6-7 6z',
  scale: 'M12 3v18 M5 21h14 M4 8h16 M4 8l-2 6h4z M20 8l-2 6h4z',
  money: 'M3 6h18v12H3z M12 9a3 3 0 1 1 0 6 3 3 0 0 1 0-6z',
  help: 'M12 3a9 9 0 1 1 0 18 9 9 0 0 1 0-18z M9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .9-1 1.7 M12 17v.5',
  keyboard: 'M2 6h20v12H2z M6 10h.5 M10 10h.5 M14 10h.5 M18 10h.5 M7 14h10',
  backspace: 'M9 5h12v14H9l-6-7z M12 9l6 6 M18 9l-6 6',
  space: 'M4 11v4h16v-4',
  settings: 'M12 8a4 4 0 1 1 0 8 4 4 0 0 1 0-8z M12 2v3 M12 19v3 M2 12h3 M19 12h3 M4.9 4.9l2.1 2.1 M17 17l2.1 2.1 M4.9 19.1L7 17 M17 7l2.1-2.1',
  eye: 'M2 12c3-5 7-7 10-7s7 2 10 7c-3 5-7 7-10 7S5 17 2 12z M12 9a3 3 0 1 1 0 6 3 3 0 0 1 0-6z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = '1.4em' }: { name: IconName; size?: string }): ReactElement {
  return (
    <svg className="icon" data-icon={name} width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
