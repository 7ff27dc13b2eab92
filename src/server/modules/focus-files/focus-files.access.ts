// Who may see a focus-person file (重点人员专档): need-to-know only. The owner responsible for helping (帮教责任人,
// matched through users.person_id), the secretaries of units above the file's unit (focus.manage in scope) and the
// discipline inspector in scope. Never the person on file, whatever roles they hold; not the administrator, a viewer,
// or a grid leader who is not the owner.
import { AppError } from '../../../domain/shared/app-error';
import { inScope, scopeOf } from '../../lib/access';
import type { Actor } from '../../lib/context';

export type FocusFacts = { personId: string; ownerPersonId: string; unitPath: string };
export type FocusAccess = 'secretary' | 'owner' | 'inspector' | null;

export function inspectorPaths(actor: Actor): string[] {
  return [...new Set(actor.roles.filter((r) => r.role === 'inspector').map((r) => r.path))];
}

/** The strongest reason the actor may see the file, or null. */
export function focusAccessOf(actor: Actor, f: FocusFacts): FocusAccess {
  if (actor.personId && actor.personId === f.personId) return null;
  if (inScope(scopeOf(actor, 'focus.manage'), f.unitPath)) return 'secretary';
  if (actor.personId && actor.personId === f.ownerPersonId) return 'owner';
  if (inspectorPaths(actor).some((p) => f.unitPath.startsWith(p))) return 'inspector';
  return null;
}

const DENIED = '重点人员专档仅帮教责任人、上级党组织书记和纪检监督人员可以查看';

export function assertCanReadFocus(actor: Actor, f: FocusFacts): FocusAccess {
  const access = focusAccessOf(actor, f);
  if (!access) throw new AppError('FORBIDDEN', { reason: 'focus_file' }, DENIED);
  return access;
}

/** Reviews, family contacts and linked talks: the owner and the secretaries above. */
export function assertCanRecordFocus(actor: Actor, f: FocusFacts): void {
  const access = assertCanReadFocus(actor, f);
  if (access === 'inspector') throw new AppError('FORBIDDEN', { reason: 'focus_file_read_only' }, '纪检监督人员可以查看专档，但不能记录帮教情况');
}

/** Opening, changing the plan or owner, and closing: the secretaries above only. */
export function assertCanManageFocus(actor: Actor, f: FocusFacts): void {
  const access = assertCanReadFocus(actor, f);
  if (access !== 'secretary') throw new AppError('FORBIDDEN', { reason: 'focus_file_manage' }, '只有上级党组织书记可以修改或结档重点人员专档');
}

/** SQL prefixes for the list: where the actor sees files as secretary or inspector ('/' for everywhere). */
export function focusListPrefixes(actor: Actor): string[] {
  const scope = scopeOf(actor, 'focus.manage');
  if (scope.all) return ['/'];
  return [...new Set([...scope.paths, ...inspectorPaths(actor)])];
}
