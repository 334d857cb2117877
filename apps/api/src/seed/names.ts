/** Invented people's names: common French first names by generation and common surnames (no real person). */

/** First names of children born around 2010–2016. */
// biome-ignore format: a compact list reads better than one name per line
export const CHILD_FIRST_NAMES = {
  f: [
    'Emma', 'Jade', 'Louise', 'Lina', 'Chloé', 'Léa', 'Manon', 'Inès', 'Camille', 'Zoé', 'Lola', 'Léna', 'Alice',
    'Mila', 'Anna', 'Rose', 'Ambre', 'Julia', 'Sarah', 'Eva', 'Juliette', 'Lou', 'Romane', 'Jeanne', 'Agathe',
    'Margaux', 'Clara', 'Nina', 'Maëlys', 'Léonie', 'Mathilde', 'Louna', 'Océane', 'Sofia', 'Yasmine', 'Aya',
    'Lucie', 'Elsa', 'Capucine', 'Victoria', 'Lilou', 'Maya', 'Noémie', 'Salomé', 'Charlotte', 'Lise', 'Apolline',
    'Héloïse', 'Alicia', 'Lana', 'Kenza', 'Emy', 'Constance', 'Élise', 'Éloïse', 'Lou-Anne', 'Assia', 'Mia',
  ],
  m: [
    'Gabriel', 'Léo', 'Raphaël', 'Arthur', 'Louis', 'Lucas', 'Jules', 'Hugo', 'Adam', 'Maël', 'Nathan', 'Noah',
    'Tom', 'Théo', 'Ethan', 'Sacha', 'Paul', 'Nolan', 'Timéo', 'Mathis', 'Enzo', 'Liam', 'Gabin', 'Axel', 'Aaron',
    'Maxime', 'Mohamed', 'Rayan', 'Noé', 'Baptiste', 'Clément', 'Antoine', 'Valentin', 'Samuel', 'Evan', 'Victor',
    'Simon', 'Mathéo', 'Eliott', 'Yanis', 'Kylian', 'Matteo', 'Esteban', 'Robin', 'Martin', 'Alexis', 'Lenny',
    'Corentin', 'Quentin', 'Ilyes', 'Bastien', 'Titouan', 'Malo', 'Marius', 'Amir', 'Loïc', 'Killian', 'Ewen',
  ],
} as const;

/** First names of adults born around 1965–1995 (parents, teachers, staff). */
// biome-ignore format: a compact list reads better than one name per line
export const ADULT_FIRST_NAMES = {
  f: [
    'Nathalie', 'Isabelle', 'Sandrine', 'Stéphanie', 'Céline', 'Aurélie', 'Sophie', 'Virginie', 'Émilie', 'Julie',
    'Laetitia', 'Caroline', 'Élodie', 'Karine', 'Valérie', 'Sabrina', 'Mélanie', 'Audrey', 'Christelle', 'Delphine',
    'Véronique', 'Anne', 'Marie', 'Hélène', 'Claire', 'Sylvie', 'Fatima', 'Samia', 'Vanessa', 'Laure', 'Magali',
    'Cécile', 'Amandine', 'Jennifer', 'Carole', 'Florence', 'Corinne', 'Pauline', 'Anaïs', 'Marion', 'Nadia',
    'Emmanuelle', 'Séverine', 'Patricia', 'Gaëlle', 'Myriam', 'Agnès', 'Béatrice', 'Estelle', 'Ludivine',
  ],
  m: [
    'Nicolas', 'Sébastien', 'Julien', 'Stéphane', 'Christophe', 'David', 'Frédéric', 'Jérôme', 'Laurent', 'Olivier',
    'Cédric', 'Guillaume', 'Thomas', 'Vincent', 'Mickaël', 'Anthony', 'Fabrice', 'Arnaud', 'Pascal', 'Philippe',
    'Éric', 'Franck', 'Grégory', 'Jean-Marc', 'Karim', 'Mehdi', 'Romain', 'Yannick', 'Benoît', 'Damien', 'Ludovic',
    'Xavier', 'Thierry', 'Hervé', 'Emmanuel', 'Jean-François', 'Pierre', 'Alexandre', 'Mathieu', 'Bruno',
    'Sylvain', 'Rachid', 'Jean-Luc', 'François', 'Patrice', 'Gilles', 'Cyril', 'Florian', 'Jonathan', 'Samir',
  ],
} as const;

