import { expect, fixture, html } from '@open-wc/testing';
import { runElementContract } from '../../test-support/element-contract.js';
import { resetUsage } from '../base/beacon.js';
import { waitForEvent } from '../base/events.js';
import './sign-in.js';
import type { PreauSignIn } from './sign-in.js';

const api = () => `/__test/signin-${crypto.randomUUID().slice(0, 8)}/api/v1`;

async function signedOut(lang?: string): Promise<PreauSignIn> {
  const el = document.createElement('preau-sign-in');
  el.api = api();
  if (lang) el.lang = lang;
  const session = waitForEvent(el, 'preau-session-change');
  const wrapper = await fixture<HTMLElement>(html`<div></div>`);
  wrapper.append(el);
  expect((await session).detail.user).to.equal(null);
  await el.updateComplete;
  return el;
}

const part = <T extends Element = HTMLElement>(el: PreauSignIn, name: string) =>
  el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);

async function submit(el: PreauSignIn, login: string, password: string): Promise<void> {
  part<HTMLInputElement>(el, 'login')!.value = login;
  part<HTMLInputElement>(el, 'password')!.value = password;
  part<HTMLButtonElement>(el, 'submit')!.click();
  await el.updateComplete;
  await until(el, () => !el.shadowRoot!.querySelector('form[aria-busy="true"]'));
}

async function until(el: PreauSignIn, ready: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ready(); i++) {
    await new Promise((r) => setTimeout(r, 10));
    await el.updateComplete;
  }
  await el.updateComplete;
}

const alertText = (el: PreauSignIn) => part(el, 'alert')!.textContent!.replace(/\s+/g, ' ').trim();

