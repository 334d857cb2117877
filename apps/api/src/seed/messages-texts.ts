/** What the demo collège's people write to each other (French, as they would): the messaging demo data's texts. */

export const PARENT_QUESTIONS: [string, string][] = [
  [
    'Travail à rattraper en {subject}',
    '{child} était absent(e) jeudi. Pourriez-vous me dire ce qu’il faut rattraper en {subject} ?',
  ],
  [
    'Difficultés en {subject}',
    '{child} me dit avoir du mal avec le dernier chapitre. Auriez-vous un conseil pour l’aider à la maison ?',
  ],
  [
    'Demande de rendez-vous',
    'Serait-il possible de vous rencontrer avant le conseil de classe pour parler du travail de {child} ?',
  ],
  [
    'Oubli de matériel',
    '{child} a oublié son cahier de {subject} au collège. Pourra-t-il le récupérer demain ?',
  ],
  [
    'Contrôle de {subject}',
    'La date du prochain contrôle de {subject} est-elle bien confirmée pour la semaine prochaine ?',
  ],
];

export const TEACHER_REPLIES = [
  'Merci pour votre message. Il faut reprendre les exercices 4 à 7 page 112 ; je les corrigerai avec {child} en début de séance.',
  'Je vous propose de nous voir mardi à 17 h, en salle des professeurs. Cela vous convient-il ?',
  '{child} fait des efforts. Reprendre les exemples du cours et refaire les exercices corrigés l’aidera beaucoup.',
  'Oui, la date est confirmée. Le travail à faire est indiqué dans le cahier de textes.',
  'Pas de souci, le cahier est rangé dans la salle ; {child} pourra le récupérer à la récréation.',
];

export const THANKS = [
  'Merci beaucoup, c’est noté. Bonne journée.',
  'Merci pour votre réponse rapide.',
  'Parfait, à mardi.',
];

export const STUDENT_QUESTIONS: [string, string][] = [
  ['Question sur le DM', 'Bonjour, pour l’exercice 3 du DM, faut-il rédiger toute la démonstration ?'],
  ['Exposé', 'Bonjour, pouvons-nous faire l’exposé à trois au lieu de deux ?'],
  ['Absence au contrôle', 'Bonjour, j’étais malade le jour du contrôle, quand pourrai-je le rattraper ?'],
];

export const STUDENT_REPLIES = [
  'Oui, la démonstration complète est attendue, avec les propriétés utilisées.',
  'À deux, comme prévu : cela permet à chacun de présenter sa partie.',
  'Tu le rattraperas mercredi à 13 h, en salle B12.',
];

export const ANNOUNCEMENTS: { subject: string; text: string; noReply: boolean }[] = [
  {
    subject: 'Réunion parents-professeurs',
    text: 'Les rencontres parents-professeurs auront lieu jeudi de 16 h 30 à 20 h. Les créneaux se réservent dans l’ENT.',
    noReply: true,
  },
  {
    subject: 'Photo de classe',
    text: 'La photo de classe aura lieu mardi matin. Les bons de commande seront distribués par les professeurs principaux.',
    noReply: true,
  },
  {
    subject: 'Brevet blanc',
    text: 'Les épreuves du brevet blanc des élèves de 3e se dérouleront sur deux jours. Le calendrier est joint au cahier de textes.',
    noReply: true,
  },
  {
    subject: 'Menus de la cantine',
    text: 'Les menus des prochaines semaines sont en ligne. Un repas végétarien est proposé chaque jeudi.',
    noReply: true,
  },
  {
    subject: 'Élections des représentants de parents',
    text: 'Le scrutin aura lieu vendredi. Le vote par correspondance est possible : le matériel est remis aux élèves.',
    noReply: false,
  },
  {
    subject: 'Sécurité aux abords du collège',
    text: 'Merci de ne pas stationner devant l’entrée du collège aux heures d’arrivée et de sortie des élèves.',
    noReply: true,
  },
];

export const CLASS_LETTERS: [string, string][] = [
  [
    'Bilan de mi-trimestre de la {class}',
    'Le bilan de mi-trimestre est disponible. La classe est sérieuse ; le travail personnel doit être plus régulier.',
  ],
  [
    'Sortie pédagogique',
    'La {class} se rendra au musée le mois prochain. L’autorisation de sortie est à rendre signée avant vendredi.',
  ],
  [
    'Conseil de classe',
    'Le conseil de classe de la {class} se tiendra bientôt. N’hésitez pas à transmettre vos questions aux délégués des parents.',
  ],
];
