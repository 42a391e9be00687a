// What espeak-ng's cmn-latn-pinyin voice reads as one Mandarin syllable: letters of a
// valid pinyin syllable followed by its tone digit 1-5 (5 = neutral). A digit anywhere else
// ("1", "3 ge4", "x2") is read aloud as a number, so nothing else may be handed to it.
export { isToneSyllable } from '../protocol/pronunciations.js';

/** Punctuation tokens the pinyin text may carry (espeak-ng pauses on them). */
export const PAUSES = new Set([',', '.', '?', '!']);
