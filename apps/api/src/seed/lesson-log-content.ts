/**
 * What the demo cahiers de textes say: the chapters each subject goes through over a collège year (by level where
 * programmes differ), what a séance does, the work given, and the links teachers paste. Written by hand to read
 * like a real cahier; the seed picks among them deterministically.
 */
import type { WorkType } from '@preau/core';

/** Chapters of a subject for a level, in the order of the year. */
export const CHAPTERS: Record<string, Partial<Record<string, string[]>> & { all?: string[] }> = {
  MATHS: {
    '6e': [
      'Nombres entiers et décimaux',
      'Droites, segments et cercles',
      'Fractions',
      'Angles',
      'Proportionnalité',
      'Aires et périmètres',
      'Symétrie axiale',
      'Statistiques',
    ],
    '5e': [
      'Priorités opératoires',
      'Nombres relatifs',
      'Fractions : comparer et additionner',
      'Triangles',
      'Symétrie centrale',
      'Calcul littéral',
      'Parallélogrammes',
      'Probabilités',
    ],
    '4e': [
      'Nombres relatifs : produits et quotients',
      'Fractions : multiplier et diviser',
      'Théorème de Pythagore',
      'Puissances',
      'Calcul littéral et équations',
      'Proportionnalité et pourcentages',
      'Théorème de Thalès',
      'Statistiques et probabilités',
    ],
    '3e': [
      'Arithmétique',
      'Calcul littéral : identités remarquables',
      'Équations et inéquations',
      'Théorème de Thalès',
      'Fonctions',
      'Trigonométrie',
      'Probabilités',
      'Géométrie dans l’espace',
    ],
  },
  FRANC: {
    '6e': [
      'Le conte merveilleux',
      'Les récits de création',
      'L’Odyssée : le héros',
      'Les fables de La Fontaine',
      'Le théâtre : la farce',
      'Poésie : jouer avec les mots',
    ],
    '5e': [
      'Le récit d’aventures',
      'Les chevaliers de la Table ronde',
      'Le Cid : héros et dilemmes',
      'Poésie : dire l’amour',
      'Le voyage et l’ailleurs',
      'Les Fourberies de Scapin',
    ],
    '4e': [
      'La nouvelle réaliste : Maupassant',
      'Le récit fantastique',
      'Le Cid, tragédie de l’honneur',
      'Poésie : dire l’amour',
      'Individu et société : Le Malade imaginaire',
      'L’information et les médias',
    ],
    '3e': [
      'Se raconter : l’autobiographie',
      'Dénoncer les travers de la société',
      'Poésie engagée',
      'Agir dans la cité : la guerre',
      'Visions poétiques du monde',
      'Préparer le brevet',
    ],
  },
  HIGEO: {
    '6e': [
      'La longue histoire de l’humanité',
      'Les premiers États, les premières écritures',
      'Le monde des cités grecques',
      'Rome, du mythe à l’histoire',
      'Habiter une métropole',
      'Habiter un espace de faible densité',
    ],
    '5e': [
      'Byzance et l’Europe carolingienne',
      'L’ordre seigneurial',
      'Le temps des grandes découvertes',
      'La croissance démographique',
      'Des ressources limitées',
      'EMC : l’égalité',
    ],
    '4e': [
      'Le XVIIIe siècle : les Lumières',
      'La Révolution française',
      'L’Europe et le monde au XIXe siècle',
      'L’urbanisation du monde',
      'Les mobilités humaines',
      'EMC : la liberté',
    ],
    '3e': [
      'La Première Guerre mondiale',
      'Les régimes totalitaires',
      'La Seconde Guerre mondiale',
      'Le monde depuis 1945',
      'Dynamiques territoriales de la France',
      'EMC : la défense nationale',
    ],
  },
  ANGL: {
    all: [
      'Back to school',
      'Daily routines',
      'Famous people',
      'Travelling around the UK',
      'Food and health',
      'The media',
      'New York City',
      'Environment',
    ],
  },
  ESP: { all: ['Presentarse', 'La familia', 'El instituto', 'La ciudad', 'Las fiestas', 'Los viajes'] },
  ALL: { all: ['Sich vorstellen', 'Die Familie', 'In der Schule', 'Meine Stadt', 'Feste feiern', 'Reisen'] },
  ITA: { all: ['Presentarsi', 'La famiglia', 'La scuola', 'La città', 'Le feste', 'I viaggi'] },
  SVT: {
    all: [
      'Le vivant et son organisation',
      'La cellule',
      'La nutrition des organismes',
      'Les séismes et volcans',
      'La reproduction',
      'Le corps humain et la santé',
      'L’écosystème',
    ],
  },
  PHYCH: {
    all: [
      'Les états de la matière',
      'Les mélanges',
      'Le circuit électrique',
      'La lumière',
      'Les mouvements',
      'L’énergie',
    ],
  },
  TECHN: {
    all: [
      'Les objets techniques',
      'Les matériaux',
      'L’énergie dans les objets',
      'Algorithmique et programmation',
      'Projet : maison connectée',
    ],
  },
  ARTPL: {
    all: [
      'L’objet et l’œuvre',
      'La représentation de l’espace',
      'Couleurs et matières',
      'L’image et ses codes',
      'Projet collectif',
    ],
  },
  EDMUS: {
    all: [
      'La voix et le chant',
      'Le rythme',
      'Musique et cinéma',
      'Les instruments de l’orchestre',
      'Projet musical',
    ],
  },
  EPS: { all: ['Demi-fond', 'Badminton', 'Acrosport', 'Handball', 'Natation', 'Athlétisme'] },
};

