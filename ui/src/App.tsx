// The application shell: skip link, sidebar navigation, header with the language switcher, and the
// current screen.
import { lazy, Suspense } from 'react';
import { useI18n, type MessageKey } from './i18n';
import { LanguageSelect } from './components/LanguageSelect';
import { Icon, type IconName } from './components/Icon';
import { href, useRoute, type Route } from './lib/router';
import { isTauri } from './api';
import { useLock } from './components/LockGate';
import { Dashboard } from './screens/Dashboard';
import { Loading } from './components/ui';

// Every screen but the first (the dashboard) is a chunk of its own, loaded when first shown: the start-up
// bundle WebKit must parse before the first screen holds only the shell and the dashboard.
const RegisterScreen = lazy(() => import('./screens/Register').then((m) => ({ default: m.RegisterScreen })));
const ActivityDetailScreen = lazy(() =>
  import('./screens/ActivityDetail').then((m) => ({ default: m.ActivityDetailScreen })),
);
const ActivityFormScreen = lazy(() => import('./screens/ActivityForm').then((m) => ({ default: m.ActivityFormScreen })));
const AuditScreen = lazy(() => import('./screens/Audit').then((m) => ({ default: m.AuditScreen })));
const SettingsScreen = lazy(() => import('./screens/Settings').then((m) => ({ default: m.SettingsScreen })));
const DeadlinesScreen = lazy(() => import('./screens/Deadlines').then((m) => ({ default: m.DeadlinesScreen })));
const RequestsScreen = lazy(() => import('./screens/Requests').then((m) => ({ default: m.RequestsScreen })));
const RequestIntakeScreen = lazy(() =>
  import('./screens/RequestIntake').then((m) => ({ default: m.RequestIntakeScreen })),
);
const RequestDetailScreen = lazy(() =>
  import('./screens/RequestDetail').then((m) => ({ default: m.RequestDetailScreen })),
);
const RetentionScreen = lazy(() => import('./screens/Retention').then((m) => ({ default: m.RetentionScreen })));
const ReportsScreen = lazy(() => import('./screens/Reports').then((m) => ({ default: m.ReportsScreen })));

interface NavItem {
  name: Route['name'] & IconName;
  label: MessageKey;
  /** Entries listed (nested) under this one. */
  children?: NavItem[];
}

const NAV: NavItem[] = [
  { name: 'dashboard', label: 'nav.dashboard' },
  { name: 'register', label: 'nav.register' },
  { name: 'requests', label: 'nav.requests', children: [{ name: 'deadlines', label: 'nav.deadlines' }] },
  { name: 'retention', label: 'nav.retention' },
  { name: 'reports', label: 'nav.reports' },
  { name: 'audit', label: 'nav.audit' },
  { name: 'settings', label: 'nav.settings' },
];

/** Which sidebar entry a route belongs to. */
function section(route: Route): Route['name'] {
  if (route.name === 'activity' || route.name === 'edit' || route.name === 'new') return 'register';
  if (route.name === 'request' || route.name === 'request-new') return 'requests';
  return route.name;
}

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'dashboard':
      return <Dashboard />;
    case 'register':
      return <RegisterScreen />;
    case 'activity':
      return <ActivityDetailScreen key={`${route.id}:${route.asOf ?? ''}`} id={route.id} asOf={route.asOf} tab={route.tab} />;
    case 'edit':
      return <ActivityFormScreen key={`edit:${route.id}`} id={route.id} />;
    case 'new':
      return <ActivityFormScreen key="new" id={null} />;
    case 'deadlines':
      return <DeadlinesScreen />;
    case 'requests':
      return <RequestsScreen key={route.focus ?? ''} focus={route.focus} />;
    case 'request':
      return <RequestDetailScreen key={route.id} id={route.id} />;
    case 'request-new':
      return <RequestIntakeScreen />;
    case 'retention':
      return <RetentionScreen />;
    case 'reports':
      return <ReportsScreen />;
    case 'audit':
      return <AuditScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
}

function NavLink({ item, current }: { item: NavItem; current: Route['name'] }) {
  const { t } = useI18n();
  return (
    <a
      href={href({ name: item.name } as Route)}
      className={current === item.name ? 'active' : undefined}
      aria-current={current === item.name ? 'page' : undefined}
      data-testid={`nav-${item.name}`}
    >
      <Icon name={item.name} className="nav-icon" />
      {t(item.label)}
    </a>
  );
}

export function App() {
  const route = useRoute();
  const { t } = useI18n();
  const current = section(route);
  const lock = useLock();
  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => {
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        {t('app.skip')}
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">◆</span>
          <span className="brand-name">{t('app.title')}</span>
        </div>
        <nav aria-label={t('nav.label')}>
          <ul>
            {NAV.map((n) => (
              <li key={n.name}>
                <NavLink item={n} current={current} />
                {n.children ? (
                  <ul className="nav-sub">
                    {n.children.map((c) => (
                      <li key={c.name}>
                        <NavLink item={c} current={current} />
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </nav>
      </aside>
      <div className="main-col">
        <header className="topbar">
          {!isTauri() ? (
            <p className="mock-notice" role="note">
              {t('app.mockNotice')}
            </p>
          ) : (
            <span />
          )}
          <div className="topbar-tools">
            {lock?.encrypted ? (
              <button type="button" className="btn btn-small" onClick={lock.lockNow} data-testid="lock-now">
                <Icon name="lock" />
                {t('lock.lockNow')}
              </button>
            ) : null}
            <LanguageSelect id="header-lang" />
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          <Suspense fallback={<Loading />}>
            <Screen route={route} />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
