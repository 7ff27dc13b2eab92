import { AppError } from '../shared/app-error';

// The life of a ledger item (整改事项): 未启动 → 整改中 → 待验收 → 已销号, with two-level review in between.
// Rules are data (the table below) checked by small pure functions; the service supplies the facts.

export type ItemStatus = 'not_started' | 'in_progress' | 'awaiting_review' | 'signed_off';
export const ITEM_STATUSES: readonly ItemStatus[] = ['not_started', 'in_progress', 'awaiting_review', 'signed_off'];

const NEXT: Record<ItemStatus, readonly ItemStatus[]> = {
  not_started: ['in_progress'],
  in_progress: ['awaiting_review'],
  awaiting_review: ['awaiting_review', 'in_progress', 'signed_off'], // first review stays; a return goes back
  signed_off: ['in_progress'], // a re-check may reopen
};

/** Throws LEDGER_BAD_TRANSITION unless `to` may follow `from`. */
export function assertTransition(from: ItemStatus, to: ItemStatus): void {
  if (!NEXT[from].includes(to)) throw new AppError('LEDGER_BAD_TRANSITION', { from, to });
}

export function isItemStatus(v: string): v is ItemStatus {
  return (ITEM_STATUSES as readonly string[]).includes(v);
}

/** What a transition request asks for: the main flow, the two review levels, or sending an item back. */
export type TransitionTarget = 'in_progress' | 'awaiting_review' | 'reviewed' | 'signed_off' | 'returned';
export const TRANSITION_TARGETS: readonly TransitionTarget[] = ['in_progress', 'awaiting_review', 'reviewed', 'signed_off', 'returned'];

/** The item as the rules need it. `reviewLevel`: approvals given in the current review round (0, 1). */
export type ItemFacts = {
  status: ItemStatus;
  reviewLevel: number;
  evidenceCount: number;
  progressNote: string | null;
  firstReviewerPersonId: string | null;
};

/** Who the actor is for this item, worked out by the service from roles and the item's people. */
export type ActorFacts = {
  personId: string | null;
  isOwner: boolean;
  /** Holds people.write over the item's unit (a secretary). */
  isManager: boolean;
  /** Head of the lead department, or a secretary above it. */
  isDepartmentReviewer: boolean;
  /** The item's leader in charge (责任领导). */
  isLeader: boolean;
};

export type TransitionPlan = {
  status: ItemStatus;
  reviewLevel: number;
  /** The event the timeline records. */
  event: 'started' | 'submitted' | 'reviewed' | 'signed_off' | 'returned';
  /** A review row to record, when the step is a review. */
  review: { level: 1 | 2; decision: 'approve' | 'return' } | null;
  /** The note to keep as the item's progress note (submitting with a note). */
  progressNote: string | null;
};

const forbid = (reason: string, message: string) => new AppError('FORBIDDEN', { reason }, message);
const hasText = (s: string | null | undefined) => !!s && s.trim().length > 0;

