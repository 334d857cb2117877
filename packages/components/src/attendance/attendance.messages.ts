import { countOf, plural, pluralForm } from '@preau/core/plural';
import { defineCatalog, type Messages } from '../base/i18n.js';

const inFrench = (count: unknown, one: string, other: string) => plural('fr', countOf(count), { one, other });

const fr = {
  rollCallTitle: (v) => `Appel — ${v.className} — ${v.subject}`,
  rollCallGrid: (v) => `Appel de la classe ${v.className}`,
  student: 'Élève',
  status: 'Statut',
  lateMinutes: 'Minutes de retard',
  minutesShort: 'min',
  notRecorded: 'Non saisi',
  allPresent: 'Tous présents',
  save: 'Enregistrer',
  close: "Clore l'appel",
  closeHint: 'Les élèves non saisis seront notés présents.',
  saved: 'Appel enregistré.',
  closed: 'Appel clos.',
  stateLabel: (v) => `État : ${v.state}`,
  keyboardHelp:
    'Flèches haut et bas : élève précédent ou suivant. P, A, R, D, I, E : statut. Espace : statut suivant. Entrée sur un retard : minutes.',
  summary: (v) =>
    `${inFrench(v.absent, 'absent', 'absents')}, ${inFrench(v.late, 'retard', 'retards')}, ${inFrench(v.unmarked, 'non saisi', 'non saisis')}`,
  statusOf: (v) => `${v.name} : ${v.status}`,
  minutesInvalid: 'Minutes de retard : un nombre entre 1 et 600.',
  unsaved: 'Modifications non enregistrées',
  notStarted: (v) => `Cette séance n’a pas commencé : l’appel sera possible à partir de ${v.time}.`,
  seance: 'Séance',
  seancesOf: (v) => `Séances du ${v.date}`,
  noSeance: 'Aucune séance ce jour-là.',
  upcoming: 'à venir',
  rollTodo: 'appel à faire',
  rollInProgress: 'appel en cours',
  rollDone: 'appel fait',
  outboxOffline: (v) =>
    pluralForm('fr', countOf(v.count), {
      one: 'Hors ligne : un enregistrement de l’appel attend le réseau. Rien n’est perdu : il partira de lui-même, même si vous fermez la page.',
      other: `Hors ligne : ${countOf(v.count)} enregistrements de l’appel attendent le réseau. Rien n’est perdu : ils partiront d’eux-mêmes, même si vous fermez la page.`,
    }),
  outboxSending: (v) =>
    pluralForm('fr', countOf(v.count), {
      one: 'Envoi de l’enregistrement de l’appel en attente…',
      other: `Envoi des ${countOf(v.count)} enregistrements de l’appel en attente…`,
    }),
  outboxSignedOut: 'Session expirée : reconnectez-vous pour envoyer l’appel en attente.',
  pendingMark: 'en attente d’envoi',
  conflictTitle: 'Ces saisies ont changé pendant la coupure',
  conflictIntro: 'Rien n’a été enregistré de cet envoi : choisissez pour chaque élève, puis envoyez.',
  conflictLine: (v) =>
    `${v.name} : vous aviez saisi « ${v.yours} » ; ${v.who || 'quelqu’un'} a noté depuis « ${v.theirs} » (${v.time}).`,
  keepMine: 'Garder ma saisie',
  keepTheirs: 'Garder la leur',
  sendChoices: 'Envoyer l’appel avec ces choix',
  previousDay: 'Jour précédent',
  nextDay: 'Jour suivant',
  // week grid
  weekTitle: (v) => `Semaine du ${v.date}`,
  weekGrid: (v) => `Absences de la semaine du ${v.date}`,
  filterName: 'Rechercher un élève',
  filterClass: 'Classe',
  allClasses: 'Toutes les classes',
  onlyWithEvents: 'Seulement les élèves avec absences ou retards',
  shownCount: (v) => `${inFrench(v.shown, 'élève affiché', 'élèves affichés')} sur ${v.total}`,
  previousWeek: 'Semaine précédente',
  nextWeek: 'Semaine suivante',
  weekShown: (v) => `Semaine du ${v.date} affichée.`,
  regularisee: 'régularisée',
  notRegularisee: 'non régularisée',
  cellEmpty: 'rien de noté',
  // justification queue
  queueTitle: (v) => `Justifications à traiter (${v.count})`,
  queueEmpty: 'Aucune justification en attente.',
  validate: 'Valider',
  refuse: 'Refuser',
  validateSelected: (v) => `Valider la sélection (${v.count})`,
  selectJustification: (v) => `Sélectionner la justification de ${v.name}`,
  selectAll: 'Tout sélectionner',
  covers: 'Dates concernées',
  attachment: 'Pièce jointe',
  submittedOn: (v) => `Envoyée le ${v.date}`,
  decided: (v) => `Justification ${v.state}.`,
  decidedMany: (v) => `${inFrench(v.count, 'justification validée', 'justifications validées')}.`,
  refused: (v) => `Justification de ${v.name} refusée.`,
  refuseTitle: (v) => `Refuser la justification de ${v.name}`,
  refuseReason: 'Motif du refus (la famille le lira)',
  refuseReasonRequired: 'Indiquez le motif du refus.',
  confirmRefuse: 'Confirmer le refus',
  cancel: 'Annuler',
  undone: 'Décision annulée : rien n’a été envoyé.',
  entriesCount: (v) => inFrench(v.n, 'saisie', 'saisies'),
  // parent view
  parentTitle: (v) => `Absences et retards de ${v.name}`,
  noEvents: 'Aucune absence ni aucun retard sur la période.',
  date: 'Date',
  subject: 'Matière',
  justification: 'Justification',
  notJustified: 'À justifier',
  select: 'Sélectionner',
  justifyTitle: 'Justifier une absence',
  chooseEntries: 'Cochez les absences ou retards à justifier dans le tableau.',
  motif: 'Motif',
  chooseMotif: 'Choisir un motif',
  comment: 'Commentaire',
  file: 'Pièce jointe (PDF, PNG ou JPEG, 5 Mo au plus)',
  send: 'Envoyer la justification',
  sent: 'Justification envoyée : la vie scolaire va la traiter.',
  fileTooBig: (v) => `Le fichier dépasse ${v.max}.`,
  fileBadType: 'Le fichier doit être un PDF, une image PNG ou une image JPEG.',
  motifRequired: 'Choisissez un motif.',
  entriesRequired: 'Cochez au moins une absence ou un retard.',
  totals: (v) =>
    `${inFrench(v.halfDays, "demi-journée d'absence", "demi-journées d'absence")} dont ${inFrench(v.unjustified, 'non justifiée', 'non justifiées')} ; ${inFrench(v.late, 'retard', 'retards')} (${v.minutes} min).`,
  alert: (v) => `Seuil d'alerte atteint : ${v.threshold} demi-journées non justifiées dans un mois.`,
  liveNew: (v) => `Nouveau : ${v.name}, ${v.status} (${v.subject}).`,
  empty: 'Aucune donnée à afficher.',
  loadError: 'Ces données ne sont pas des absences lisibles.',
} satisfies Messages<string>;
export type AttendanceMessageKey = keyof typeof fr;

/**
 * Every string a person reads in `<preau-attendance>`, in French; the English, in attendance.messages.en.ts, loads
 * when an element speaks English.
 */
export const attendanceMessages = defineCatalog<AttendanceMessageKey>({
  fr,
  en: () => import('./attendance.messages.en.js').then((m) => m.en),
});
