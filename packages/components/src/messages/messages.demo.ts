/**
 * Demo data of `<preau-messages>` for stories, tests and the benchmark: the mailbox of Claire DUBOIS, professeure
 * principale of 4e B at the collège Robert Schuman, on Thursday 19 November 2026 — a parent's question and her
 * answer, the CPE, the direction's announcement, a class letter with its read receipt, a draft, a scheduled
 * message — and a generator of big mailboxes.
 */
import type { MessageSummary, MessagesData, MessageView, ThreadView } from './messages.types.js';

/** The demo's « now »: Thursday 19 November 2026, 10:15 in Paris. */
export const DEMO_NOW = new Date('2026-11-19T09:15:00Z');

const me = { id: 'prof', name: 'Claire DUBOIS', profile: 'teacher' as const };
const parent = { id: 'parent-bernard', name: 'Sophie BERNARD', profile: 'guardian' as const };
const cpe = { id: 'cpe', name: 'Nadia BERTRAND', profile: 'vie_scolaire' as const };
const principal = { id: 'principal', name: 'Marc LEROY', profile: 'direction' as const };

function summary(p: Partial<MessageSummary> & Pick<MessageSummary, 'id' | 'subject' | 'at'>): MessageSummary {
  return {
    threadId: p.id,
    folder: 'inbox',
    state: 'sent',
    excerpt: '',
    from: me,
    to: [],
    sendAt: null,
    read: true,
    urgent: false,
    noReply: false,
    hasAttachments: false,
    receipts: null,
    ...p,
  };
}

function view(s: MessageSummary, bodyHtml: string, extra: Partial<MessageView> = {}): MessageView {
  return {
    ...s,
    parentId: null,
    bodyHtml,
    addressees: [],
    attachments: [],
    viewerInBcc: false,
    canReply: s.folder !== 'sent',
    canReplyAll: false,
    recallableUntil: null,
    reported: false,
    ...extra,
  };
}

export function demoMessages(): MessagesData {
  const question = summary({
    id: 'm-question',
    threadId: 't-sortie',
    subject: 'Sortie au musée des Beaux-Arts',
    excerpt: 'Bonjour Madame, Léa pourra-t-elle venir sans l’autorisation signée ? Nous la rendrons lundi.',
    from: parent,
    at: '2026-11-18T18:42:00Z',
  });
  const answer = summary({
    id: 'm-answer',
    threadId: 't-sortie',
    folder: 'sent',
    subject: 'RE : Sortie au musée des Beaux-Arts',
    excerpt: 'Bonjour Madame, oui, à condition de me la remettre jeudi matin au plus tard.',
    to: ['Sophie BERNARD'],
    at: '2026-11-19T07:05:00Z',
    receipts: { read: 0, total: 1 },
  });
  const followUp = summary({
    id: 'm-followup',
    threadId: 't-sortie',
    subject: 'RE : Sortie au musée des Beaux-Arts',
    excerpt: 'Merci beaucoup, je la glisse dans son carnet dès ce soir.',
    from: parent,
    at: '2026-11-19T08:58:00Z',
    read: false,
  });
  const cpeMessage = summary({
    id: 'm-cpe',
    subject: 'Retards de Nathan DUBOIS',
    excerpt: 'Nathan est arrivé en retard trois fois cette semaine ; j’ai prévenu sa famille.',
    from: cpe,
    at: '2026-11-18T10:12:00Z',
    read: false,
  });
  const announcement = summary({
    id: 'm-direction',
    subject: 'Conseils de classe du 1er trimestre',
    excerpt: 'Les conseils de classe auront lieu du 30 novembre au 11 décembre. Le calendrier est joint.',
    from: principal,
    at: '2026-11-16T09:15:00Z',
    noReply: true,
    hasAttachments: true,
  });
  const letter = summary({
    id: 'm-letter',
    folder: 'sent',
    subject: 'Voyage en Espagne de la 4e B',
    excerpt: 'Une réunion d’information aura lieu jeudi 26 novembre à 18 h en salle polyvalente.',
    to: ['Parents d’élèves de 4e B'],
    at: '2026-11-17T16:45:00Z',
    receipts: { read: 18, total: 24 },
  });
  const draft = summary({
    id: 'm-draft',
    folder: 'drafts',
    state: 'draft',
    subject: 'Sortie au musée — autorisation',
    excerpt: 'La classe se rendra au musée des Beaux-Arts. Merci de',
    to: ['Parents d’élèves de 4e B'],
    at: '2026-11-18T20:30:00Z',
  });
  const scheduled = summary({
    id: 'm-scheduled',
    folder: 'scheduled',
    state: 'scheduled',
    subject: 'Rappel : réunion d’information',
    excerpt: 'Je vous rappelle la réunion d’information sur le voyage, jeudi à 18 h.',
    to: ['Parents d’élèves de 4e B'],
    at: '2026-11-20T06:00:00Z',
    sendAt: '2026-11-20T06:00:00Z',
  });
  const threads: ThreadView[] = [
    {
      id: 't-sortie',
      subject: 'Sortie au musée des Beaux-Arts',
      messages: [
        view(
          question,
          '<p>Bonjour Madame,</p><p>Léa pourra-t-elle venir <b>sans</b> l’autorisation signée ? Nous la rendrons lundi.</p><p>Cordialement,<br>Sophie BERNARD</p>',
          {
            addressees: [{ kind: 'user', id: me.id, label: me.name, field: 'to', memberCount: null }],
            canReplyAll: true,
          },
        ),
        view(
          answer,
          '<p>Bonjour Madame,</p><p>Oui, à condition de me la remettre jeudi matin au plus tard.</p>',
          {
            addressees: [{ kind: 'user', id: parent.id, label: parent.name, field: 'to', memberCount: null }],
          },
        ),
        view(
          followUp,
          '<p>Merci beaucoup, je la glisse dans son carnet dès ce soir.</p><p>Le programme est sur <a href="https://www.musees-reims.fr/">le site des musées</a>.</p><p><img alt="plan du musée" data-preau-src="https://www.musees-reims.fr/plan.png"></p>',
          {
            addressees: [{ kind: 'user', id: me.id, label: me.name, field: 'to', memberCount: null }],
            canReplyAll: true,
          },
        ),
      ],
    },
    {
      id: 'm-letter',
      subject: letter.subject,
      messages: [
        view(
          letter,
          '<p>Bonjour,</p><p>Une réunion d’information sur le voyage en Espagne aura lieu <b>jeudi 26 novembre à 18 h</b> en salle polyvalente.</p><p>Bien cordialement,<br>Claire DUBOIS</p>',
          {
            addressees: [
              {
                kind: 'group',
                id: 'class_parents:4b',
                label: 'Parents d’élèves de 4e B',
                field: 'to',
                memberCount: 24,
              },
            ],
            canReply: false,
          },
        ),
      ],
    },
    {
      id: 'm-direction',
      subject: announcement.subject,
      messages: [
        view(announcement, '<p>Les conseils de classe auront lieu du 30 novembre au 11 décembre.</p>', {
          canReply: false,
          attachments: [
            {
              id: 'f-calendrier',
              name: 'calendrier-conseils.pdf',
              mediaType: 'application/pdf',
              size: 48_213,
            },
          ],
          addressees: [
            {
              kind: 'group',
              id: 'all_staff:0510001A',
              label: 'Tous les personnels',
              field: 'to',
              memberCount: null,
            },
          ],
        }),
      ],
    },
  ];
  return {
    mailbox: {
      folders: [
        { id: 'inbox', name: 'Boîte de réception', system: 'inbox', total: 4, unread: 2 },
        { id: 'sent', name: 'Messages envoyés', system: 'sent', total: 2, unread: 0 },
        { id: 'drafts', name: 'Brouillons', system: 'drafts', total: 1, unread: 0 },
        { id: 'scheduled', name: 'Envois programmés', system: 'scheduled', total: 1, unread: 0 },
        { id: 'trash', name: 'Corbeille', system: 'trash', total: 0, unread: 0 },
        { id: 'fld-voyage', name: 'Voyage 4e B', system: null, total: 0, unread: 0 },
      ],
      unread: 2,
      canSendUrgent: false,
      recallMinutes: 60,
    },
    messages: [followUp, answer, question, cpeMessage, letter, announcement, draft, scheduled],
    threads,
    recipients: {
      people: [
        {
          kind: 'user',
          id: parent.id,
          name: parent.name,
          profile: 'guardian',
          detail: 'Parent de Léa BERNARD (4e B)',
        },
        {
          kind: 'user',
          id: cpe.id,
          name: cpe.name,
          profile: 'vie_scolaire',
          detail: 'Conseillère principale d’éducation',
        },
        { kind: 'user', id: principal.id, name: principal.name, profile: 'direction', detail: 'Principal' },
      ],
      groups: [
        {
          kind: 'group',
          id: 'class_parents:4b',
          group: 'class_parents',
          label: 'Parents d’élèves de 4e B',
          memberCount: 24,
        },
        {
          kind: 'group',
          id: 'class_students:4b',
          group: 'class_students',
          label: 'Élèves de 4e B',
          memberCount: 26,
        },
        {
          kind: 'group',
          id: 'class_teachers:4b',
          group: 'class_teachers',
          label: 'Équipe pédagogique de 4e B',
          memberCount: 9,
        },
      ],
    },
  };
}

