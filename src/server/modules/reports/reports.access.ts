// Who may see and change a self-inspection material.
// Team materials follow the unit scopes (people.read / people.write on the material's unit). A personal
// material (个人对照检查材料) is need-to-know: only its author and the secretaries of units above the author,
// whatever else the caller may read.
import { AppError } from '../../../domain/shared/app-error';
import { assertInScope } from '../../lib/access';
import type { Actor } from '../../lib/context';
import { secretaryPaths } from '../ledger/ledger.service';

export type AccessFacts = {
  kind: 'team' | 'personal';
  orgUnitPath: string;
  personId: string | null;
  personBranchPath: string | null;
  personDepartmentPath: string | null;
};

/** The units a personal material hangs under: its author's branch and department, else the material's unit. */
export function authorPaths(f: Pick<AccessFacts, 'orgUnitPath' | 'personBranchPath' | 'personDepartmentPath'>): string[] {
  const paths = [f.personBranchPath, f.personDepartmentPath].filter((p): p is string => !!p);
  return paths.length ? paths : [f.orgUnitPath];
}

export function isSecretaryAbove(actor: Actor, paths: readonly string[]): boolean {
  const mine = secretaryPaths(actor);
  return paths.some((p) => mine.some((s) => p.startsWith(s)));
}

export function canSeePersonal(actor: Actor, f: AccessFacts): boolean {
  return (!!actor.personId && actor.personId === f.personId) || isSecretaryAbove(actor, authorPaths(f));
}

function assertPersonal(actor: Actor, f: AccessFacts): void {
  if (!canSeePersonal(actor, f)) {
    throw new AppError('FORBIDDEN', { reason: 'personal_material' }, '个人对照检查材料仅本人和上级党组织书记可以查看');
  }
}

export function assertCanRead(actor: Actor, f: AccessFacts): void {
  if (f.kind === 'personal') assertPersonal(actor, f);
  else assertInScope(actor, 'people.read', [f.orgUnitPath]);
}

/** Writing a personal material is open to the same people who may read it: the author and the secretaries above. */
export function assertCanWrite(actor: Actor, f: AccessFacts): void {
  if (f.kind === 'personal') assertPersonal(actor, f);
  else assertInScope(actor, 'people.write', [f.orgUnitPath]);
}
