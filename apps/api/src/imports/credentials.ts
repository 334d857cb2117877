import { randomInt } from 'node:crypto';
import { type PersonName, personName } from '@preau/core';
import { PDFDocument, type PDFFont, rgb, StandardFonts } from 'pdf-lib';
import { hashPassword } from '../auth/password.js';
import type { Db } from '../db/types.js';

/**
 * Access codes and the printable sheet of a class. Codes are never stored in clear: printing the sheet issues a
 * fresh code to every account of the class (students and their guardians) that has not chosen a password yet,
 * so the sheet just printed is the valid one and a lost sheet is replaced by printing again.
 */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I: read aloud and typed by families

export function newAccessCode(): string {
  const part = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${part()}-${part()}-${part()}`;
}

export interface IssuedCredential {
  userId: string;
  login: string;
  firstName: string;
  lastName: string;
  profile: 'student' | 'guardian';
  /** Guardians: the children in this class. */
  childOf: string[];
  code: string;
}

/** The classes (not groups) an import described, in its school year: those whose credential sheets are the import's. */
export function importedClasses(
  db: Db,
  uai: string,
  structures: string[],
): Promise<{ id: string; name: string }[]> {
  return db.query<{ id: string; name: string }>(
    `SELECT id, name FROM classes WHERE uai = $1 AND kind = 'classe' AND name = ANY($2::text[])
        AND school_year = (SELECT max(school_year) FROM classes WHERE uai = $1) ORDER BY name`,
    [uai, structures],
  );
}

export async function issueClassCredentials(db: Db, classId: string): Promise<IssuedCredential[]> {
  const people = await db.query<Omit<IssuedCredential, 'code'>>(
    `WITH students AS (
       SELECT u.* FROM enrolments e JOIN users u ON u.id = e.student_id
        WHERE e.class_id = $1 AND u.disabled_at IS NULL
     )
     SELECT s.id AS "userId", s.login, s.first_name AS "firstName", s.last_name AS "lastName",
            'student' AS profile, ARRAY[]::text[] AS "childOf"
       FROM students s WHERE s.password_hash IS NULL
     UNION ALL
     SELECT g.id, g.login, g.first_name, g.last_name, 'guardian',
            array_agg(json_build_object('firstName', s.first_name, 'lastName', s.last_name)::text
                      ORDER BY s.first_name)
       FROM students s JOIN guardianships gs ON gs.student_id = s.id JOIN users g ON g.id = gs.guardian_id
      WHERE g.password_hash IS NULL AND g.disabled_at IS NULL
      GROUP BY g.id, g.login, g.first_name, g.last_name
     ORDER BY profile DESC, "lastName", "firstName"`,
    [classId],
  );
  // Children's names come as JSON text ({firstName, lastName}); the sheet writes them the house's way.
  const issued = people.map((p) => ({
    ...p,
    childOf: p.childOf.map((child) => personName(JSON.parse(child) as PersonName)),
    code: newAccessCode(),
  }));
  const hashes = await Promise.all(issued.map((p) => hashPassword(p.code)));
  await db.transaction(async (tx) => {
    await tx.query(
      `UPDATE users u SET access_code_hash = v.hash, must_change_password = true
         FROM json_to_recordset($1::text::json) AS v(id text, hash text) WHERE u.id = v.id`,
      [JSON.stringify(issued.map((p, i) => ({ id: p.userId, hash: hashes[i] })))],
    );
  });
  return issued;
}

/** WinAnsi (the standard PDF fonts' encoding) has no room for every character a name may hold. */
const printable = (s: string) =>
  s.replace(
    /[^\x20-\x7e\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u20ac]/g,
    '?',
  );

/** One A4 sheet of cut-out slips (8 a page): name, identifier, access code, where to sign in. */
export async function credentialSheetPdf(
  className: string,
  schoolName: string,
  signInUrl: string,
  people: IssuedCredential[],
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Codes d'accès — ${printable(className)}`);
  pdf.setCreator('Préau');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const mono = await pdf.embedFont(StandardFonts.CourierBold);
  const [W, H] = [595.28, 841.89];
  const margin = 28;
  const slipW = (W - margin * 2) / 2;
  const slipH = (H - margin * 2 - 24) / 4;
  const pages = Math.max(1, Math.ceil(people.length / 8));
  for (let p = 0; p < pages; p++) {
    const page = pdf.addPage([W, H]);
    page.drawText(printable(`${schoolName} — ${className} — codes d'accès (page ${p + 1}/${pages})`), {
      x: margin,
      y: H - margin - 10,
      size: 10,
      font: bold,
    });
    if (!people.length) {
      page.drawText('Tous les comptes de la classe ont déjà choisi leur mot de passe.', {
        x: margin,
        y: H - 80,
        size: 11,
        font: regular,
      });
    }
    people.slice(p * 8, p * 8 + 8).forEach((person, i) => {
      const x = margin + (i % 2) * slipW;
      const top = H - margin - 24 - Math.floor(i / 2) * slipH;
      page.drawRectangle({
        x: x + 2,
        y: top - slipH + 4,
        width: slipW - 4,
        height: slipH - 8,
        borderColor: rgb(0.6, 0.6, 0.6),
        borderWidth: 0.6,
        borderDashArray: [4, 3],
      });
      const line = (text: string, dy: number, font: PDFFont, size: number) =>
        page.drawText(printable(text), { x: x + 12, y: top - dy, size, font, maxWidth: slipW - 24 });
      line(personName(person), 24, bold, 12);
      line(
        person.profile === 'student'
          ? `Élève de ${className}`
          : `Responsable de ${person.childOf.join(', ')}`,
        40,
        regular,
        9,
      );
      line('Identifiant :', 64, regular, 9);
      line(person.login, 78, mono, 12);
      line("Code d'accès (première connexion) :", 100, regular, 9);
      line(person.code, 116, mono, 14);
      line(`Connexion : ${signInUrl}`, 140, regular, 8);
      line('À la première connexion, choisissez votre mot de passe.', 152, regular, 8);
      line('Ce code ne sert qu’une fois ; ne le communiquez à personne.', 164, regular, 8);
    });
  }
  return pdf.save();
}
