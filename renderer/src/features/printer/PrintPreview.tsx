// A picture of exactly what a receipt, slip or stored job prints (printer.preview), for the
// attendant screen. The SVG comes from the runtime's own layout; it is shown as an image
// (data: URL), so nothing in it can run.
import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallInput } from '#contract/index.js';
import { useKiosk } from '../../kiosk-context.js';
import './printer.css';

export function PrintPreview({ target }: { target: CallInput<'printer.preview'>['target'] }): ReactElement | null {
  const { t, i18n } = useTranslation('devices');
  const { client } = useKiosk();
  const [svg, setSvg] = useState<string | null>(null);
  const key = JSON.stringify(target);
  useEffect(() => {
    let live = true;
    client
      .call('printer.preview', { target, lang: i18n.language === 'en' ? 'en' : 'zh-CN' })
      .then((r) => live && setSvg(r.ok ? r.svg : null))
      .catch(() => live && setSvg(null));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key, i18n.language]);
  if (!svg) return null;
  return <img className="print-preview" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`} alt={t('printer.previewAlt')} data-testid="print-preview" />;
}
