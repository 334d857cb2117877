export const REFERENCE: string;
export function elementReference(manifest: unknown): string;
