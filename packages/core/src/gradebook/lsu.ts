/**
 * The LSU's four-level scale and the socle's 8 domains, without schemas (bundled by the element; competences.ts
 * re-exports all of this with the schemas).
 */

export const LSU_LEVELS = [1, 2, 3, 4] as const;
export type LsuLevel = (typeof LSU_LEVELS)[number];

export interface LsuLevelInfo {
  level: LsuLevel;
  /** Short code shown in a cell (same in both languages, as on LSU reports). */
  code: 'MI' | 'MF' | 'MS' | 'TB';
  fr: string;
  en: string;
}

export const LSU_SCALE: Record<LsuLevel, LsuLevelInfo> = {
  1: { level: 1, code: 'MI', fr: 'Maîtrise insuffisante', en: 'Insufficient command' },
  2: { level: 2, code: 'MF', fr: 'Maîtrise fragile', en: 'Fragile command' },
  3: { level: 3, code: 'MS', fr: 'Maîtrise satisfaisante', en: 'Satisfactory command' },
  4: { level: 4, code: 'TB', fr: 'Très bonne maîtrise', en: 'Very good command' },
};

/** The socle's 8 domains (LSU codes), in the order of the livret. */
export const SOCLE_DOMAINS = [
  'CPD_FRA',
  'CPD_ETR',
  'CPD_SCI',
  'CPD_ART',
  'MET_APP',
  'FRM_CIT',
  'SYS_NAT',
  'REP_MND',
] as const;
export type SocleDomain = (typeof SOCLE_DOMAINS)[number];

export const SOCLE_DOMAIN_LABELS: Record<SocleDomain, { fr: string; en: string }> = {
  CPD_FRA: {
    fr: 'Comprendre, s’exprimer en utilisant la langue française à l’oral et à l’écrit',
    en: 'Understanding and expressing oneself in French, orally and in writing',
  },
  CPD_ETR: {
    fr: 'Comprendre, s’exprimer en utilisant une langue étrangère et, le cas échéant, une langue régionale',
    en: 'Understanding and expressing oneself in a foreign or regional language',
  },
  CPD_SCI: {
    fr: 'Comprendre, s’exprimer en utilisant les langages mathématiques, scientifiques et informatiques',
    en: 'Understanding and expressing oneself in mathematical, scientific and computer languages',
  },
  CPD_ART: {
    fr: 'Comprendre, s’exprimer en utilisant les langages des arts et du corps',
    en: 'Understanding and expressing oneself in the languages of the arts and the body',
  },
  MET_APP: { fr: 'Les méthodes et outils pour apprendre', en: 'Methods and tools for learning' },
  FRM_CIT: { fr: 'La formation de la personne et du citoyen', en: 'Education of the person and the citizen' },
  SYS_NAT: { fr: 'Les systèmes naturels et les systèmes techniques', en: 'Natural and technical systems' },
  REP_MND: {
    fr: 'Les représentations du monde et l’activité humaine',
    en: 'Representations of the world and human activity',
  },
};

/** The level shown for a domain: the rounded mean of its assessments (half-up), null when none. */
export function domainLevel(levels: readonly LsuLevel[]): LsuLevel | null {
  if (levels.length === 0) return null;
  const sum = levels.reduce<number>((a, b) => a + b, 0);
  // Integer arithmetic: round(sum / n) half-up is floor((2·sum + n) / (2·n)).
  return Math.floor((2 * sum + levels.length) / (2 * levels.length)) as LsuLevel;
}
