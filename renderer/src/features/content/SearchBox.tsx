// The search field: big quick-topic buttons, and a field the villager fills with the
// on-screen keyboard that opens with it (no physical keyboard anywhere). Letters are
// searched as pinyin or English: butie, bt and bu贴 all find 补贴. A candidate bar offers
// words from the content's own titles for what is being spelt (bt -> 补贴, 补贴和护理补贴 ...);
// a tap puts the word in place of the letters. A hall keyboard or IME still works: while an
// IME is composing, nothing is searched until the characters are chosen.
import { useEffect, useId, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../components/Button.js';
import { Icon } from '../../components/Icon.js';
import { OnScreenKeyboard } from '../../components/OnScreenKeyboard.js';
import { useKiosk } from '../../kiosk-context.js';
import { markSearchInput } from './useSearch.js';

export const MAX_INPUT_CHARS = 100;

/** The query with its last term replaced by the chosen word ("补贴 sq" + 申请 -> "补贴 申请"). */
export function applyCandidate(query: string, word: string): string {
  const m = /[\p{L}\p{N}]+[^\p{L}\p{N}]*$/u.exec(query);
  return m ? `${query.slice(0, m.index)}${word}` : word;
}

/** Candidate words for the last term, from content.suggest; stale answers are dropped. */
export function useCandidates(kind: 'policy' | 'job', query: string): string[] {
  const { client } = useKiosk();
  const [words, setWords] = useState<{ query: string; words: string[] }>({ query: '', words: [] });
  const seq = useRef(0);
  const spelling = /[a-z][^\p{L}\p{N}]*$/iu.test(query);
  useEffect(() => {
    if (!spelling) return;
    const mine = ++seq.current;
    client
      .call('content.suggest', { kind, query })
      .then((r) => mine === seq.current && setWords({ query, words: r.words }))
      .catch(() => mine === seq.current && setWords({ query, words: [] }));
  }, [client, kind, query, spelling]);
  return spelling && words.query === query ? words.words : [];
}

export function SearchBox({ value, onChange, terms, testId, kind }: { value: string; onChange: (v: string) => void; terms: string[]; testId: string; kind: 'policy' | 'job' }): ReactElement {
  const { t } = useTranslation('content');
  const id = useId();
  const [draft, setDraft] = useState(value);
  const [keyboard, setKeyboard] = useState(false);
  const composing = useRef(false);
  const typing = useRef<HTMLDivElement>(null);
  // On a short panel the keyboard opens below the fold: bring it (and the field) into view.
  useEffect(() => {
    if (keyboard) typing.current?.scrollIntoView({ block: 'nearest' });
  }, [keyboard]);
  const candidates = useCandidates(kind, draft);
  const commit = (v: string) => {
    markSearchInput();
    onChange(v);
  };
  const set = (v: string) => {
    setDraft(v);
    commit(v);
  };
  return (
    <section className="content-search" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="content-section-title">
        <Icon name="search" /> {t('search.heading')}
      </h2>
      <div className="content-search__terms" role="group" aria-label={t('search.commonTerms')}>
        {terms.map((term) => (
          <BigButton key={term} icon="search" pressed={value === term} onClick={() => set(term)} testId={`term-${term}`}>
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
          inputMode="none"
          enterKeyHint="search"
          data-testid={`${testId}-input`}
          onClick={() => setKeyboard(true)}
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
        {!keyboard && (
          <BigButton icon="keyboard" onClick={() => setKeyboard(true)} testId={`${testId}-keyboard-open`}>
            {t('search.type')}
          </BigButton>
        )}
        {draft && (
          <BigButton icon="close" onClick={() => set('')} testId={`${testId}-clear`}>
            {t('search.clear')}
          </BigButton>
        )}
      </div>
      {keyboard && (
        <div className="content-search__typing" ref={typing}>
          <div className="content-search__candidates" role="group" aria-label={t('search.candidates')} aria-live="polite" data-testid={`${testId}-candidates`}>
            {candidates.length > 0 ? (
              candidates.map((w) => (
                <BigButton key={w} icon="plus" onClick={() => set(applyCandidate(draft, w))} testId={`${testId}-candidate`} lang={/\p{Script=Han}/u.test(w) ? 'zh-CN' : 'en'}>
                  {w}
                </BigButton>
              ))
            ) : (
              <p className="content-search__hint">{t('search.pinyinHint')}</p>
            )}
          </div>
          <OnScreenKeyboard value={draft} onChange={set} onClose={() => setKeyboard(false)} max={MAX_INPUT_CHARS} testId={`${testId}-keyboard`} />
        </div>
      )}
    </section>
  );
}
