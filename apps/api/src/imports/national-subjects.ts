/**
 * The national codes (BCN, table of subjects taught: 6 digits) and labels of the collège's usual subjects, by our
 * management code. A school's own Nomenclature.xml or STS-web file gives the real ones, kept on each subject;
 * these serve the sample files, the demo data and subjects created by hand (the LSU needs a 6-character code for
 * every discipline).
 *
 * Checked against a collège's BCN subject list as shipped by the open-source ENT module OPEN ENT NG vie-scolaire
 * (`deployment/viescolaire/migration/1.4.0/init_libelle_matiere.sql`: code, code gestion, libellé), LATIN against
 * its `057-alterNotes-InsertMatiereAddColumnBCN.sql`; MATHEMATIQUES, ARTS PLASTIQUES and EPS also agree with GEPI's
 * LSL nomenclature. 040600 HISTOIRE ET GEOGRAPHIE exists too (lycée lists); a collège's list carries 043700.
 */
export const NATIONAL_SUBJECTS: Record<string, { code: string; name: string }> = {
  FRANC: { code: '020700', name: 'Français' },
  MATHS: { code: '061300', name: 'Mathématiques' },
  HIGEO: { code: '043700', name: 'Histoire-géographie' },
  EMC: { code: '043800', name: 'Enseignement moral et civique' },
  ANGL: { code: '030201', name: 'Anglais LV1' },
  ESP: { code: '030602', name: 'Espagnol LV2' },
  ALL: { code: '030102', name: 'Allemand LV2' },
  ITA: { code: '030902', name: 'Italien LV2' },
  SVT: { code: '062900', name: 'Sciences de la vie et de la Terre' },
  PHYCH: { code: '062300', name: 'Physique-chimie' },
  TECHN: { code: '070800', name: 'Technologie' },
  ARTPL: { code: '090100', name: 'Arts plastiques' },
  EDMUS: { code: '081300', name: 'Éducation musicale' },
  EPS: { code: '100100', name: 'Éducation physique et sportive' },
  LATIN: { code: '020100', name: 'Latin' },
};
