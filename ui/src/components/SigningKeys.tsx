// The report signing keys as a definition list: the minisign public key, its id, and the certificate's
// fingerprint and subject (the Reports page and Settings both show them).
import type { ReportKeys } from '../api/types';
import { useI18n } from '../i18n';

export function SigningKeysList({ keys, testIdPrefix }: { keys: ReportKeys; testIdPrefix: string }) {
  const { t } = useI18n();
  return (
    <dl className="props" data-testid={`${testIdPrefix}-keys`}>
      <dt>{t('reports.minisignKey')}</dt>
      <dd className="mono hash" data-testid={`${testIdPrefix}-minisign-key`}>
        {keys.minisign_public_key}
      </dd>
      <dt>{t('reports.keyId')}</dt>
      <dd className="mono">{keys.minisign_key_id}</dd>
      <dt>{t('reports.fingerprint')}</dt>
      <dd className="mono hash" data-testid={`${testIdPrefix}-fingerprint`}>
        {keys.certificate_fingerprint}
      </dd>
      <dt>{t('reports.subject')}</dt>
      <dd>{keys.certificate_subject}</dd>
    </dl>
  );
}
