/** Live notices (every area's) and the établissement's quiet hours. */
import type { Access } from './access.js';

export const LIVE_STREAM: Access = {
  who: 'signed-in',
  relation: 'self',
  summary: 'Ses propres avis, ceux que chaque domaine lui adresse (un parent : ceux de ses enfants).',
};
export const QUIET_HOURS_READ: Access = {
  who: 'signed-in',
  relation: 'own-etablissement',
  summary: "Les membres de l'établissement et les familles de ses élèves ; les analystes de son territoire.",
};
export const QUIET_HOURS_WRITE: Access = {
  who: ['direction'],
  relation: 'own-etablissement',
  summary: "La direction de l'établissement.",
};
