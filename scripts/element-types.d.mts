export interface ElementTypeInfo {
  tag: string;
  className: string;
  module: string;
  props: string[];
  events: string[];
}
export const TYPES_DIR: string;
export function elementsOf(manifest?: unknown): ElementTypeInfo[];
export function reactTypes(elements: ElementTypeInfo[]): string;
export function vueTypes(elements: ElementTypeInfo[]): string;
export function writeElementTypes(): string[];
