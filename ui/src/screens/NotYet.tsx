import { useI18n } from '../i18n';
import { PageTitle } from '../components/ui';

/** An honest placeholder for screens that are not built yet: no fake data. */
export function NotYet({ which }: { which: 'retention' | 'reports' }) {
  const { t } = useI18n();
  return (
    <>
      <PageTitle>{t(`nav.${which}`)}</PageTitle>
      <section className="card notyet" data-testid="not-yet">
        <h2>{t('notYet.title')}</h2>
        <p>{t('notYet.body')}</p>
        <p className="muted">{t(`notYet.${which}`)}</p>
      </section>
    </>
  );
}
