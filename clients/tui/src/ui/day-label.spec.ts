import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clockTime, dayKey, dayLabel } from './day-label';

/** Local times, whatever zone the tests run in. */
const local = (y: number, m: number, d: number, h = 12, min = 0) =>
  new Date(y, m - 1, d, h, min).toISOString();

describe('dayLabel', () => {
  const now = new Date(2026, 11, 3, 9, 30).getTime(); // Thursday 3 December 2026, local

  it('says Today and Yesterday by the local calendar, not by 24 hours', () => {
    assert.equal(dayLabel(local(2026, 12, 3, 0, 5), now), 'Today');
    assert.equal(dayLabel(local(2026, 12, 2, 23, 59), now), 'Yesterday');
    assert.equal(dayLabel(local(2026, 12, 2, 0, 1), now), 'Yesterday');
  });

  it('names the weekday within the last week, and the date before it', () => {
    assert.equal(dayLabel(local(2026, 11, 30), now), 'Monday');
    assert.equal(dayLabel(local(2026, 11, 27), now), 'Friday');
    assert.equal(dayLabel(local(2026, 11, 26), now), 'Thursday 26 November');
    assert.equal(dayLabel(local(2025, 12, 24), now), 'Wednesday 24 December 2025');
  });

  it('gives a date for a time after now (a clock set wrong)', () => {
    assert.equal(dayLabel(local(2026, 12, 5), now), 'Saturday 5 December');
  });
});

describe('clockTime and dayKey', () => {
  it('read the local clock and calendar', () => {
    assert.equal(clockTime(local(2026, 1, 1, 7, 4)), '07:04');
    assert.equal(dayKey(local(2026, 1, 1, 0, 1)), dayKey(local(2026, 1, 1, 23, 59)));
    assert.notEqual(dayKey(local(2026, 1, 1, 23, 59)), dayKey(local(2026, 1, 2, 0, 1)));
  });
});