/** What happens in a séance; `{ch}` is the chapter. */
export const ACTIVITIES: Record<string, string[]> = {
  MATHS: [
    '<p>Activité d’introduction : {ch}.</p><p>Cours : définition et <strong>propriété</strong> à connaître, exemples rédigés.</p>',
    '<p>Correction des exercices. Suite du cours : méthode.</p><ul><li>Exemple 1 fait en classe</li><li>Exemple 2 à terminer</li></ul>',
    '<p>Exercices d’application en groupes ({ch}).</p><p>Mise en commun au tableau.</p>',
    '<p>Interrogation de 15 minutes, puis correction.</p><p>Début d’une activité de recherche.</p>',
    '<p>Bilan du chapitre « {ch} » : carte mentale au tableau.</p>',
  ],
  FRANC: [
    '<p>Lecture analytique : {ch}.</p><p>Relevé des procédés d’écriture, <em>trace écrite</em> dans le cahier.</p>',
    '<p>Grammaire : les propositions subordonnées. Exercices d’application.</p>',
    '<p>Atelier d’écriture : rédiger la suite du texte (une page).</p>',
    '<p>Vocabulaire du chapitre et lecture à voix haute.</p><ul><li>Lecture expressive</li><li>Questions de compréhension</li></ul>',
    '<p>Dictée préparée, puis correction collective.</p>',
  ],
  HIGEO: [
    '<p>{ch} : étude de documents (carte et texte).</p><p>Trace écrite : les notions clés.</p>',
    '<p>Frise chronologique et repères à connaître.</p>',
    '<p>Croquis : légende organisée, nomenclature.</p>',
    '<p>Débat réglé en EMC, puis synthèse.</p>',
  ],
  LANG: [
    '<p>{ch} : compréhension orale (document vidéo), relevé du vocabulaire.</p>',
    '<p>Grammaire en contexte, exercices oraux en binômes.</p>',
    '<p>Expression écrite : un court paragraphe sur le thème « {ch} ».</p>',
    '<p>Prise de parole en continu, évaluation formative.</p>',
  ],
  SCIENCES: [
    '<p>{ch} : situation-problème et hypothèses.</p><p>Protocole expérimental en groupes.</p>',
    '<p>Travaux pratiques, compte rendu à compléter.</p>',
    '<p>Bilan : schéma et phrase de conclusion dans le cahier.</p>',
    '<p>Étude de documents et exercices.</p>',
  ],
  ARTS: [
    '<p>{ch} : présentation de la consigne et recherches au brouillon.</p>',
    '<p>Pratique : réalisation en cours, <em>analyse</em> d’une œuvre de référence.</p>',
    '<p>Verbalisation : chacun présente sa production.</p>',
  ],
  EPS: [
    '<p>{ch} : échauffement, ateliers techniques, situation d’apprentissage.</p>',
    '<p>{ch} : évaluation formative et rôles d’arbitre et d’observateur.</p>',
  ],
};

