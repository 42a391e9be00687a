// On-screen keypads: digits for phone numbers, the code alphabet for receipt codes.
// Big keys, single taps, no typing on a physical keyboard needed.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../components/Button.js';
import { CODE_ALPHABET } from '#protocol/relay.js';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

export function Keypad({ keys, value, max, onChange, label, testId }: { keys: string[]; value: string; max: number; onChange: (v: string) => void; label: string; testId: string }): ReactElement {
  const { t } = useTranslation('requests');
  return (
    <div className="req-keypad" role="group" aria-label={label} data-testid={testId}>
      <div className={`req-keypad__keys req-keypad__keys--${keys.length > 12 ? 'wide' : 'digits'}`}>
        {keys.map((k) => (
          <button key={k} type="button" className="req-keypad__key" disabled={value.length >= max} onClick={() => onChange(value + k)} data-testid={`${testId}-key-${k}`}>
            {k}
          </button>
        ))}
      </div>
      <div className="req-keypad__edit">
        <BigButton icon="back" onClick={() => onChange(value.slice(0, -1))} disabled={!value} testId={`${testId}-delete`}>
          {t('keypad.delete')}
        </BigButton>
        <BigButton icon="close" onClick={() => onChange('')} disabled={!value} testId={`${testId}-clear`}>
          {t('keypad.clear')}
        </BigButton>
      </div>
    </div>
  );
}

export function DigitKeypad(props: { value: string; onChange: (v: string) => void; label: string; testId: string }): ReactElement {
  return <Keypad keys={DIGITS} max={12} {...props} />;
}

export function CodeKeypad(props: { value: string; onChange: (v: string) => void; label: string; testId: string }): ReactElement {
  return <Keypad keys={[...CODE_ALPHABET]} max={8} {...props} />;
}
