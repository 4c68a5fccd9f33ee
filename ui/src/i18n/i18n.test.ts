import { describe, expect, it } from 'vitest';
import { en } from './en';
import { es } from './es';
import { CATALOGS, format, makeI18n } from './index';
import {
  ACTIVITY_STATUSES,
  COMPLETENESS_BANDS,
  LAWFUL_BASES,
  ROLES,
  SPECIAL_CATEGORY_CONDITIONS,
  TRANSFER_MECHANISMS,
  VOCABULARY_KINDS,
} from '../api/enums';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogs', () => {
  it('have exactly the same keys', () => {
    for (const [lang, cat] of Object.entries(CATALOGS)) {
      expect(Object.keys(cat).sort(), lang).toEqual(Object.keys(en).sort());
    }
  });

  it('use the same placeholders in every language', () => {
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(placeholders(es[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('have no empty messages', () => {
    for (const cat of Object.values(CATALOGS)) {
      for (const [k, v] of Object.entries(cat)) expect(v.trim(), k).not.toBe('');
    }
  });

  it('translate every enum value', () => {
    const keys = [
      ...LAWFUL_BASES.map((v) => `lawfulBasis.${v}`),
      ...SPECIAL_CATEGORY_CONDITIONS.map((v) => `condition.${v}`),
      ...TRANSFER_MECHANISMS.map((v) => `mechanism.${v}`),
      ...ROLES.map((v) => `role.${v}`),
      ...ACTIVITY_STATUSES.map((v) => `status.${v}`),
      ...COMPLETENESS_BANDS.map((v) => `band.${v}`),
      ...VOCABULARY_KINDS.map((v) => `vocabKind.${v}`),
    ];
    for (const k of keys) {
      expect(en, k).toHaveProperty([k]);
      expect(es, k).toHaveProperty([k]);
    }
  });

  it('Spanish is really Spanish', () => {
    expect(es['nav.register']).toBe('Registro');
    expect(es['lawfulBasis.legitimate_interests']).toBe('Interés legítimo');
    expect(es['nav.register']).not.toBe(en['nav.register']);
  });
});

describe('formatting', () => {
  it('fills placeholders and leaves unknown ones', () => {
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });

  it('picks plural forms', () => {
    expect(makeI18n('en').tp('register.count', 1)).toBe('1 activity');
    expect(makeI18n('en').tp('register.count', 10009)).toBe('10,009 activities');
    expect(makeI18n('es').tp('register.count', 2)).toBe('2 actividades');
  });

  it('formats dates in the chosen language, without shifting the day', () => {
    expect(makeI18n('en').date('2026-03-01')).toBe('Mar 1, 2026');
    expect(makeI18n('es').date('2026-03-01')).toBe('1 mar 2026');
    expect(makeI18n('en').date(null)).toBe('—');
  });

  it('formats dates with their weekday, and instants in a time zone', () => {
    expect(makeI18n('en').weekdayDate('2026-03-02')).toBe('Mon, Mar 2, 2026');
    expect(makeI18n('en').weekdayDate('2026-03-02', 'long')).toBe('Monday, March 2, 2026');
    expect(makeI18n('es').weekdayDate('2026-03-02', 'long')).toBe('lunes, 2 de marzo de 2026');
    expect(makeI18n('en').weekdayDate('not a date')).toBe('not a date');
    expect(makeI18n('en').instant('2026-03-31T09:00:00Z', 'Europe/Berlin')).toMatch(/^Tuesday, March 31, 2026 at 11:00 AM GMT\+2$/);
    expect(makeI18n('en').instant('2026-03-31T09:00:00Z', 'No/Such_Zone')).toBe('2026-03-31T09:00:00Z');
  });

  it('names countries in the chosen language', () => {
    expect(makeI18n('en').country('DE')).toBe('Germany');
    expect(makeI18n('es').country('DE')).toBe('Alemania');
    expect(makeI18n('es').country('INT')).toBe('Organización internacional');
  });
});
