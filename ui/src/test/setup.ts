import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';

// waitFor/findBy wait up to 5 s (not 1 s): whole screens in jsdom are slow while the machine compiles,
// and a UI check that fails only under load is noise, not a finding.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  localStorage.clear();
  window.location.hash = '';
});

// jsdom has no layout: give the register's scroll box a size so the virtualised table renders rows.
const realClientHeight = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight');
const realClientWidth = Object.getOwnPropertyDescriptor(Element.prototype, 'clientWidth');
Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
  configurable: true,
  get(this: HTMLElement) {
    return this.classList.contains('vbody') ? 600 : (realClientHeight?.get?.call(this) ?? 0);
  },
});
Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
  configurable: true,
  get(this: HTMLElement) {
    return this.classList.contains('vbody') ? 1000 : (realClientWidth?.get?.call(this) ?? 0);
  },
});
