// A defined screen instead of a blank page when a screen crashes: say so plainly, log it,
// and offer the way back home and the staff button.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Trans } from 'react-i18next';
import type { KioskClient } from '#contract/client.js';
import { BigButton } from './Button.js';
import { Icon } from './Icon.js';

interface Props {
  client: KioskClient;
  onHome: () => void;
  children: ReactNode;
  resetKey: string;
}

export class ErrorBoundary extends Component<Props, { failed: boolean; key: string }> {
  override state = { failed: false, key: this.props.resetKey };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: Props, state: { failed: boolean; key: string }) {
    return props.resetKey !== state.key ? { failed: false, key: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    void this.props.client
      .call('app.clientLog', { level: 'error', event: 'screen-crashed', detail: `${error.message}\n${info.componentStack ?? ''}`.slice(0, 2000) })
      .catch(() => undefined);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="screen screen--problem" data-testid="error-screen">
        <h1 className="screen__title">
          <Icon name="warning" /> <Trans i18nKey="error.title" />
        </h1>
        <p className="lead">
          <Trans i18nKey="error.body" />
        </p>
        <BigButton icon="home" variant="primary" onClick={this.props.onHome} testId="error-home">
          <Trans i18nKey="error.backHome" />
        </BigButton>
      </main>
    );
  }
}