export const ACTIVITY_GROUP: Record<string, keyof typeof ACTIVITIES> = {
  MATHS: 'MATHS',
  FRANC: 'FRANC',
  HIGEO: 'HIGEO',
  ANGL: 'LANG',
  ESP: 'LANG',
  ALL: 'LANG',
  ITA: 'LANG',
  SVT: 'SCIENCES',
  PHYCH: 'SCIENCES',
  TECHN: 'SCIENCES',
  ARTPL: 'ARTS',
  EDMUS: 'ARTS',
  EPS: 'EPS',
};

/** Work a subject gives after a séance: weight, type, title ({ch}, {p} a page, {n} an exercise), minutes. */
export const WORK: Record<string, [number, WorkType, string, [number, number]][]> = {
  MATHS: [
    [6, 'exercices', 'Exercices {n} et {m} p. {p}', [15, 30]],
    [3, 'lecon', 'Apprendre la leçon : {ch}', [10, 20]],
    [1, 'recherche', 'Problème ouvert : chercher et noter ses essais', [20, 30]],
  ],
  FRANC: [
    [4, 'lecon', 'Apprendre le vocabulaire de « {ch} »', [10, 20]],
    [3, 'exercices', 'Exercices de grammaire {n} à {m} p. {p}', [15, 25]],
    [2, 'autre', 'Lire les pages {p} à {q} du livre', [20, 40]],
  ],
  HIGEO: [
    [4, 'lecon', 'Apprendre la trace écrite et les repères', [15, 25]],
    [2, 'exercices', 'Compléter le croquis p. {p}', [15, 25]],
  ],
  LANG: [
    [4, 'lecon', 'Apprendre le vocabulaire de la leçon', [10, 20]],
    [2, 'exercices', 'Workbook p. {p}, exercices {n} et {m}', [15, 20]],
  ],
  SCIENCES: [
    [3, 'lecon', 'Apprendre le bilan : {ch}', [10, 20]],
    [2, 'exercices', 'Exercices {n} et {m} p. {p}', [15, 25]],
    [1, 'recherche', 'Rechercher un exemple dans la vie quotidienne', [15, 30]],
  ],
  ARTS: [[1, 'autre', 'Apporter le matériel pour la séance', [5, 10]]],
  EPS: [[1, 'autre', 'Apporter sa tenue et une bouteille d’eau', [5, 5]]],
};

/** How often a subject gives work after a séance. */
export const WORK_RATE: Record<string, number> = {
  MATHS: 0.6,
  FRANC: 0.55,
  HIGEO: 0.45,
  LANG: 0.5,
  SCIENCES: 0.35,
  ARTS: 0.1,
  EPS: 0.05,
};

/** Links teachers paste, by subject group. */
export const LINKS: Record<string, { url: string; label: string }[]> = {
  MATHS: [
    { url: 'https://www.lumni.fr/college/mathematiques', label: 'Lumni — mathématiques' },
    { url: 'https://fr.khanacademy.org/math', label: 'Khan Academy — exercices' },
  ],
  FRANC: [
    { url: 'https://www.lumni.fr/college/francais', label: 'Lumni — français' },
    { url: 'https://gallica.bnf.fr/', label: 'Gallica — le texte intégral' },
  ],
  HIGEO: [
    { url: 'https://www.lumni.fr/college/histoire', label: 'Lumni — histoire' },
    { url: 'https://www.geoportail.gouv.fr/', label: 'Géoportail' },
  ],
  LANG: [{ url: 'https://www.lumni.fr/college/langues', label: 'Lumni — langues vivantes' }],
  SCIENCES: [{ url: 'https://www.lumni.fr/college/sciences', label: 'Lumni — sciences' }],
  ARTS: [{ url: 'https://www.louvre.fr/', label: 'Musée du Louvre' }],
  EPS: [],
};

export const PRIVATE_NOTES = [
  'Revoir la notion avec le groupe du fond : beaucoup d’erreurs.',
  'Séance trop longue : couper l’activité en deux la prochaine fois.',
  'Penser à rendre les copies corrigées.',
  'Bonne participation ; prévoir un exercice de plus pour les plus rapides.',
  'Trois élèves sans matériel : prévenir le professeur principal.',
];
