/** Hardware, ENT project status and accounts of an établissement; deployment state of territories. */
import type { Access } from './access.js';

/** Hardware and ENT project status of an établissement: its direction, or analysts of its territory. */
export const HARDWARE_READ: Access = {
  who: ['analyst', 'direction'],
  relation: 'own-territory',
  summary: 'Direction de l’établissement ; analystes de son territoire.',
};
export const HARDWARE_WRITE: Access = {
  who: ['analyst', 'direction'],
  relation: 'own-territory',
  summary: 'Direction de l’établissement ; analystes de son territoire (collectivité).',
};
/** Deployment state of territories (the Ministry's five categories). */
export const DEPLOYMENT_READ: Access = {
  who: ['analyst'],
  relation: 'own-territory',
  summary: 'Analystes : territoires contenus dans le leur.',
};
export const DEPLOYMENT_WRITE: Access = {
  who: ['analyst'],
  relation: 'own-territory',
  summary: 'Analystes : territoires contenus dans le leur.',
};
