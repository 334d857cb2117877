/**
 * The national codes (BCN, 6 digits) and labels of the collège's usual subjects, by their usual management code.
 * A school's own Nomenclature.xml or STS-web file gives the real ones, kept on each subject; these serve the
 * sample files and subjects created by hand (the LSU needs a 6-character code for every discipline).
 */
export const NATIONAL_SUBJECTS: Record<string, { code: string; name: string }> = {
  FRANC: { code: '020700', name: 'Français' },
  MATHS: { code: '061300', name: 'Mathématiques' },
  HIGEO: { code: '040600', name: 'Histoire-géographie' },
  ANGL: { code: '030201', name: 'Anglais LV1' },
  ESP: { code: '030602', name: 'Espagnol LV2' },
  ALL: { code: '030102', name: 'Allemand LV2' },
  SVT: { code: '062900', name: 'Sciences de la vie et de la Terre' },
  PHYCH: { code: '061800', name: 'Physique-chimie' },
  TECHN: { code: '070800', name: 'Technologie' },
  ARTPL: { code: '081000', name: 'Arts plastiques' },
  EDMUS: { code: '084400', name: 'Éducation musicale' },
  EPS: { code: '100100', name: 'Éducation physique et sportive' },
  ITA: { code: '030802', name: 'Italien LV2' },
  LATIN: { code: '020300', name: 'Latin' },
  EMC: { code: '040700', name: 'Enseignement moral et civique' },
};
