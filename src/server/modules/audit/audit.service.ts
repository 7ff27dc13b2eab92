import type { Queryable } from '../../../db/connection';
import type { AuditVerify } from '../../../contracts/audit';
import { computeAuditHash, GENESIS_HASH } from '../../../domain/audit/hash-chain';
import { assertPermission } from '../../lib/access';
import type { Actor } from '../../lib/context';
import * as repo from './audit.repo';

export async function listAudit(db: Queryable, actor: Actor, q: repo.AuditFilter & { page: number; pageSize: number }) {
  assertPermission(actor, 'audit.read');
  const { page, pageSize, ...f } = q;
  const r = await repo.listAudit(db, f, { page, pageSize });
  return {
    items: r.items.map(({ prevHash: _p, orgUnitId: _o, ...row }) => ({ ...row, at: new Date(row.at).toISOString() })),
    total: r.total,
  };
}

/** Recomputes the chain from the first row; reports the first row whose link does not hold. */
export async function verifyAuditChain(db: Queryable): Promise<AuditVerify> {
  let prev = GENESIS_HASH;
  let checked = 0;
  for await (const row of repo.iterateAudit(db)) {
    const { id, prevHash, hash, ...payload } = row;
    if (prevHash !== prev) {
      return { ok: false, checked, firstBrokenId: id, reason: `第 ${id} 条记录的前序哈希不符：它之前的记录被删除或修改` };
    }
    if (computeAuditHash(prev, payload) !== hash) {
      return { ok: false, checked, firstBrokenId: id, reason: `第 ${id} 条记录的内容与其哈希不符：记录被修改` };
    }
    prev = hash;
    checked++;
  }
  return { ok: true, checked, firstBrokenId: null, reason: null };
}