describe('preau-sign-in', () => {
  beforeEach(() => resetUsage());

  it('shows an accessible sign-in form when nobody is signed in', async () => {
    const el = await signedOut();
    expect(part(el, 'heading')!.textContent).to.contain('Connexion');
    expect(part<HTMLInputElement>(el, 'login')!.autocomplete).to.equal('username');
    expect(part<HTMLInputElement>(el, 'password')!.type).to.equal('password');
    await expect(el).to.be.accessible();
  });

  it('names the empty fields without calling the server', async () => {
    const el = await signedOut();
    part<HTMLButtonElement>(el, 'submit')!.click();
    await until(el, () => part(el, 'login')!.getAttribute('aria-invalid') === 'true');
    const login = part<HTMLInputElement>(el, 'login')!;
    expect(login.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.getElementById(login.getAttribute('aria-describedby')!)!.textContent).to.equal(
      'Ce champ est obligatoire.',
    );
    expect(el.shadowRoot!.activeElement).to.equal(login);
    await expect(el).to.be.accessible();
  });

  it('shows the server’s French error for a wrong password, then 429 with the delay in minutes', async () => {
    const el = await signedOut();
    await submit(el, 'parent.martin', 'mauvais');
    expect(alertText(el)).to.contain('Identifiant ou mot de passe incorrect');
    expect(alertText(el)).to.contain('attention aux majuscules');
    await expect(el).to.be.accessible();
    for (let i = 0; i < 4; i++) await submit(el, 'parent.martin', 'mauvais');
    await submit(el, 'parent.martin', 'Reims-2026-Marne');
    expect(alertText(el)).to.contain('Trop de tentatives, réessayez dans 5 min.');
  });

  it('signs in, announces the session, and signs out', async () => {
    const el = await signedOut();
    const started = waitForEvent(el, 'preau-session-change');
    await submit(el, 'parent.martin', 'Reims-2026-Marne');
    const { user, session } = (await started).detail;
    expect(user?.login).to.equal('parent.martin');
    expect(user?.profile).to.equal('guardian');
    expect(session?.children?.map((c) => c.firstName)).to.deep.equal(['Léa']);
    await el.updateComplete;
    expect(part(el, 'user')!.textContent).to.contain('Claire Martin');
    expect(part(el, 'profile')!.textContent).to.contain('Responsable légal');
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'logout'));
    await expect(el).to.be.accessible();

    const ended = waitForEvent(el, 'preau-session-change');
    part<HTMLButtonElement>(el, 'logout')!.click();
    expect((await ended).detail.user).to.equal(null);
    await el.updateComplete;
    expect(part(el, 'form')).to.not.equal(null);
    expect(part(el, 'status')!.textContent).to.contain('Vous êtes déconnecté·e.');
    // The server forgot the session too.
    expect((await fetch(`${el.api}/me`, { credentials: 'include' })).status).to.equal(401);
  });

  it('knows an existing session at load', async () => {
    const first = await signedOut();
    await submit(first, 'prof.durand', 'Schuman-51-Prof');
    const el = document.createElement('preau-sign-in');
    el.api = first.api;
    const known = waitForEvent(el, 'preau-session-change');
    first.after(el);
    expect((await known).detail.user?.login).to.equal('prof.durand');
  });

  it('makes a first sign-in with an access code choose a new password', async () => {
    const el = await signedOut();
    let announced = 0;
    el.addEventListener('preau-session-change', () => announced++);
    await submit(el, 'eleve.nouveau', 'K7QP-9XWD');
    await until(el, () => part(el, 'password-form') !== null);
    expect(part(el, 'heading')!.textContent).to.contain('Choisissez votre mot de passe');
    expect(announced).to.equal(0);
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'new-password'));
    await expect(el).to.be.accessible();

    const newPassword = part<HTMLInputElement>(el, 'new-password')!;
    const confirm = part<HTMLInputElement>(el, 'confirm-password')!;
    newPassword.value = 'court';
    confirm.value = 'autre';
    part<HTMLButtonElement>(el, 'submit')!.click();
    await until(el, () => confirm.getAttribute('aria-invalid') === 'true');
    expect(el.shadowRoot!.textContent).to.contain('Les deux mots de passe ne sont pas identiques.');

    confirm.value = 'court';
    part<HTMLButtonElement>(el, 'submit')!.click();
    await until(el, () => alertText(el) !== '');
    expect(alertText(el)).to.contain('Le mot de passe doit contenir au moins 10 caractères.');
    expect(newPassword.getAttribute('aria-invalid')).to.equal('true');

    const started = waitForEvent(el, 'preau-session-change');
    newPassword.value = 'cour-des-Marne-2026';
    confirm.value = 'cour-des-Marne-2026';
    part<HTMLButtonElement>(el, 'submit')!.click();
    expect((await started).detail.user?.login).to.equal('eleve.nouveau');
    await el.updateComplete;
    expect(part(el, 'status')!.textContent).to.contain('Mot de passe enregistré.');
  });

  it('speaks English when the page or the element asks for it', async () => {
    const el = await signedOut('en');
    expect(part(el, 'heading')!.textContent).to.contain('Sign in');
    expect(part(el, 'submit')!.textContent!.trim()).to.equal('Sign in');
    await submit(el, 'parent.martin', 'Reims-2026-Marne');
    expect(part(el, 'user')!.textContent).to.contain('Signed in: Claire Martin');
  });

  it('shows a network message when the API cannot be reached', async () => {
    const el = document.createElement('preau-sign-in');
    el.api = 'http://127.0.0.1:8829/api/v1';
    const settled = waitForEvent(el, 'preau-session-change');
    (await fixture<HTMLElement>(html`<div></div>`)).append(el);
    await settled;
    await el.updateComplete;
    expect(alertText(el)).to.contain('Le serveur ne répond pas');
  });
});

runElementContract({
  tag: 'preau-sign-in',
  module: '/packages/components/src/sign-in/sign-in.ts',
  scenarios: [{ name: 'signed out', attributes: { api: '/__test/contract-signin/api/v1' } }],
});
