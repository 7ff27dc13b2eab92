import { describe, expect, it } from 'vitest';
import { computeAuditHash, findBrokenLink, GENESIS_HASH, stableStringify, type AuditPayload, type ChainRow } from './hash-chain';

const payload = (n: number): AuditPayload => ({
  at: `2026-11-0${n}T08:00:00.000Z`,
  actorUserId: null,
  actorName: '管理员',
  action: 'person.update',
  entityType: 'person',
  entityId: `p${n}`,
  orgUnitId: null,
  before: { name: '张三', n },
  after: { name: '张三丰', n },
  ip: '127.0.0.1',
});

function chain(count: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= count; i++) {
    const hash = computeAuditHash(prev, payload(i));
    rows.push({ id: i, prevHash: prev, hash, ...payload(i) });
    prev = hash;
  }
  return rows;
}

describe('stableStringify', () => {
  it('orders keys at every depth so equal values hash equally', () => {
    expect(stableStringify({ b: 1, a: { d: [2, { y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"x":2,"y":1}]},"b":1}');
    expect(stableStringify({ a: undefined, b: 2 })).toBe('{"b":2}');
  });
});

describe('findBrokenLink', () => {
  it('accepts an intact chain', () => {
    expect(findBrokenLink(chain(5))).toBeNull();
  });
  it('finds an altered row', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, after: { name: '李四', n: 3 } };
    expect(findBrokenLink(rows)).toEqual({ id: 3, reason: 'hash_mismatch' });
  });
  it('finds a deleted row at the next one', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(findBrokenLink(rows)).toEqual({ id: 3, reason: 'prev_mismatch' });
  });
  it('finds a row whose hash was recomputed after a change (its successor no longer links)', () => {
    const rows = chain(4);
    const changed = { ...payload(2), actorName: '他人' };
    rows[1] = { ...rows[1]!, ...changed, hash: computeAuditHash(rows[1]!.prevHash, changed) };
    expect(findBrokenLink(rows)).toEqual({ id: 3, reason: 'prev_mismatch' });
  });
});
