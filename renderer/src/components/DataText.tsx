// A catalogue string with values in it that are not words of the screen's language (a badge
// id, an attendant's name, a kiosk id, a screen's address, a message from the runtime). The
// catalogue marks each value as <data>{{value}}</data>; it is rendered in a span marked
// data-i18n-exempt, so the sweep's "text not in this language" check knows it is data.
import type { ReactElement } from 'react';
import { Trans, useTranslation } from 'react-i18next';

export function DataText({ ns, k, values }: { ns: string; k: string; values: Record<string, string | number> }): ReactElement {
  const { t } = useTranslation(ns);
  return <Trans t={t} i18nKey={k} values={values} components={{ data: <span data-i18n-exempt="" /> }} />;
}
