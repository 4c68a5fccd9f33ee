// The completeness score with its findings, each translated by code with its legal reference and the
// name it concerns.
import type { Completeness, Finding } from '../api/types';
import { bandOf } from '../api/enums';
import { useI18n, type I18n } from '../i18n';

export function findingText(i18n: I18n, f: Finding): string {
  return i18n.t(`finding.${f.code}`, { subject: f.code === 'review_overdue' ? i18n.date(f.subject) : f.subject });
}

export function CompletenessPanel({
  completeness,
  title,
  help,
  onFinding,
  busy,
}: {
  completeness: Completeness | null;
  title: string;
  help?: string;
  onFinding?: (f: Finding) => void;
  busy?: boolean;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const c = completeness;
  const band = c ? bandOf(c.score) : null;
  return (
    <section className="card completeness" aria-labelledby="completeness-h" data-testid="completeness">
      <h2 id="completeness-h">
        {title}
        {busy ? <span className="spinner spinner-inline" aria-hidden="true" /> : null}
      </h2>
      {help ? <p className="help">{help}</p> : null}
      {c === null || band === null ? (
        <p className="muted">{t('app.loading')}</p>
      ) : (
        <>
          <div className={`score-big score-${band}`} aria-live="polite">
            <span className="score-big-num" data-testid="completeness-score">{c.score}</span>
            <span className="score-big-of">/ 100</span>
            <span className="score-big-band">{t(`bandShort.${band}`)}</span>
          </div>
          <div className="meter" aria-hidden="true">
            <div className={`meter-fill tone-${band}`} style={{ width: `${c.score}%` }} />
          </div>
          {c.findings.length === 0 ? (
            <p className="ok-text">{t('completeness.none')}</p>
          ) : (
            <>
              <h3 className="visually-hidden">{t('completeness.findings')}</h3>
              <ul className="findings">
                {c.findings.map((f, i) => (
                  <li key={`${f.code}-${f.field}-${i}`} className={`finding finding-${f.severity}`}>
                    <span className={`sev sev-${f.severity}`}>{t(`severity.${f.severity}`)}</span>
                    <span className="finding-text">
                      {onFinding ? (
                        <button type="button" className="link-btn" onClick={() => onFinding(f)}>
                          {findingText(i18n, f)}
                        </button>
                      ) : (
                        findingText(i18n, f)
                      )}
                      <span className="ref">{f.reference}</span>
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
