import { expect } from 'vitest';
import type { TestClient } from './client.js';

/** Helpers of the messaging tests: addresses, and a draft written and sent in two requests. */
export const person = (id: string) => ({ kind: 'user' as const, id });
export const group = (id: string) => ({ kind: 'group' as const, id });

type Address = ReturnType<typeof person> | ReturnType<typeof group>;

export interface Compose {
  to?: Address[];
  cc?: Address[];
  bcc?: Address[];
  subject?: string;
  body?: string;
  noReply?: boolean;
  urgent?: boolean;
  sendAt?: string | null;
  attachmentIds?: string[];
}

/** Creates a draft and sends it; returns the message id and the send answer. */
export async function send(client: TestClient, message: Compose) {
  const created = await client.post('/api/v1/messages/drafts', {
    json: { subject: 'Information', body: '<p>Bonjour.</p>', ...message },
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const sent = await client.post(`/api/v1/messages/drafts/${id}/send`, { json: {} });
  expect(sent.status, await sent.clone().text()).toBe(200);
  return { id, result: (await sent.json()) as { delivered: boolean; message: Record<string, unknown> } };
}

/** The ids of a folder's first page. */
export async function folderIds(client: TestClient, folder: string, extra = ''): Promise<string[]> {
  const res = await client.get(`/api/v1/messages?folder=${folder}${extra}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { items: { id: string }[] }).items.map((m) => m.id);
}
