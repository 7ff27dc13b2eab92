import { describe, expect, it } from 'vitest';
import { buildOverdueDigest, daysBetween, DEFAULT_REMINDER_RULES, isDigestHour, remindersDue, type ReminderItem } from './reminder-rules';

const item = (over: Partial<ReminderItem> = {}): ReminderItem => ({
  id: 'i1',
  problem: '理论学习的自觉性还不够强',
  deadline: '2024-03-01',
  signedOff: false,
  lastActivityOn: '2024-02-25',
  ...over,
});

describe('remindersDue: deadline steps', () => {
  // [deadline, today, expected stages (rule order), recipients of the first]
  const table: [string, string, string[], string[]][] = [
    ['2024-03-01', '2024-02-20', [], []], // 10 days left: nothing yet
    ['2024-03-01', '2024-02-23', ['d-7'], ['owner']], // leap year: February has 29 days
    ['2024-03-01', '2024-02-25', ['d-7'], ['owner']], // between steps: the step reached stays the same
    ['2024-03-01', '2024-02-27', ['d-3'], ['owner']],
    ['2024-03-01', '2024-02-29', ['d-1'], ['owner']],
    ['2023-03-01', '2023-02-28', ['d-1'], ['owner']], // no 29 February
    ['2024-03-01', '2024-03-01', ['d0'], ['owner']],
    ['2024-03-01', '2024-03-02', ['d+1'], ['owner', 'leader']],
    ['2024-03-01', '2024-03-08', ['d+1'], ['owner', 'leader']],
    ['2024-03-01', '2024-03-09', ['d+8'], ['owner', 'leader']], // then weekly
    ['2024-03-01', '2024-03-16', ['d+15'], ['owner', 'leader']],
    ['2024-12-31', '2025-01-01', ['d+1'], ['owner', 'leader']], // year end
    ['2024-01-31', '2024-01-24', ['d-7'], ['owner']], // month end
    ['2024-04-30', '2024-05-01', ['d+1'], ['owner', 'leader']],
  ];
  for (const [deadline, today, stages, recipients] of table) {
    it(`deadline ${deadline}, today ${today} → ${stages.join(',') || 'none'}`, () => {
      const got = remindersDue(item({ deadline, lastActivityOn: today }), today);
      expect(got.map((r) => r.stage)).toEqual(stages);
      if (got[0]) {
        expect(got[0].recipients).toEqual(recipients);
        expect(got[0].dedupeKey).toBe(`ledger:i1:${stages[0]}:${deadline}`);
        expect(got[0].link).toBe('/ledger/items/i1');
      }
    });
  }

  it('writes the title and body in Chinese with the days left or late', () => {
    const [soon] = remindersDue(item({ lastActivityOn: '2024-02-27' }), '2024-02-27');
    expect(soon).toMatchObject({ kind: 'due_soon', title: '整改事项还有 3 天到期' });
    expect(soon!.body).toContain('理论学习的自觉性还不够强');
    expect(soon!.body).toContain('2024-03-01');
    const [late] = remindersDue(item({ lastActivityOn: '2024-03-05' }), '2024-03-05');
    expect(late).toMatchObject({ kind: 'overdue', title: '整改事项已逾期 4 天', stage: 'd+1' });
  });

  it('a changed deadline gives a new key; the same day twice gives the same key', () => {
    const a = remindersDue(item({ lastActivityOn: '2024-02-27' }), '2024-02-27')[0]!;
    const b = remindersDue(item({ lastActivityOn: '2024-02-27' }), '2024-02-27')[0]!;
    const c = remindersDue(item({ deadline: '2024-03-02', lastActivityOn: '2024-02-27' }), '2024-02-27')[0]!;
    expect(a.dedupeKey).toBe(b.dedupeKey);
    expect(c.dedupeKey).not.toBe(a.dedupeKey);
  });

  it('signed-off items and items without a deadline get no deadline reminders', () => {
    expect(remindersDue(item({ signedOff: true, lastActivityOn: '2023-01-01' }), '2024-03-05')).toEqual([]);
    expect(remindersDue(item({ deadline: null, lastActivityOn: '2024-03-01' }), '2024-03-05')).toEqual([]);
  });

  it('uses the configured days before', () => {
    const rules = { ...DEFAULT_REMINDER_RULES, daysBefore: [10, 5] };
    expect(remindersDue(item({ lastActivityOn: '2024-02-20' }), '2024-02-20', rules).map((r) => r.stage)).toEqual(['d-10']);
    expect(remindersDue(item({ lastActivityOn: '2024-02-29' }), '2024-02-29', rules).map((r) => r.stage)).toEqual(['d-5']);
    expect(remindersDue(item({ lastActivityOn: '2024-02-29' }), '2024-02-29', { ...rules, daysBefore: [] })).toEqual([]);
  });
});

