// Every control is a big button with an icon and a text label: single tap, no hover needed.
// A pressed (chosen) button shows a check mark, so colour is never the only cue.
import type { ReactElement, ReactNode } from 'react';
import { Icon, type IconName } from './Icon.js';

export interface BigButtonProps {
  icon: IconName;
  children: ReactNode;
  onClick?: () => void;
  variant?: 'primary' | 'secondary' | 'danger' | 'plain';
  disabled?: boolean;
  pressed?: boolean;
  className?: string;
  type?: 'button' | 'submit';
  testId?: string;
  describedBy?: string;
  lang?: string;
}

export function BigButton(props: BigButtonProps): ReactElement {
  const { icon, children, onClick, variant = 'secondary', disabled, pressed, className, type = 'button', testId, describedBy, lang } = props;
  return (
    <button
      type={type}
      className={`big-button big-button--${variant}${className ? ' ' + className : ''}`}
      onClick={onClick}
      disabled={disabled}
      aria-pressed={pressed}
      aria-describedby={describedBy}
      data-testid={testId}
      lang={lang}
    >
      <Icon name={pressed ? 'check' : icon} />
      <span className="big-button__label">{children}</span>
    </button>
  );
}
