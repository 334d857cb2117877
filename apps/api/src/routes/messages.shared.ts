/**
 * What the messaging routes share: their tag, the JSON helpers of their declarations, and the service context of a
 * request (the viewer, the clock's time, the stores).
 */
import type { z } from '@hono/zod-openapi';
import type { RouteDeps } from '../http/route.js';
import type { MessagesContext } from '../messages/drafts.js';
import type { Viewer } from '../policies/index.js';

export const TAG = ['Messagerie'];

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const body = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});

/** The service context of one request: `now` is read once, from the injected clock. */
export function messagesContext(deps: RouteDeps): (viewer: Viewer | null) => MessagesContext {
  return (viewer) => ({
    db: deps.db,
    viewer: viewer!,
    now: deps.clock(),
    files: deps.files,
    live: deps.live,
  });
}
