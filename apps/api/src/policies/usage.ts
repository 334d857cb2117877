/** Usage measurement and the analysts' dashboard: event ingestion, Arrow datasets, DNMA import and export. */
import type { Access } from './access.js';

/**
 * Usage events: the route itself checks a session (the elements' beacon, sent by `sendBeacon` without a CSRF
 * header: statistics only, SameSite=Lax cookie) or a forwarding server's platform token.
 */
export const USAGE_INGEST: Access = {
  who: 'public',
  summary:
    'Une session (balise des éléments ; établissement et profil pris dans la session) ou un jeton de plateforme ' +
    '(Authorization: Bearer) d’un serveur qui relaie un autre ENT ; vérifiés par la route.',
};
/** Analytics datasets: analysts, narrowed to their territory (académie, département, or all for national). */
export const ANALYTICS_DATASETS: Access = {
  who: ['analyst'],
  relation: 'own-territory',
  summary:
    'Analystes : uniquement les établissements de leur territoire (académie, département ou national).',
};
/** Importing past audience figures and exporting in the Ministry's layout. */
export const USAGE_IMPORT: Access = {
  who: ['analyst'],
  relation: 'own-territory',
  summary: 'Analystes : établissements de leur territoire seulement.',
};
