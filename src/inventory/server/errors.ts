/**
 * Every error the API returns has one shape: `{ error: <code>, message, ...details }`, with the
 * HTTP status that says what went wrong. Messages never contain request values.
 */
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** zod issues → `{ path, message }`, paths like `findings[3].path`. */
export function issuesOf(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(root)';
}

export function send(reply: FastifyReply, e: ApiError): FastifyReply {
  return reply.code(e.status).send({ error: e.code, message: e.message, ...e.details });
}