describe('remindersDue: inactivity', () => {
  // [last activity, today, expected idle stage or null]
  const table: [string, string, string | null][] = [
    ['2024-01-01', '2024-01-14', null], // 13 days
    ['2024-01-01', '2024-01-15', 'idle-1'], // 14 days
    ['2024-01-01', '2024-01-28', 'idle-1'],
    ['2024-01-01', '2024-01-29', 'idle-2'], // again after 14 more days of silence
    ['2024-01-31', '2024-02-14', 'idle-1'], // across a month end
    ['2023-12-25', '2024-01-08', 'idle-1'], // across a year end
  ];
  for (const [last, today, stage] of table) {
    it(`last activity ${last}, today ${today} → ${stage ?? 'none'}`, () => {
      const got = remindersDue(item({ deadline: null, lastActivityOn: last }), today).filter((r) => r.kind === 'inactive');
      expect(got.map((r) => r.stage)).toEqual(stage ? [stage] : []);
      if (stage) expect(got[0]!.dedupeKey).toBe(`ledger:i1:${stage}:${last}`);
    });
  }

  it('comes beside a deadline reminder, with its own key', () => {
    const got = remindersDue(item({ lastActivityOn: '2024-02-01' }), '2024-03-02');
    expect(got.map((r) => r.stage)).toEqual(['d+1', 'idle-2']);
    expect(new Set(got.map((r) => r.dedupeKey)).size).toBe(2);
  });

  it('is switched off by 0 days', () => {
    expect(remindersDue(item({ deadline: null, lastActivityOn: '2023-01-01' }), '2024-03-02', { ...DEFAULT_REMINDER_RULES, inactivityDays: 0 })).toEqual([]);
  });
});

describe('daily digest', () => {
  it('lists overdue items, oldest first, one key per day', () => {
    const d = buildOverdueDigest(
      [
        { problem: '网格联系工作落实还不够深入', deadline: '2024-02-28', ownerName: '陈责任', unitName: '第一党支部' },
        { problem: '管党治党责任履行意识还不够强', deadline: '2024-02-01', ownerName: null, unitName: '机关党总支' },
      ],
      '2024-03-01',
    )!;
    expect(d.dedupeKey).toBe('digest:2024-03-01');
    expect(d.title).toBe('逾期整改事项日报：2 项逾期');
    const lines = d.body.split('\n');
    expect(lines[1]).toContain('管党治党责任履行意识还不够强');
    expect(lines[1]).toContain('逾期 29 天');
    expect(lines[1]).toContain('责任人 未定');
    expect(lines[2]).toContain('逾期 2 天');
  });

  it('gives nothing when nothing is late and cuts long lists', () => {
    expect(buildOverdueDigest([], '2024-03-01')).toBeNull();
    const many = Array.from({ length: 13 }, (_, i) => ({ problem: `问题${i}`, deadline: '2024-02-01', ownerName: '甲', unitName: '乙' }));
    expect(buildOverdueDigest(many, '2024-03-01')!.body).toContain('…另有 3 项');
  });

  it('goes out from the configured hour', () => {
    expect(isDigestHour(7, 8)).toBe(false);
    expect(isDigestHour(8, 8)).toBe(true);
    expect(isDigestHour(23, 8)).toBe(true);
  });

  it('counts days across month ends', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(daysBetween('2024-03-01', '2024-02-28')).toBe(-2);
  });
});
