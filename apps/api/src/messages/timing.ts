/**
 * When a message is delivered and when its notification e-mails leave: the one place that decides it.
 * Quiet hours (the "droit à la déconnexion") plug in here: `deliveryTime` will move a send that has no chosen time
 * to the next open hour (the direction's urgent messages excepted), and `mailDueTime` will move e-mails likewise.
 */
import { addDays, type MessagingSettings, type NotifyMode, parisDateTime, parisLocalTime } from '@preau/core';

export interface DeliveryRequest {
  /** The time the sender chose (deferred send), or null for "now". */
  sendAt: Date | null;
  /** The direction's urgent flag. */
  urgent: boolean;
  now: Date;
  settings: MessagingSettings;
}

/** When the message reaches its recipients. A time in the past (or now) means at once. */
export function deliveryTime(request: DeliveryRequest): Date {
  const { sendAt, now } = request;
  return sendAt && sendAt.getTime() > now.getTime() ? sendAt : now;
}

/** When the notification e-mail of a message delivered at `deliveredAt` leaves, for a recipient's mode. */
export function mailDueTime(
  mode: Exclude<NotifyMode, 'never'>,
  deliveredAt: Date,
  settings: MessagingSettings,
): Date {
  if (mode === 'immediate') return deliveredAt;
  return nextDigestTime(deliveredAt, settings.digestTime);
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