/** Decides a transition: who may ask for it, from which state, and what the item becomes. Throws coded errors. */
export function planTransition(item: ItemFacts, actor: ActorFacts, to: TransitionTarget, note: string | null): TransitionPlan {
  switch (to) {
    case 'in_progress': {
      assertTransition(item.status, 'in_progress');
      if (item.status !== 'not_started') throw new AppError('LEDGER_BAD_TRANSITION', { from: item.status, to });
      if (!actor.isOwner && !actor.isManager) throw forbid('not_owner', '只有责任人或管理人员可以推进该事项');
      return { status: 'in_progress', reviewLevel: 0, event: 'started', review: null, progressNote: null };
    }
    case 'awaiting_review': {
      assertTransition(item.status, 'awaiting_review');
      if (item.status !== 'in_progress') throw new AppError('LEDGER_BAD_TRANSITION', { from: item.status, to });
      if (!actor.isOwner && !actor.isManager) throw forbid('not_owner', '只有责任人或管理人员可以提交验收');
      const progressNote = hasText(note) ? note!.trim() : item.progressNote;
      if (!hasText(progressNote)) throw new AppError('LEDGER_NOTE_REQUIRED', { field: 'progressNote' }, '提交验收前须填写整改进展');
      if (item.evidenceCount < 1) throw new AppError('LEDGER_EVIDENCE_REQUIRED', { evidenceCount: 0 }, '提交验收前须上传至少一份佐证材料');
      return { status: 'awaiting_review', reviewLevel: 0, event: 'submitted', review: null, progressNote: progressNote! };
    }
    case 'reviewed': {
      assertTransition(item.status, 'awaiting_review');
      if (item.status !== 'awaiting_review') throw new AppError('LEDGER_BAD_TRANSITION', { from: item.status, to });
      if (item.reviewLevel !== 0) throw new AppError('LEDGER_REVIEW_ORDER', { reviewLevel: item.reviewLevel, expected: 0 }, '牵头部门已审核，等待责任领导销号');
      assertReviewer(actor, 1);
      return { status: 'awaiting_review', reviewLevel: 1, event: 'reviewed', review: { level: 1, decision: 'approve' }, progressNote: null };
    }
    case 'signed_off': {
      assertTransition(item.status, 'signed_off');
      if (item.reviewLevel !== 1) throw new AppError('LEDGER_REVIEW_ORDER', { reviewLevel: item.reviewLevel, expected: 1 }, '须先经牵头部门负责人审核，再由责任领导销号');
      assertReviewer(actor, 2);
      if (actor.personId && actor.personId === item.firstReviewerPersonId) throw forbid('same_reviewer', '两级审核须由不同的人进行');
      if (item.evidenceCount < 1) throw new AppError('LEDGER_EVIDENCE_REQUIRED', { evidenceCount: 0 }, '销号须有佐证材料');
      return { status: 'signed_off', reviewLevel: 2, event: 'signed_off', review: { level: 2, decision: 'approve' }, progressNote: null };
    }
    case 'returned': {
      assertTransition(item.status, 'in_progress');
      if (item.status !== 'awaiting_review') throw new AppError('LEDGER_BAD_TRANSITION', { from: item.status, to });
      const level: 1 | 2 = item.reviewLevel === 0 ? 1 : 2;
      assertReviewer(actor, level);
      if (!hasText(note)) throw new AppError('LEDGER_NOTE_REQUIRED', { field: 'note' }, '退回须说明理由');
      return { status: 'in_progress', reviewLevel: 0, event: 'returned', review: { level, decision: 'return' }, progressNote: null };
    }
  }
}

/** Throws FORBIDDEN unless the actor reviews at this level; the owner never reviews their own item. */
export function assertReviewer(actor: ActorFacts, level: 1 | 2): void {
  if (actor.isOwner) throw forbid('owner_cannot_review', '责任人不能审核或销号自己的事项');
  if (level === 1 && !actor.isDepartmentReviewer) throw forbid('not_department_reviewer', '只有牵头部门负责人（或上级书记）可以进行第一级审核');
  if (level === 2 && !actor.isLeader) throw forbid('not_leader', '只有责任领导可以销号');
}

export type RecheckRating = 'good' | 'fair' | 'average' | 'poor';
export const RECHECK_RATINGS: readonly RecheckRating[] = ['good', 'fair', 'average', 'poor'];

/** 回头看: 一般 and 差 reopen a signed-off item for a second round. */
export function doesRecheckReopen(rating: RecheckRating): boolean {
  return rating === 'average' || rating === 'poor';
}

/** Throws unless a re-check may rate the item now (only signed-off items, never by their owner). */
export function assertCanRecheck(item: Pick<ItemFacts, 'status'>, actor: ActorFacts): void {
  if (item.status !== 'signed_off') throw new AppError('LEDGER_BAD_TRANSITION', { from: item.status, to: 'recheck' }, '只有已销号的事项可以回头看');
  if (actor.isOwner) throw forbid('owner_cannot_review', '责任人不能对自己的事项回头看');
  if (!actor.isManager && !actor.isLeader && !actor.isDepartmentReviewer) throw forbid('not_reviewer', '没有权限对该事项回头看');
}

/** Throws unless a 长期坚持 item takes a periodic check-in now: signed off, ongoing, by its owner or a manager. */
export function assertCanCheckIn(item: { status: ItemStatus; type: string }, actor: ActorFacts): void {
  if (item.type !== 'ongoing' || item.status !== 'signed_off') {
    throw new AppError('LEDGER_BAD_TRANSITION', { from: item.status, to: 'check_in' }, '只有已销号的长期坚持事项需要定期报告');
  }
  if (!actor.isOwner && !actor.isManager) throw forbid('not_owner', '只有责任人或管理人员可以报告');
}
