import { describe, expect, it } from 'vitest';
import { calendarDay, deriveLateness, nextCheckInDay } from './overdue';

describe('deriveLateness', () => {
  // [deadline, completed on, today, overdue, days late]
  const table: [string | null, string | null, string, boolean, number][] = [
    [null, null, '2024-06-01', false, 0],
    ['2024-06-30', null, '2024-06-01', false, 0],
    ['2024-06-30', null, '2024-06-30', false, 0], // the deadline day itself is still in time
    ['2024-06-30', null, '2024-07-01', true, 1],
    ['2024-06-30', null, '2024-12-31', true, 184],
    ['2024-02-28', null, '2024-03-01', true, 2], // leap year
    ['2023-02-28', null, '2023-03-01', true, 1],
    ['2024-12-31', null, '2025-01-01', true, 1],
    ['2024-06-30', '2024-06-15', '2024-12-31', false, 0], // done early: never late
    ['2024-06-30', '2024-06-30', '2024-12-31', false, 0],
    ['2024-06-30', '2024-07-10', '2024-12-31', false, 10], // done late: lateness stays on record
    ['2024-06-30', '2024-07-10', '2024-07-10', false, 10],
  ];
  for (const [deadline, completed, today, overdue, daysLate] of table) {
    it(`deadline ${deadline}, done ${completed}, today ${today}`, () => {
      expect(deriveLateness(deadline, completed, today)).toEqual({ overdue, daysLate });
    });
  }
});

describe('calendarDay', () => {
  it('counts days in China Standard Time', () => {
    expect(calendarDay(new Date('2024-06-30T15:59:59Z'))).toBe('2024-06-30');
    expect(calendarDay(new Date('2024-06-30T16:00:00Z'))).toBe('2024-07-01');
    expect(calendarDay(new Date('2024-06-30T16:00:00Z'), 'UTC')).toBe('2024-06-30');
  });
});

describe('nextCheckInDay', () => {
  const table: [string, number, string][] = [
    ['2024-01-15', 1, '2024-02-15'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-11-30', 3, '2025-02-28'],
    ['2024-12-31', 12, '2025-12-31'],
  ];
  for (const [from, months, expected] of table) it(`${from} + ${months} months`, () => expect(nextCheckInDay(from, months)).toBe(expected));
});
