// Issue 4: while a retention run is going on, the schedule and the run history refresh themselves
// (every SCHEDULE_POLL_MS), and stop when no run is going on or the screen is gone. Fake timers drive
// both the screen's polling and the mock's run, which advances one batch per `retentionBatchMs`.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { renderWith } from '../test/render';
import { RetentionScreen, SCHEDULE_POLL_MS } from './Retention';
import { MockBackend } from '../api/mock';

const RULE = 'crm-customers-inactive'; // 1,058 rows in batches of 250: five batches, then the end
const BATCH_MS = 1000;

const backends: MockBackend[] = [];
function backend(batchMs = BATCH_MS) {
  const b = new MockBackend({ today: '2026-11-29', now: () => new Date('2026-11-29T12:00:00Z'), retentionBatchMs: batchMs });
  backends.push(b);
  return b;
}

/** Lets the fake clock run `ms`, then lets what that started settle without moving the clock: React
 *  commits inside act() only when its callback ends, so a load started by a commit answers (the mock
 *  answers after a 0 ms timer) in the next round. */
async function elapse(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
  for (let i = 0; i < 3; i++) {
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
  }
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  backends.splice(0).forEach((b) => b.retention.dispose());
  vi.useRealTimers();
});

const lastRun = () => screen.getByTestId(`rule-last-${RULE}`);

describe('retention screen: refreshing itself during a run', () => {
  it('polls while a run (started elsewhere) goes on: the progress moves, then the final status shows, without a click', async () => {
    const b = backend();
    // A run started outside this screen (the scheduler, the command line): the mock's run goes on by itself.
    const run = b.retention.startRetentionRun(RULE);
    const rules = vi.spyOn(b, 'retentionRules');
    const runs = vi.spyOn(b, 'retentionRuns');
    renderWith(<RetentionScreen />, { backend: b });
    await elapse(0);
    expect(lastRun()).toHaveTextContent('Running');
    expect(screen.getByTestId(`rule-last-summary-${RULE}`)).toHaveTextContent('0 of 1,058 done so far');
    expect(screen.getByTestId('retention-live')).toHaveTextContent('refresh themselves every 2 seconds');
    expect(rules).toHaveBeenCalledTimes(1);
    expect(runs).toHaveBeenCalledTimes(1);

    // Nothing is read again before the interval is up.
    await elapse(SCHEDULE_POLL_MS - 100);
    expect(rules).toHaveBeenCalledTimes(1);
    // Then both lists are read again, and the table shows the batches done meanwhile (250 each).
    await elapse(100);
    expect(rules).toHaveBeenCalledTimes(2);
    expect(runs).toHaveBeenCalledTimes(2);
    expect(lastRun()).toHaveTextContent('Running');
    expect(screen.getByTestId(`rule-last-summary-${RULE}`)).toHaveTextContent('500 of 1,058 done so far');

    await elapse(SCHEDULE_POLL_MS);
    expect(rules).toHaveBeenCalledTimes(3);
    expect(screen.getByTestId(`rule-last-summary-${RULE}`)).toHaveTextContent('1,000 of 1,058 done so far');

    // The run history (its own tab) was polled too.
    fireEvent.click(screen.getByTestId('ret-tab-runs'));
    expect(within(screen.getByTestId(`run-${run.id}`)).getByTestId(`run-status-${run.id}`)).toHaveTextContent('Running');
    expect(screen.getByTestId(`run-${run.id}`)).toHaveTextContent('1,000');

    // Batch 5 (58 rows) at 5 s, the end at 6 s: the poll at 6 s sees it completed.
    await elapse(SCHEDULE_POLL_MS);
    expect(within(screen.getByTestId(`run-${run.id}`)).getByTestId(`run-status-${run.id}`)).toHaveTextContent('Completed');
    expect(screen.getByTestId(`run-${run.id}`)).toHaveTextContent('1,058');
    fireEvent.click(screen.getByTestId('ret-tab-schedule'));
    expect(lastRun()).toHaveTextContent('Completed');
    expect(screen.getByTestId(`rule-last-summary-${RULE}`)).toHaveTextContent('1,058 affected');
    expect(screen.queryByTestId('retention-live')).toBeNull();
    expect(rules).toHaveBeenCalledTimes(4);

    // No run is going on: no more polling.
    await elapse(SCHEDULE_POLL_MS * 5);
    expect(rules).toHaveBeenCalledTimes(4);
    expect(runs).toHaveBeenCalledTimes(4);
  });

  it('does not poll when nothing runs', async () => {
    const b = backend();
    const rules = vi.spyOn(b, 'retentionRules');
    renderWith(<RetentionScreen />, { backend: b });
    await elapse(0);
    expect(lastRun()).toHaveTextContent('Completed');
    await elapse(SCHEDULE_POLL_MS * 5);
    expect(rules).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('retention-live')).toBeNull();
  });

  it('stops polling when the screen is gone, even while the run goes on', async () => {
    const b = backend();
    b.retention.startRetentionRun(RULE);
    const rules = vi.spyOn(b, 'retentionRules');
    const runs = vi.spyOn(b, 'retentionRuns');
    const { unmount } = renderWith(<RetentionScreen />, { backend: b });
    await elapse(0);
    await elapse(SCHEDULE_POLL_MS);
    expect(rules).toHaveBeenCalledTimes(2);
    unmount();
    await elapse(SCHEDULE_POLL_MS * 5);
    expect(rules).toHaveBeenCalledTimes(2);
    expect(runs).toHaveBeenCalledTimes(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a run started from this screen: the schedule shows it running at once, and its end as soon as the dialog sees it', async () => {
    // 200 ms per batch: five batches and the end take 1.2 s, less than one poll of the schedule.
    const b = backend(200);
    const rules = vi.spyOn(b, 'retentionRules');
    renderWith(<RetentionScreen />, { backend: b });
    await elapse(0);
    fireEvent.click(screen.getByTestId(`rule-plan-${RULE}`));
    await elapse(0);
    const dialog = screen.getByTestId('plan-dialog');
    fireEvent.click(within(dialog).getByTestId('plan-run'));
    await elapse(0);
    // Started: the lists are read again, the schedule says Running and starts polling.
    expect(rules).toHaveBeenCalledTimes(2);
    expect(lastRun()).toHaveTextContent('Running');
    expect(screen.getByTestId('retention-live')).toBeInTheDocument();
    // The dialog polls every 500 ms: by 1.8 s it has seen the end, and the schedule was read once more
    // then, before its own poll (due 2 s after the start) would have come.
    await elapse(1800);
    expect(within(dialog).getByTestId('run-progress')).toHaveTextContent('Completed');
    expect(rules).toHaveBeenCalledTimes(3);
    expect(lastRun()).toHaveTextContent('Completed');
    expect(screen.getByTestId(`rule-last-summary-${RULE}`)).toHaveTextContent('1,058 affected');
    expect(screen.queryByTestId('retention-live')).toBeNull();
    // And nothing more is polled, dialog open or closed.
    await elapse(SCHEDULE_POLL_MS * 5);
    fireEvent.click(within(dialog).getAllByRole('button', { name: 'Close' })[0]!);
    expect(screen.queryByTestId('plan-dialog')).toBeNull();
    await elapse(SCHEDULE_POLL_MS * 5);
    const calls = rules.mock.calls.length;
    await elapse(SCHEDULE_POLL_MS * 5);
    expect(rules).toHaveBeenCalledTimes(calls);
    expect(vi.getTimerCount()).toBe(0);
  });
});
