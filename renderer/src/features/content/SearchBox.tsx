// The search field: big common-term buttons (the kiosk has no keyboard) plus a text field a
// hall keyboard or an on-screen IME can type into. Typing searches as you go; while an IME
// is composing (pinyin letters), nothing is searched until the characters are chosen.
import { useId, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../components/Button.js';
import { Icon } from '../../components/Icon.js';
import { markSearchInput } from './useSearch.js';

export const MAX_INPUT_CHARS = 100;

export function SearchBox({ value, onChange, terms, testId }: { value: string; onChange: (v: string) => void; terms: string[]; testId: string }): ReactElement {
  const { t } = useTranslation('content');
  const id = useId();
  const [draft, setDraft] = useState(value);
  const composing = useRef(false);
  const commit = (v: string) => {
    markSearchInput();
    onChange(v);
  };
  return (
    <section className="content-search" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="content-section-title">
        <Icon name="search" /> {t('search.heading')}
      </h2>
      <div className="content-search__terms" role="group" aria-label={t('search.commonTerms')}>
        {terms.map((term) => (
          <BigButton
            key={term}
            icon="search"
            pressed={value === term}
            onClick={() => {
              setDraft(term);
              commit(term);
            }}
            testId={`term-${term}`}
          >
            {term}
          </BigButton>
        ))}
      </div>
      <div className="content-search__field">
        <label htmlFor={id} className="content-search__label">
          {t('search.label')}
        </label>
        <input
          id={id}
          type="search"
          className="content-search__input"
          value={draft}
          maxLength={MAX_INPUT_CHARS}
          autoComplete="off"
          enterKeyHint="search"
          data-testid={`${testId}-input`}
          onChange={(e) => {
            setDraft(e.target.value);
            if (!composing.current) commit(e.target.value);
          }}
          onCompositionStart={() => (composing.current = true)}
          onCompositionEnd={(e) => {
            composing.current = false;
            commit(e.currentTarget.value);
          }}
        />
        {draft && (
          <BigButton
            icon="close"
            onClick={() => {
              setDraft('');
              commit('');
            }}
            testId={`${testId}-clear`}
          >
            {t('search.clear')}
          </BigButton>
        )}
      </div>
    </section>
  );
}
