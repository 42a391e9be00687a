// The "读给我听 / Read aloud" bar at the top of a content screen: one big button that reads
// the screen's main content in order (and becomes Stop while reading), the volume steps,
// and a line that says in words what is happening, or that read-aloud is not set up here.
import { useEffect, useRef, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../components/Button.js';
import { Icon } from '../../components/Icon.js';
import { collectParts } from './parts.js';
import { useSpeech, type SpeechSourceRef } from './SpeechProvider.js';
import { VolumeControl } from './VolumeControl.js';
import './speech.css';

/**
 * `step`: a screen that changes in place (a request form's steps) passes its step; once the
 * villager has used read-aloud, each new step is read by itself (voice guidance).
 */
export function ReadAloud({ source, step }: { source?: SpeechSourceRef; step?: number | string }): ReactElement | null {
  const { t, i18n } = useTranslation('speech');
  const speech = useSpeech();
  const barRef = useRef<HTMLDivElement>(null);
  const mine = useRef(false);
  const speechRef = useRef(speech);
  speechRef.current = speech;
  // Leaving the screen stops its reading.
  useEffect(
    () => () => {
      if (mine.current) speechRef.current?.stop();
    },
    [],
  );
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const engineKind = speech?.capability ? speech.engineFor(lang).kind : null;
  // When the screen opens, its first sentence is synthesised ahead of a tap.
  useEffect(() => {
    const root = barRef.current?.closest('main');
    if (engineKind !== 'runtime' || !root) return;
    speechRef.current?.prefetch(collectParts(root, t('listSeparator')), lang, source ?? null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [engineKind, lang, source?.kind, source?.id]);
  // Voice guidance: a new step is read without another tap while the villager is being guided.
  const lastStep = useRef(step);
  useEffect(() => {
    if (lastStep.current === step) return;
    lastStep.current = step;
    const s = speechRef.current;
    const root = barRef.current?.closest('main');
    if (!s?.guided || !root) return;
    mine.current = true;
    s.read(collectParts(root, t('listSeparator')), lang, source ?? null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [step]);
  if (!speech) return null;
  const engine = speech.engineFor(lang);
  const notSetUp = speech.capability !== null && engine.kind === 'none';
  const state = mine.current ? speech.state : { kind: 'idle' as const };
  const busy = state.kind === 'reading' || state.kind === 'loading';

  const start = () => {
    if (!speech.capability) return; // a moment after start-up: the answer is on its way
    const root = barRef.current?.closest('main') ?? document.body;
    mine.current = true;
    speech.setGuided(true);
    speech.read(collectParts(root, t('listSeparator')), lang, source ?? null, true);
  };

  const status = state.kind === 'idle' ? '' : t(`status.${state.kind}`);
  return (
    <div className="speech-bar" ref={barRef} data-speak-skip="" data-testid="read-aloud-bar" data-engine={speech.capability ? engine.kind : 'unknown'}>
      {busy ? (
        <BigButton
          icon="stop"
          variant="danger"
          onClick={() => {
            speech.setGuided(false);
            speech.stop();
          }}
          testId="read-aloud-stop"
          className="speech-bar__button"
        >
          {t('bar.stop')}
        </BigButton>
      ) : (
        <BigButton icon="speaker" variant="primary" onClick={start} testId="read-aloud" className="speech-bar__button">
          <span>{t('bar.read')}</span>
          {notSetUp && <span className="speech-bar__hint">{t('bar.notSetUpShort')}</span>}
        </BigButton>
      )}
      <VolumeControl />
      <p className="speech-bar__status" role="status" data-testid="read-aloud-status" data-state={state.kind}>
        {status && (
          <>
            <Icon name={state.kind === 'failed' || state.kind === 'not-set-up' ? 'warning' : 'speaker'} /> {status}
          </>
        )}
      </p>
    </div>
  );
}
