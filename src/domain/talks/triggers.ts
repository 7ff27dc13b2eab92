/** 六必谈: the events that make a talk due within a set number of days, and who it is assigned to. */
import { addDays } from './periods';

export type TalkTrigger = 'post_change' | 'discipline_case' | 'early_warning' | 'hardship' | 'own_request' | 'low_morale' | 'other';
export const TALK_TRIGGERS: readonly TalkTrigger[] = ['post_change', 'discipline_case', 'early_warning', 'hardship', 'own_request', 'low_morale', 'other'];
export const DEFAULT_DUE_IN_DAYS = 7;

/** The due date of a triggered talk raised on `raisedOn`. */
export function dueDate(raisedOn: string, dueInDays = DEFAULT_DUE_IN_DAYS): string {
  return addDays(raisedOn, dueInDays);
}

/** The people who could be assigned, in the order the rules prefer them. */
export type AssigneeCandidates = {
  gridLeaderId: string | null;
  branchSecretaryId: string | null;
  unitHeadId: string | null;
  generalBranchSecretaryId: string | null;
};

/**
 * Assigns a triggered talk: the person's grid leader, else the branch secretary, else the unit head, else the
 * general-branch secretary. A discipline case goes to the branch secretary first (the grid leader is often a peer).
 * Never the person themself.
 */
export function assignTriggeredTalk(trigger: TalkTrigger, personId: string, c: AssigneeCandidates): string | null {
  const order =
    trigger === 'discipline_case'
      ? [c.branchSecretaryId, c.generalBranchSecretaryId, c.gridLeaderId, c.unitHeadId]
      : [c.gridLeaderId, c.branchSecretaryId, c.unitHeadId, c.generalBranchSecretaryId];
  return order.find((id) => !!id && id !== personId) ?? null;
}

/** Open and past its due date on `asOf`. */
export function isTalkDueOverdue(due: { status: string; dueOn: string }, asOf: string): boolean {
  return due.status === 'open' && due.dueOn < asOf;
}