/** Surnames common in France and in Champagne-Ardenne and Picardie. */
// biome-ignore format: a compact list reads better than one name per line
export const LAST_NAMES = [
  'Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent', 'Simon',
  'Michel', 'Lefebvre', 'Leroy', 'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard', 'Bonnet', 'Dupont',
  'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Muller', 'Lefèvre', 'Faure', 'André', 'Mercier', 'Blanc', 'Guérin',
  'Boyer', 'Garnier', 'Chevalier', 'François', 'Legrand', 'Gauthier', 'Garcia', 'Perrin', 'Robin', 'Clément',
  'Morin', 'Nicolas', 'Henry', 'Roussel', 'Mathieu', 'Gautier', 'Masson', 'Marchand', 'Duval', 'Denis', 'Dumont',
  'Marie', 'Lemaire', 'Noël', 'Meyer', 'Dufour', 'Meunier', 'Brun', 'Blanchard', 'Giraud', 'Joly', 'Rivière',
  'Lucas', 'Brunet', 'Gaillard', 'Barbier', 'Arnaud', 'Martinez', 'Gérard', 'Roche', 'Renard', 'Schmitt', 'Roy',
  'Leroux', 'Colin', 'Vidal', 'Caron', 'Picard', 'Roger', 'Fabre', 'Aubert', 'Lemoine', 'Renaud', 'Dumas',
  'Lacroix', 'Olivier', 'Philippe', 'Bourgeois', 'Pierre', 'Benoît', 'Rey', 'Leclerc', 'Rolland', 'Leclercq',
  'Guillaume', 'Lecomte', 'Lopez', 'Jean', 'Dupuy', 'Guillot', 'Hubert', 'Berger', 'Carpentier', 'Sanchez',
  'Dupuis', 'Moulin', 'Louis', 'Deschamps', 'Huet', 'Vasseur', 'Perez', 'Boucher', 'Fleury', 'Royer', 'Klein',
  'Jacquet', 'Adam', 'Poirier', 'Marty', 'Aubry', 'Guyot', 'Carré', 'Charles', 'Renault', 'Charpentier',
  'Ménard', 'Maillard', 'Baron', 'Bertin', 'Bailly', 'Hervé', 'Schneider', 'Fernandez', 'Le Gall', 'Collet',
  'Léger', 'Bouvier', 'Julien', 'Prévost', 'Millet', 'Perrot', 'Daniel', 'Le Roux', 'Cousin', 'Germain', 'Breton',
  'Besson', 'Langlois', 'Rémy', 'Pelletier', 'Lévêque', 'Perrier', 'Leblanc', 'Barré', 'Lebrun', 'Marchal',
  'Weber', 'Mallet', 'Hamon', 'Boulanger', 'Jacob', 'Monnier', 'Michaud', 'Rodriguez', 'Guichard', 'Gillet',
  'Étienne', 'Poulain', 'Tessier', 'Chevallier', 'Collin', 'Chauvin', 'Da Silva', 'Bouchet', 'Lemaître',
  'Maréchal', 'Humbert', 'Reynaud', 'Antoine', 'Perret', 'Barthélemy', 'Cordier', 'Lejeune', 'Gilbert', 'Lamy',
  'Delaunay', 'Pasquier', 'Carlier', 'Laporte', 'Lallement', 'Gobert', 'Hennequin', 'Jacquemin', 'Thiébaut',
  'Collignon', 'Ponsart', 'Dauphinot', 'Lhotte', 'Gérardin', 'Watier', 'Dehaye', 'Delval', 'Lecocq', 'Dollé',
  'Benali', 'Haddad', "N'Diaye", 'Diallo', 'Nguyen', 'Traoré', 'Mendes', 'Ferreira', 'Yilmaz', 'Kaya',
  'Benmoussa', 'Cissé', 'Ben Amor', 'Bensaïd', 'Rodrigues', 'Kowalski', 'Diop', 'Mansouri', 'Tran', 'Moreira',
] as const;
