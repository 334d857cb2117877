export const CDN_DIR: string;
export const README: string;
export function cdnVersion(): string;
export function sri(bytes: string | Uint8Array): string;
export function integrityOf(dir: string): Record<string, string>;
export function readmeTag(text?: string): { version: string; integrity: string } | null;
