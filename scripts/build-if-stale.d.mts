export function newest(path: string): number;
export function buildIfStale(options?: { force?: boolean }): void;
