/** Every failure the product reports carries one of these codes; the HTTP layer maps each to a status. */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'ACCOUNT_LOCKED'
  | 'ACCOUNT_DISABLED'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'CSRF_FAILED'
  | 'FORBIDDEN'
  | 'OUT_OF_SCOPE'
  | 'NOT_FOUND'
  | 'VERSION_CONFLICT'
  | 'DUPLICATE'
  | 'INVALID_NATIONAL_ID'
  | 'INVALID_MOVE'
  | 'UNIT_NOT_EMPTY'
  | 'FILE_TOO_LARGE'
  | 'UNSUPPORTED_FILE_TYPE'
  | 'MALFORMED_FILE'
  | 'LEDGER_DRAFT_MISSING'
  | 'LEDGER_DRAFT_COMMITTED'
  | 'LEDGER_BAD_TRANSITION'
  | 'LEDGER_REVIEW_ORDER'
  | 'LEDGER_EVIDENCE_REQUIRED'
  | 'LEDGER_NOTE_REQUIRED'
  | 'GRID_NOT_EMPTY'
  | 'FOCUS_FILE_CLOSED'
  | 'RATE_LIMITED'
  | 'INTERNAL';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'AppError';
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
