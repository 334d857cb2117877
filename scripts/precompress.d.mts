export function precompress(dir: string): Promise<{ before: number; after: number }>;
