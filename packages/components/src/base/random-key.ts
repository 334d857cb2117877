/**
 * A random key (idempotency keys, draft keys, a page's id): 128 bits from the browser's cryptographic generator, in
 * hex. `crypto.getRandomValues` works on plain-HTTP pages too, where `crypto.randomUUID` does not.
 */
export function randomKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}
