/**
 * A random key (idempotency keys, draft keys, a page's id) in the UUID v4 form, from the browser's cryptographic
 * generator. `crypto.getRandomValues` works on plain-HTTP pages too, where `crypto.randomUUID` does not.
 */
export function randomKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40; // version 4
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
