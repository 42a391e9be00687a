// Dashboard: every request saved on this kiosk today, newest first, with where it is
// (on the kiosk / at the township), masked phone and whether staff filed it.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttendantOverview } from '#contract/devices.js';

type Today = Extract<AttendantOverview, { result: 'ok' }>['today'];

function time(iso: string, lang: string): string {
  try {
    return new Date(iso).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
  } catch {
    return iso;
  }
}

export function TodayRequests({ today }: { today: Today }): ReactElement {
  const { t, i18n } = useTranslation('devices');
  const { t: tr } = useTranslation('requests');
  return (
    <section className="attendant-section" aria-labelledby="att-today">
      <h2 id="att-today" className="section-title">
        {t('attendant.today.title', { count: today.length })}
      </h2>
      {today.length === 0 ? (
        <p className="lead" data-testid="attendant-today-none">
          {t('attendant.today.none')}
        </p>
      ) : (
        <ul className="attendant-list" data-testid="attendant-today">
          {today.map((r) => {
            const state = r.township ?? (r.outbox === 'attempting' ? 'queued' : r.outbox);
            return (
              <li key={r.code} data-code={r.code} data-state={state}>
                <span>
                  <strong className="attendant-code" data-i18n-exempt="">{r.code}</strong> · {time(r.createdAt, i18n.language)} · {tr(`types.${r.type}.title`)} · {r.maskedPhone} · {tr(`statuses.${state}`)}
                  {r.assistedBy ? ` · ${t('attendant.today.assisted', { badge: r.assistedBy })}` : ''}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
