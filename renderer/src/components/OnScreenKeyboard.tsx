// The on-screen keyboard of the search box: letters (for pinyin or English), digits, space,
// backspace and clear, every key at least 64 px. The kiosk has no physical keyboard; the
// text field itself is inputMode="none" so the system's own touch keyboard never pops up.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from './Button.js';

const ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

export interface OnScreenKeyboardProps {
  value: string;
  onChange: (v: string) => void;
  onClose: () => void;
  max: number;
  testId: string;
  /** One more row of keys, e.g. ":/.-_" for a web address (each key types itself). */
  extraKeys?: string;
}

export function OnScreenKeyboard({ value, onChange, onClose, max, testId, extraKeys }: OnScreenKeyboardProps): ReactElement {
  const { t } = useTranslation();
  const full = [...value].length >= max;
  return (
    <div className="osk" role="group" aria-label={t('keyboard.label')} data-testid={testId}>
      {[...ROWS, ...(extraKeys ? [extraKeys] : [])].map((row) => (
        <div key={row} className="osk__row">
          {[...row].map((k) => (
            <button key={k} type="button" className="osk__key" disabled={full} onClick={() => onChange(value + k)} data-testid={`${testId}-key-${k}`}>
              {k}
            </button>
          ))}
        </div>
      ))}
      <div className="osk__row osk__row--edit">
        <BigButton icon="space" onClick={() => onChange(value + ' ')} disabled={full || !value || value.endsWith(' ')} testId={`${testId}-space`} className="osk__space">
          {t('keyboard.space')}
        </BigButton>
        <BigButton icon="backspace" onClick={() => onChange([...value].slice(0, -1).join(''))} disabled={!value} testId={`${testId}-backspace`}>
          {t('keyboard.backspace')}
        </BigButton>
        <BigButton icon="close" onClick={() => onChange('')} disabled={!value} testId={`${testId}-clear`}>
          {t('keyboard.clear')}
        </BigButton>
        <BigButton icon="check" variant="primary" onClick={onClose} testId={`${testId}-done`}>
          {t('keyboard.done')}
        </BigButton>
      </div>
    </div>
  );
}
