import { useI18n, LANGUAGES, isLang } from '../i18n';

/** The language switcher (header and Settings); the choice is remembered. */
export function LanguageSelect({ id, asField }: { id: string; asField?: boolean }) {
  const { t, lang, setLang } = useI18n();
  return (
    <div className={asField ? 'field' : 'lang-select'}>
      <label htmlFor={id}>{t('common.language')}</label>
      <select
        id={id}
        value={lang}
        onChange={(e) => {
          const v = e.currentTarget.value;
          if (isLang(v)) setLang(v);
        }}
      >
        {Object.entries(LANGUAGES).map(([code, name]) => (
          <option key={code} value={code} lang={code}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}
