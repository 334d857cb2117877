import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import './app.js';
import type { PreauDashboard } from './app.js';
import { setLang } from './i18n.js';

// The shared test API (packages/components/test-support/fake-api.mjs), in a namespace of its own.
const API = '/__test/dashboard-app/api/v1';

async function signInForm(): Promise<PreauDashboard> {
  const el = await fixture<PreauDashboard>(html`<preau-dashboard api-base=${API}></preau-dashboard>`);
  await waitUntil(() => el.shadowRoot!.querySelector('form.signin'), 'sign-in form', { timeout: 5000 });
  return el;
}

async function submit(el: PreauDashboard, login: string, password: string) {
  const root = el.shadowRoot!;
  (root.querySelector('input[name=login]') as HTMLInputElement).value = login;
  (root.querySelector('input[name=password]') as HTMLInputElement).value = password;
  (root.querySelector('button[type=submit]') as HTMLButtonElement).click();
  await waitUntil(() => root.querySelector('[role=alert]'), 'an error', { timeout: 5000 });
  return root.querySelector('[role=alert]')!.textContent!.trim();
}

describe('preau-dashboard', () => {
  afterEach(() => {
    localStorage.removeItem('preau-dashboard-lang');
    setLang('fr');
  });

  it('asks a signed-out visitor to sign in, accessibly', async () => {
    const el = await signInForm();
    expect(el.shadowRoot!.querySelector('h1')!.textContent).to.equal('Préau — tableau de bord des ENT');
    await expect(el).to.be.accessible();
  });

  it('says in French when the password is wrong', async () => {
    const el = await signInForm();
    expect(await submit(el, 'parent.martin', 'mauvais')).to.equal('Identifiant ou mot de passe incorrect.');
  });

  it('is for analysts only', async () => {
    const el = await signInForm();
    expect(await submit(el, 'parent.martin', 'Reims-2026-Marne')).to.contain('réservé aux analystes');
    expect(el.shadowRoot!.querySelector('nav')).to.equal(null);
  });

  it('speaks English when asked', async () => {
    localStorage.setItem('preau-dashboard-lang', 'en');
    const el = await signInForm();
    const root = el.shadowRoot!;
    expect(root.querySelector('h1')!.textContent).to.equal('Préau — ENT dashboard');
    expect(root.querySelector('button[type=submit]')!.textContent).to.equal('Sign in');
    expect(document.documentElement.lang).to.equal('en');
    expect(await submit(el, 'parent.martin', 'wrong')).to.equal('Wrong login or password.');
  });
});
