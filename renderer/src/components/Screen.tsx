// The frame of every screen below home: a big heading and the page's main content.
import type { ReactElement, ReactNode } from 'react';
import { Icon, type IconName } from './Icon.js';

export function Screen({ icon, title, children, testId }: { icon: IconName; title: ReactNode; children: ReactNode; testId?: string }): ReactElement {
  return (
    <main className="screen" data-testid={testId ?? 'screen'}>
      <h1 className="screen__title">
        <Icon name={icon} size="1.1em" /> {title}
      </h1>
      {children}
    </main>
  );
}
