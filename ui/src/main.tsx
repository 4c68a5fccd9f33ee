import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { BackendProvider, createBackend } from './api';
import { I18nProvider } from './i18n';
import { LockGate } from './components/LockGate';
import { applyTheme, storedTheme } from './lib/theme';
import { parseHash } from './lib/router';
import { prefetchDashboard } from './lib/prefetch';
import './styles.css';

applyTheme(storedTheme());

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
const backend = await createBackend();
if (parseHash(window.location.hash).name === 'dashboard') prefetchDashboard(backend);
createRoot(root).render(
  <StrictMode>
    <BackendProvider backend={backend}>
      <I18nProvider>
        <LockGate>
          <App />
        </LockGate>
      </I18nProvider>
    </BackendProvider>
  </StrictMode>,
);
