import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { fieldErrors, problem } from '../src/http/problem.js';
import { Id, label, text } from '../src/http/schemas.js';

function errorsOf(schema: z.ZodType, input: unknown, target = 'json') {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected a failure');
  return fieldErrors(result.error, target, input);
}

describe('field errors', () => {
  const Body = z
    .object({
      title: label(20),
      coefficient: z.number().min(0.5).max(10),
      scale: z.enum(['10', '20', '40']),
      tags: z.array(z.string()).max(2),
      note: text(10).optional(),
      when: z.iso.date(),
      nested: z.object({ id: Id }),
    })
    .strict();

  it('names each field with a French message a person can act on', () => {
    expect(
      errorsOf(Body, {
        title: '  ',
        coefficient: 12,
        scale: '15',
        tags: ['a', 'b', 'c'],
        note: 'bonjour\u0000',
        when: '22/11/2026',
        nested: { id: 'a b' },
        extra: 1,
      }),
    ).toEqual([
      { field: 'body.title', message: 'Ce champ ne peut pas être vide.' },
      { field: 'body.coefficient', message: 'La valeur doit être inférieure ou égale à 10.' },
      { field: 'body.scale', message: 'Valeur non reconnue ; valeurs possibles : "10", "20", "40".' },
      { field: 'body.tags', message: 'Au plus 2 éléments.' },
      { field: 'body.note', message: 'Caractères de contrôle interdits.' },
      { field: 'body.when', message: 'Format invalide (attendu : date AAAA-MM-JJ).' },
      { field: 'body.nested.id', message: 'Identifiant invalide.' },
      { field: 'body', message: 'Champ inconnu : extra.' },
    ]);
  });

  it('tells a missing field from a field of the wrong type, at any depth', () => {
    expect(errorsOf(Body, { coefficient: '2', nested: {} })).toEqual(
      expect.arrayContaining([
        { field: 'body.title', message: 'Ce champ est obligatoire.' },
        { field: 'body.coefficient', message: 'Type attendu : nombre (reçu : texte).' },
        { field: 'body.nested.id', message: 'Ce champ est obligatoire.' },
      ]),
    );
  });

  it('prefixes the part of the request', () => {
    expect(errorsOf(z.object({ from: z.iso.date() }), { from: 'hier' }, 'query')[0]!.field).toBe(
      'query.from',
    );
    expect(errorsOf(z.object({ id: Id }), { id: '' }, 'param')[0]!.field).toBe('params.id');
  });
});

describe('problems', () => {
  it('builds RFC 9457 documents with a documented type and French title', () => {
    const p = problem(429, 'too-many-requests', {
      detail: 'Réessayez plus tard.',
      headers: { 'Retry-After': '60' },
    });
    expect(p.problem).toEqual({
      type: '/api/docs#probleme-too-many-requests',
      title: 'Trop de tentatives',
      status: 429,
      detail: 'Réessayez plus tard.',
    });
    expect(p.headers).toEqual({ 'Retry-After': '60' });
  });
});
