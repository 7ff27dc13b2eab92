import { AppError } from '../../../domain/shared/app-error';
import { hasPermission, inScope, scopeOf } from '../../lib/access';
import type { Actor } from '../../lib/context';

/**
 * Who sees what of a talk record:
 * - full (notes, concerns): the talkers; secretaries on a unit whose subtree holds the talk's unit; the discipline
 *   inspector over that unit when a discipline-risk concern is flagged;
 * - participant (date, place, participants, follow-ups): the person talked with;
 * - record (no notes, no concerns, no topics): anyone else with talks.coverage over the unit;
 * - none: everyone else (403).
 */
export type TalkAccess = 'full' | 'participant' | 'record' | 'none';

export type TalkAccessFacts = {
  unitPath: string;
  talkerIds: readonly string[];
  talkeeIds: readonly string[];
  concernCategories: readonly string[];
};

export function isSecretaryAbove(actor: Actor, unitPath: string): boolean {
  return actor.roles.some((r) => r.role === 'secretary' && unitPath.startsWith(r.path));
}

export function talkAccessOf(actor: Actor, t: TalkAccessFacts): TalkAccess {
  if (actor.personId && t.talkerIds.includes(actor.personId)) return 'full';
  if (isSecretaryAbove(actor, t.unitPath)) return 'full';
  if (t.concernCategories.includes('discipline_risk') && actor.roles.some((r) => r.role === 'inspector' && t.unitPath.startsWith(r.path))) return 'full';
  if (actor.personId && t.talkeeIds.includes(actor.personId)) return 'participant';
  if (hasPermission(actor, 'talks.coverage') && inScope(scopeOf(actor, 'talks.coverage'), t.unitPath)) return 'record';
  return 'none';
}

/** Talkers and the secretaries above may edit; the inspector reads but does not edit. */
export function canEditTalk(actor: Actor, t: TalkAccessFacts): boolean {
  return (!!actor.personId && t.talkerIds.includes(actor.personId)) || isSecretaryAbove(actor, t.unitPath);
}

export function assertTalkReadable(access: TalkAccess): asserts access is Exclude<TalkAccess, 'none'> {
  if (access === 'none') throw new AppError('OUT_OF_SCOPE', { entity: 'talk' }, '无权查看该谈话记录');
}
