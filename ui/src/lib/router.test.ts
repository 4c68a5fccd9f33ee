import { describe, expect, it } from 'vitest';
import { href, parseHash } from './router';

describe('router', () => {
  it('the request list can open on the overdue requests or those due soon', () => {
    expect(parseHash('#/requests')).toEqual({ name: 'requests' });
    expect(parseHash('#/requests?show=overdue')).toEqual({ name: 'requests', focus: 'overdue' });
    expect(parseHash('#/requests?show=due-soon')).toEqual({ name: 'requests', focus: 'due-soon' });
    // Anything else is the plain list, never an error.
    expect(parseHash('#/requests?show=everything')).toEqual({ name: 'requests' });
    expect(href({ name: 'requests' })).toBe('#/requests');
    expect(href({ name: 'requests', focus: 'overdue' })).toBe('#/requests?show=overdue');
    for (const focus of ['overdue', 'due-soon'] as const) {
      expect(parseHash(href({ name: 'requests', focus }))).toEqual({ name: 'requests', focus });
    }
  });
});
