import type { Context } from 'hono';

/** Only a path of this site: never another origin (open redirect). */
export function safeReturn(value: string | undefined): string {
  return value && /^\/(?![/\\])[^\s]*$/.test(value) ? value : '/';
}

/** A short French page for the person whose sign-in failed (no detail an attacker could use). */
export function page(c: Context, status: 400 | 403 | 404, message: string) {
  const html = `<!doctype html><html lang="fr"><meta charset="utf-8"><title>Connexion — Préau</title><main><h1>Connexion impossible</h1><p>${message.replace(/[<&>]/g, '')}</p><p><a href="/">Retour à l’accueil</a></p></main></html>`;
  return c.html(html, status);
}
