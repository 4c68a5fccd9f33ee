import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderWith } from '../test/render';
import { MockBackend } from '../api/mock';
import { parseDays, RemindersSection } from './SettingsReminders';

const mock = () => new MockBackend({ today: '2026-11-29', now: () => new Date('2026-11-29T10:00:00Z') });
const days = () => screen.getByLabelText('Days before the due date') as HTMLInputElement;

describe('parseDays', () => {
  it('reads a list of days, and points at what is not one', () => {
    expect(parseDays('7, 1')).toEqual({ days: [7, 1], bad: null });
    expect(parseDays(' 14;3  0 ')).toEqual({ days: [14, 3, 0], bad: null });
    expect(parseDays('')).toEqual({ days: [], bad: null });
    expect(parseDays('7, x').bad).toBe('x');
    expect(parseDays('-1').bad).toBe('-1');
  });
});

describe('Settings › Reminders', () => {
  it('shows the settings and explains what a notification shows', async () => {
    renderWith(<RemindersSection />, { backend: mock() });
    await waitFor(() => expect(days().value).toBe('7, 1'));
    expect(screen.getByLabelText('Remind me of due dates')).toBeChecked();
    expect(screen.getByLabelText('Once more on the first day a request is overdue')).toBeChecked();
    const notes = screen.getByTestId('reminders-notes');
    expect(notes).toHaveTextContent('names only the request number, never the requester');
    expect(notes).toHaveTextContent('shown once per request and threshold');
    expect(notes).toHaveTextContent('only the most urgent reminder');
  });

  it('saves the days, sorted most distant first without duplicates', async () => {
    const m = mock();
    renderWith(<RemindersSection />, { backend: m });
    await waitFor(() => expect(days().value).toBe('7, 1'));
    fireEvent.change(days(), { target: { value: '1, 14, 14, 3' } });
    fireEvent.click(screen.getByLabelText('Once more on the first day a request is overdue'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId('reminders-saved')).toHaveTextContent('Reminders saved.');
    expect(days().value).toBe('14, 3, 1');
    expect(await m.reminderSettings()).toEqual({ enabled: true, days_before: [14, 3, 1], overdue: false });
  });

  it('shows why settings are refused, keeping what was typed', async () => {
    const m = mock();
    renderWith(<RemindersSection />, { backend: m });
    await waitFor(() => expect(days().value).toBe('7, 1'));
    fireEvent.change(days(), { target: { value: '61, 7' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId('reminders-error')).toHaveTextContent('61 days before is too early: at most 60');
    expect(days()).toHaveAttribute('aria-invalid', 'true');
    expect(days().value).toBe('61, 7');
    fireEvent.change(days(), { target: { value: '1, 2, 3, 4, 5, 6' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId('reminders-error')).toHaveTextContent('at most 5 reminders before a due date');
    fireEvent.change(days(), { target: { value: '' } });
    fireEvent.click(screen.getByLabelText('Once more on the first day a request is overdue'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId('reminders-error')).toHaveTextContent('no reminder is chosen');
    fireEvent.change(days(), { target: { value: '7, soon' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId('reminders-error')).toHaveTextContent('“soon” is not a number of days.');
    expect(await m.reminderSettings()).toEqual({ enabled: true, days_before: [7, 1], overdue: true });
    // Turned off, nothing needs choosing.
    fireEvent.change(days(), { target: { value: '' } });
    fireEvent.click(screen.getByLabelText('Remind me of due dates'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId('reminders-saved')).toHaveTextContent('Reminders are off.');
    expect(await m.reminderSettings()).toEqual({ enabled: false, days_before: [], overdue: false });
  });
});
