/**
 * When a message is delivered and when its notification e-mails leave: the one place that decides it, on the
 * établissement's quiet hours (the "droit à la déconnexion", computed by `@preau/core`). A message sent or
 * scheduled into quiet hours waits for their end; only the direction's urgent messages reach the inboxes at once.
 * E-mails never leave in quiet hours, urgent or not: the inbox (and the open page) carries the urgency.
 */
import {
  addDays,
  type MessagingSettings,
  type NotifyMode,
  nextAllowedDelivery,
  parisDateTime,
  parisLocalTime,
  type QuietHours,
} from '@preau/core';

export interface DeliveryRequest {
  /** The time the sender chose (deferred send), or null for "now". */
  sendAt: Date | null;
  /** The direction's urgent flag (only the direction may set it). */
  urgent: boolean;
  now: Date;
  quietHours: QuietHours;
}

/** When the message reaches its recipients. A time in the past (or now) means at once. */
export function deliveryTime(request: DeliveryRequest): Date {
  const { sendAt, now } = request;
  const at = sendAt && sendAt.getTime() > now.getTime() ? sendAt : now;
  return request.urgent ? at : nextAllowedDelivery(at, request.quietHours);
}

/** When the notification e-mail of a message delivered at `deliveredAt` leaves, for a recipient's mode. */
export function mailDueTime(
  mode: Exclude<NotifyMode, 'never'>,
  deliveredAt: Date,
  settings: MessagingSettings,
  quietHours: QuietHours,
): Date {
  const at = mode === 'immediate' ? deliveredAt : nextDigestTime(deliveredAt, settings.digestTime);
  return nextAllowedDelivery(at, quietHours);
}

/** The first digest time (Europe/Paris, `HH:MM`) at or after `after`. */
export function nextDigestTime(after: Date, digestTime: string): Date {
  const today = parisLocalTime(after).date;
  for (let offset = 0; offset < 3; offset++) {
    const at = new Date(parisDateTime(addDays(today, offset), digestTime));
    if (at.getTime() >= after.getTime()) return at;
  }
  throw new Error('unreachable: a digest time falls within two days');
}
