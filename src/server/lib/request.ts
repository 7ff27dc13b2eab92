import type { FastifyRequest } from 'fastify';
import { AppError } from '../../domain/shared/app-error';
import type { Actor } from './context';

export const SESSION_COOKIE = 'rectify_session';

/** The caller of an authenticated route. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}
