export const CHROMIUM_ARGS: string[];
export function findChromium(): string | undefined;
export const NO_CHROMIUM: string;
