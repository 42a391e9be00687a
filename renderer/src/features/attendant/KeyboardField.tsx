// A text field on the attendant's and developer's screens, filled with the kiosk's own
// on-screen keyboard (a kiosk has no physical keyboard; inputMode="none" keeps the system's
// touch keyboard away). A tap on the field or its keyboard button opens the keyboard below
// it. For Chinese text the letters spell pinyin and a candidate bar offers words from the
// content's own titles, as in the search box. A hall keyboard or IME still works.
import { useId, useState, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../components/Button.js';
import { OnScreenKeyboard } from '../../components/OnScreenKeyboard.js';
import { applyCandidate, useCandidates } from '../content/SearchBox.js';

export interface KeyboardFieldProps {
  label: ReactNode;
  value: string;
  onChange: (v: string) => void;
  max: number;
  testId: string;
  lang?: string;
  /** Extra keys for this field, e.g. ":/.-" for a web address. */
  extraKeys?: string;
  /** Offer Chinese words for what is spelt in pinyin. */
  chinese?: boolean;
}

function Candidates({ draft, onPick, testId }: { draft: string; onPick: (v: string) => void; testId: string }): ReactElement {
  const { t } = useTranslation('devices');
  const words = useCandidates('policy', draft);
  return (
    <div className="keyboard-field__candidates" role="group" aria-label={t('keyboardField.candidates')} aria-live="polite" data-testid={`${testId}-candidates`}>
      {words.length > 0 ? (
        words.map((w) => (
          <BigButton key={w} icon="plus" onClick={() => onPick(applyCandidate(draft, w))} testId={`${testId}-candidate`} lang="zh-CN">
            {w}
          </BigButton>
        ))
      ) : (
        <p className="keyboard-field__hint">{t('keyboardField.pinyinHint')}</p>
      )}
    </div>
  );
}

export function KeyboardField({ label, value, onChange, max, testId, lang, extraKeys, chinese }: KeyboardFieldProps): ReactElement {
  const { t } = useTranslation('devices');
  const id = useId();
  const [open, setOpen] = useState(false);
  const set = (v: string) => onChange([...v].slice(0, max).join(''));
  return (
    <div className="keyboard-field">
      <label className="dev-field" htmlFor={id}>
        <span id={`${id}-label`}>{label}</span>
        <input id={id} value={value} onChange={(e) => set(e.target.value)} onClick={() => setOpen(true)} maxLength={max} inputMode="none" autoComplete="off" data-testid={testId} lang={lang} />
      </label>
      {open ? (
        <>
          {chinese ? <Candidates draft={value} onPick={set} testId={testId} /> : null}
          <OnScreenKeyboard value={value} onChange={set} onClose={() => setOpen(false)} max={max} testId={`${testId}-keyboard`} extraKeys={extraKeys} />
        </>
      ) : (
        <BigButton icon="keyboard" onClick={() => setOpen(true)} testId={`${testId}-keyboard-open`} describedBy={`${id}-label`}>
          {t('keyboardField.open')}
        </BigButton>
      )}
    </div>
  );
}