const SUBJECTS = [
  'Sortie au musée',
  'Réunion parents-professeurs',
  'Devoir de mathématiques',
  'Absence de vendredi',
  'Cantine : menu de la semaine',
  'Conseil de classe',
  'Voyage en Espagne',
  'Rendez-vous',
];
const NAMES = [
  'Sophie BERNARD',
  'Marc PETIT',
  'Nadia BERTRAND',
  'Hugo MOREAU',
  'Chloé LAURENT',
  'Louis SIMON',
];

/** An inbox of `count` messages, newest first, one in seven unread (deterministic). */
export function bigMailbox(count: number): MessagesData {
  const messages: MessageSummary[] = [];
  const start = Date.parse('2026-11-19T09:00:00Z');
  for (let i = 0; i < count; i++) {
    messages.push(
      summary({
        id: `m${i}`,
        subject: `${SUBJECTS[i % SUBJECTS.length]} (${i + 1})`,
        excerpt: `Bonjour, voici quelques nouvelles au sujet de « ${SUBJECTS[(i * 3) % SUBJECTS.length]} ». Bien cordialement.`,
        from: { id: `u${i % NAMES.length}`, name: NAMES[i % NAMES.length]!, profile: 'guardian' },
        at: new Date(start - i * 37 * 60_000).toISOString(),
        read: i % 7 !== 0,
      }),
    );
  }
  const unread = messages.filter((m) => !m.read).length;
  return {
    mailbox: {
      folders: [
        { id: 'inbox', name: 'Boîte de réception', system: 'inbox', total: count, unread },
        { id: 'sent', name: 'Messages envoyés', system: 'sent', total: 0, unread: 0 },
        { id: 'drafts', name: 'Brouillons', system: 'drafts', total: 0, unread: 0 },
        { id: 'scheduled', name: 'Envois programmés', system: 'scheduled', total: 0, unread: 0 },
        { id: 'trash', name: 'Corbeille', system: 'trash', total: 0, unread: 0 },
      ],
      unread,
      canSendUrgent: false,
      recallMinutes: 60,
    },
    messages,
  };
}
