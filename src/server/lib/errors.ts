import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode } from '../../domain/shared/app-error';

/** HTTP status for each error code; the switch is exhaustive, so a new code fails type-checking until mapped. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
    case 'INVALID_NATIONAL_ID':
    case 'INVALID_MOVE':
    case 'MALFORMED_FILE':
    case 'LEDGER_NOTE_REQUIRED':
      return 400;
    case 'UNAUTHENTICATED':
    case 'INVALID_CREDENTIALS':
      return 401;
    case 'ACCOUNT_DISABLED':
    case 'PASSWORD_CHANGE_REQUIRED':
    case 'CSRF_FAILED':
    case 'FORBIDDEN':
    case 'OUT_OF_SCOPE':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'VERSION_CONFLICT':
    case 'DUPLICATE':
    case 'UNIT_NOT_EMPTY':
    case 'LEDGER_DRAFT_MISSING':
    case 'LEDGER_DRAFT_COMMITTED':
    case 'LEDGER_BAD_TRANSITION':
    case 'LEDGER_REVIEW_ORDER':
    case 'LEDGER_EVIDENCE_REQUIRED':
    case 'GRID_NOT_EMPTY':
    case 'FOCUS_FILE_CLOSED':
      return 409;
    case 'FILE_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_FILE_TYPE':
      return 415;
    case 'ACCOUNT_LOCKED':
      return 423;
    case 'RATE_LIMITED':
      return 429;
    case 'INTERNAL':
      return 500;
  }
}

/** The Chinese message shown when the client has no translation of its own for the code. */
export function messageOf(code: ErrorCode): string {
  switch (code) {
    case 'VALIDATION_FAILED': return '提交的数据不符合要求';
    case 'UNAUTHENTICATED': return '请先登录';
    case 'INVALID_CREDENTIALS': return '用户名或密码错误';
    case 'ACCOUNT_LOCKED': return '登录失败次数过多，账号已临时锁定，请稍后再试';
    case 'ACCOUNT_DISABLED': return '账号已停用';
    case 'PASSWORD_CHANGE_REQUIRED': return '首次登录须先修改密码';
    case 'CSRF_FAILED': return '请求校验失败，请刷新页面后重试';
    case 'FORBIDDEN': return '没有权限执行此操作';
    case 'OUT_OF_SCOPE': return '该数据不在您的管理范围内';
    case 'NOT_FOUND': return '数据不存在或已被删除';
    case 'VERSION_CONFLICT': return '数据已被他人修改，请刷新后重试';
    case 'DUPLICATE': return '数据重复';
    case 'INVALID_NATIONAL_ID': return '身份证号码无效';
    case 'INVALID_MOVE': return '不能把组织移动到它自己或其下级之下';
    case 'UNIT_NOT_EMPTY': return '该组织下仍有在用的下级组织或人员，不能撤销';
    case 'FILE_TOO_LARGE': return '文件过大';
    case 'UNSUPPORTED_FILE_TYPE': return '不支持的文件类型';
    case 'MALFORMED_FILE': return '文件已损坏或格式不正确';
    case 'LEDGER_DRAFT_MISSING': return '请先生成整改台账草稿';
    case 'LEDGER_DRAFT_COMMITTED': return '整改台账草稿已提交，不能再修改或重复提交';
    case 'LEDGER_BAD_TRANSITION': return '该事项当前状态下不能进行此操作';
    case 'LEDGER_REVIEW_ORDER': return '须先经牵头部门负责人审核，再由责任领导销号';
    case 'LEDGER_EVIDENCE_REQUIRED': return '须先上传佐证材料';
    case 'LEDGER_NOTE_REQUIRED': return '须填写整改进展或理由';
    case 'GRID_NOT_EMPTY': return '网格内还有成员，请先调整到其他网格再撤销';
    case 'FOCUS_FILE_CLOSED': return '该重点人员专档已结档，不能再修改';
    case 'RATE_LIMITED': return '请求过于频繁，请稍后再试';
    case 'INTERNAL': return '服务器内部错误';
  }
}

function send(reply: FastifyReply, code: ErrorCode, details?: unknown, message?: string) {
  return reply.status(statusOf(code)).send({ error: { code, message: message ?? messageOf(code), details } });
}

export function handleError(error: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) return send(reply, error.code, error.details, error.message !== error.code ? error.message : undefined);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => ({
      path: (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.'),
      message: v.message ?? '',
    }));
    return send(reply, 'VALIDATION_FAILED', { issues });
  }
  if (isResponseSerializationError(error)) {
    req.log.error({ err: error, issues: error.cause }, 'response does not match its schema');
    return send(reply, 'INTERNAL');
  }
  const pgCode = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  if (pgCode === '23505') return send(reply, 'DUPLICATE', undefined, '数据重复：已存在相同的记录');
  if (pgCode === '23503') return send(reply, 'VALIDATION_FAILED', undefined, '引用的数据不存在');
  const fe = error as FastifyError;
  if (fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413) {
    return send(reply, 'FILE_TOO_LARGE');
  }
  if (fe.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.statusCode === 415) {
    return send(reply, 'UNSUPPORTED_FILE_TYPE');
  }
  if (fe.statusCode === 429) return send(reply, 'RATE_LIMITED');
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return send(reply, 'VALIDATION_FAILED', undefined, fe.message);
  }
  req.log.error({ err: error }, 'unhandled error');
  return send(reply, 'INTERNAL');
}
