import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { BackendProvider, type Backend } from '../api';
import { MockBackend } from '../api/mock';
import { I18nProvider, type Lang } from '../i18n';

/** Renders with a backend (a fresh MockBackend unless given) and a fixed language. */
export function renderWith(ui: ReactElement, opts: { backend?: Backend; lang?: Lang } = {}) {
  const backend = opts.backend ?? new MockBackend({ today: '2026-11-29' });
  const result = render(
    <BackendProvider backend={backend}>
      <I18nProvider lang={opts.lang ?? 'en'}>{ui}</I18nProvider>
    </BackendProvider>,
  );
  return { ...result, backend };
}
