// A full-attention dialog for the few moments that need one (staff called, idle warning).
import { useEffect, useId, useRef, type ReactElement, type ReactNode } from 'react';
import { Icon, type IconName } from './Icon.js';

export function Modal({ icon, title, children, actions, testId }: { icon: IconName; title: string; children: ReactNode; actions: ReactNode; testId?: string }): ReactElement {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, []);
  return (
    <div className="modal-backdrop">
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby={titleId} ref={ref} data-testid={testId}>
        <h2 id={titleId} className="modal__title">
          <Icon name={icon} size="1.2em" /> {title}
        </h2>
        <div className="modal__body">{children}</div>
        <div className="modal__actions">{actions}</div>
      </div>
    </div>
  );
}
