// The report signing keys as a definition list: the minisign public key, its id, and the PDF signing
// certificate (whose it is: the installation's self-signed one or the organisation's own, imported one;
// its subject, issuer, validity and fingerprint). The Reports page and Settings both show them.
import type { ReportKeys } from '../api/types';
import { useI18n } from '../i18n';

export function SigningKeysList({ keys, testIdPrefix }: { keys: ReportKeys; testIdPrefix: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <dl className="props props-stack" data-testid={`${testIdPrefix}-keys`}>
      <dt>{t('reports.minisignKey')}</dt>
      <dd className="mono hash" data-testid={`${testIdPrefix}-minisign-key`}>
        {keys.minisign_public_key}
      </dd>
      <dt>{t('reports.keyId')}</dt>
      <dd className="mono">{keys.minisign_key_id}</dd>
      <dt>{t('reports.certificate')}</dt>
      <dd data-testid={`${testIdPrefix}-certificate-kind`}>
        {keys.certificate_imported ? (
          <span className="ok-text">{t('reports.certificateImported', { issuer: keys.certificate_issuer })}</span>
        ) : (
          t('reports.certificateSelfSigned')
        )}
      </dd>
      <dt>{t('reports.subject')}</dt>
      <dd data-testid={`${testIdPrefix}-subject`}>{keys.certificate_subject}</dd>
      <dt>{t('reports.issuer')}</dt>
      <dd data-testid={`${testIdPrefix}-issuer`}>{keys.certificate_issuer}</dd>
      <dt>{t('reports.validUntil')}</dt>
      <dd data-testid={`${testIdPrefix}-valid-until`}>{i18n.date(keys.certificate_valid_until)}</dd>
      <dt>{t('reports.fingerprint')}</dt>
      <dd className="mono hash" data-testid={`${testIdPrefix}-fingerprint`}>
        {keys.certificate_fingerprint}
      </dd>
    </dl>
  );
}
