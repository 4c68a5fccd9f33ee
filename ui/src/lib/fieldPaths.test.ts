import { describe, expect, it } from 'vitest';
import { fieldInputId, fieldKey, focusFirst, groupByField, inputId } from './fieldPaths';

describe('field path -> input', () => {
  it.each([
    ['name', 'name', 'f-name'],
    ['purposes[1]', 'purposes[1]', 'f-purposes-1'],
    ['data_categories[2].category', 'data_categories[2].category', 'f-data_categories-2-category'],
    ['data_categories[2]', 'data_categories[2].category', 'f-data_categories-2-category'],
    ['data_categories[0].retention.period.amount', 'data_categories[0].retention.period.amount', 'f-data_categories-0-retention-period-amount'],
    ['transfers[0].country', 'transfers[0].country', 'f-transfers-0-country'],
    ['transfers[3]', 'transfers[3].country', 'f-transfers-3-country'],
    ['recipients[4]', 'recipients', 'f-recipients'],
    ['lawful_bases[1]', 'lawful_bases', 'f-lawful_bases'],
    ['data_subjects[0]', 'data_subjects', 'f-data_subjects'],
    ['org.establishments[1].timezone', 'org.establishments[1].timezone', 'f-org-establishments-1-timezone'],
  ])('%s', (path, key, id) => {
    expect(fieldKey(path)).toBe(key);
    expect(fieldInputId(path)).toBe(id);
    expect(inputId(key)).toBe(id);
  });

  it('groups errors by the input that shows them', () => {
    const g = groupByField([
      { field: 'recipients[0]', code: 'unknown_reference', message: 'a' },
      { field: 'recipients[2]', code: 'duplicate', message: 'b' },
      { field: 'name', code: 'required', message: 'c' },
    ]);
    expect([...g.keys()]).toEqual(['recipients', 'name']);
    expect(g.get('recipients')).toHaveLength(2);
  });

  it('focuses the first invalid input in document order, and the first control of a group', () => {
    document.body.innerHTML = `
      <input id="f-name">
      <fieldset id="f-recipients"><input type="checkbox" id="r1"></fieldset>
      <select id="f-transfers-0-country"></select>`;
    expect(focusFirst(['f-transfers-0-country', 'f-name'])?.id).toBe('f-name');
    expect(document.activeElement?.id).toBe('f-name');
    expect(focusFirst(['f-transfers-0-country', 'f-recipients'])?.id).toBe('r1');
    expect(focusFirst(['f-missing'])).toBeNull();
  });
});
