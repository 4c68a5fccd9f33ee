// Language: catalogs, the `t` function, Intl formatting, and the language context.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey, type Messages } from './en';
import { es } from './es';
import { countryName } from '../lib/countries';

export type { MessageKey, Messages };

export const LANGUAGES = { en: 'English', es: 'Español' } as const;
export type Lang = keyof typeof LANGUAGES;
export const CATALOGS: Record<Lang, Messages> = { en, es };

const STORAGE_KEY = 'cockpit.lang';

export function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(LANGUAGES, v);
}

/** The remembered language, else the system's if we have it, else English. */
export function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    /* storage unavailable */
  }
  const nav = typeof navigator !== 'undefined' ? navigator.language.slice(0, 2) : 'en';
  return isLang(nav) ? nav : 'en';
}

export type Vars = Record<string, string | number>;

export function format(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  return format(CATALOGS[lang][key], vars);
}

/** Keys with plural forms end in `.one` / `.other`. */
type PluralBase<K> = K extends `${infer B}.one` ? B : never;
export type PluralKey = PluralBase<MessageKey>;

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, vars?: Vars): string;
  /** Plural: picks `${key}.one` or `${key}.other` by Intl.PluralRules and passes {count}. */
  tp(key: PluralKey, count: number, vars?: Vars): string;
  /** "YYYY-MM-DD" -> localised date. */
  date(d: string | null): string;
  /** RFC 3339 -> localised date and time. */
  dateTime(ts: string): string;
  /** "YYYY-MM-DD" -> localised date with its weekday ("Mon, Mar 2, 2026"; `long`: "Monday, March 2, 2026"). */
  weekdayDate(d: string, style?: 'short' | 'long'): string;
  /** An RFC 3339 instant shown in an IANA time zone, with weekday, time and the zone's name. */
  instant(ts: string, timeZone: string): string;
  number(n: number): string;
  country(code: string): string;
}

export function makeI18n(lang: Lang, setLang: (l: Lang) => void = () => {}): I18n {
  const dateFmt = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTimeFmt = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  const weekdayFmt = {
    short: new Intl.DateTimeFormat(lang, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }),
    long: new Intl.DateTimeFormat(lang, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }),
  };
  const numFmt = new Intl.NumberFormat(lang);
  const plural = new Intl.PluralRules(lang);
  const t = (key: MessageKey, vars?: Vars) => translate(lang, key, vars);
  return {
    lang,
    setLang,
    t,
    tp: (key, count, vars) => {
      const form = plural.select(count) === 'one' ? 'one' : 'other';
      return t(`${key}.${form}` as MessageKey, { count: numFmt.format(count), ...vars });
    },
    date: (d) => {
      if (d === null || d === '') return t('common.none');
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
      if (!m) return d;
      return dateFmt.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
    },
    dateTime: (ts) => {
      const d = new Date(ts);
      return Number.isNaN(d.getTime()) ? ts : dateTimeFmt.format(d);
    },
    weekdayDate: (d, style = 'short') => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
      if (!m) return d;
      return weekdayFmt[style].format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
    },
    instant: (ts, timeZone) => {
      const d = new Date(ts);
      if (Number.isNaN(d.getTime())) return ts;
      try {
        return new Intl.DateTimeFormat(lang, {
          weekday: 'long',
          year: 'numeric',
          month: 'long',
          day: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
          timeZone,
          timeZoneName: 'short',
        }).format(d);
      } catch {
        return ts; // a zone this browser's Intl does not know: the RFC 3339 text, offset included
      }
    },
    number: (n) => numFmt.format(n),
    country: (code) => countryName(code, lang, t('common.internationalOrganisation')),
  };
}

const I18nContext = createContext<I18n>(makeI18n('en'));

export function I18nProvider({ children, lang: fixed }: { children: ReactNode; lang?: Lang }) {
  const [lang, setLangState] = useState<Lang>(() => fixed ?? initialLang());
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* storage unavailable */
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo(() => makeI18n(lang, setLang), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
