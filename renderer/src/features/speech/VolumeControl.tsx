// Volume for read-aloud, in big steps (quietest to loudest, 18 dB apart end to end). Self-
// contained: it works anywhere inside the SpeechProvider (the read-aloud bar, a settings
// panel). Each villager starts at the hall's default (speech.defaultVolume); the idle wipe
// puts it back.
import { useId, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../components/Button.js';
import { useSpeech } from './SpeechProvider.js';
import './speech.css';

const NAMED_STEPS = 4;

export function VolumeControl(): ReactElement | null {
  const { t } = useTranslation('speech');
  const speech = useSpeech();
  const labelId = useId(); // the control may be on the bar and in a settings panel at once
  if (!speech) return null;
  return (
    <div className="segmented speech-volume" role="group" aria-labelledby={labelId} data-testid="volume-control" data-step={speech.volumeStep + 1}>
      <span className="speech-volume__label" id={labelId}>
        {t('volume.label')}
      </span>
      {speech.volumeSteps.map((_, i) => (
        <BigButton key={i} icon="speaker" pressed={i === speech.volumeStep} onClick={() => speech.setVolumeStep(i)} testId={`volume-${i + 1}`} className="speech-volume__step">
          {speech.volumeSteps.length === NAMED_STEPS ? t(`volume.steps.${i}`) : t('volume.stepN', { n: i + 1 })}
        </BigButton>
      ))}
    </div>
  );
}
