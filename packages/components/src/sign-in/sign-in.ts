import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import {
  type ApiClient,
  apiClient,
  isAbortError,
  ProblemError,
  type ProblemFieldError,
} from '../base/api-client.js';
import { defineElement } from '../base/define.js';
import { PreauElement } from '../base/preau-element.js';
import { StatusController, statusStyles } from '../base/status.js';
import { controlStyles } from '../base/theme.js';
import { PasswordStrengthController } from './new-password.js';
import { PreauSessionChangeEvent, type SessionInfo, type SessionUser } from './sign-in.events.js';
import { type SignInMessageKey, signInMessages } from './sign-in.messages.js';
import { signInStyles } from './sign-in.styles.js';

export * from './sign-in.events.js';

type View = 'checking' | 'signed-out' | 'change-password' | 'signed-in';

/**
 * Sign-in box for a school site: identifier and password; at first sign-in with an issued access code, the
 * form to choose a personal password; once signed in, who is connected and a sign-out button. Errors come from
 * the API's problem+json answers, in French (wrong password, too many attempts with the delay, bad fields).
 *
 * @tagname preau-sign-in
 *
 * @fires preau-session-change - The session is known at load, has started or has ended (`detail.user`).
 *
 * @csspart base - The box.
 * @csspart heading - The box's title.
 * @csspart intro - The explanation above the new-password form.
 * @csspart form - The identifier/password form.
 * @csspart password-form - The new-password form.
 * @csspart login - The identifier input.
 * @csspart password - The password input.
 * @csspart new-password - The new-password input.
 * @csspart confirm-password - The confirmation input.
 * @csspart password-rules - What the new password still lacks, updated as the person types (or that it is strong).
 * @csspart submit - The submit button of the visible form.
 * @csspart session - The signed-in line.
 * @csspart user - The signed-in user's name.
 * @csspart profile - The signed-in user's profile.
 * @csspart logout - The sign-out button.
 * @csspart status - Progress and confirmation messages (role=status).
 * @csspart alert - Error messages (role=alert).
 * @csspart board-toggle - The board-mode button.
 *
 * @cssprop --preau-color-accent - Buttons.
 * @cssprop --preau-color-border - The box's border.
 *
 * @slot heading - Replaces the box's title.
 */
export class PreauSignIn extends PreauElement {
  static override styles = [PreauElement.styles, controlStyles, statusStyles, signInStyles];

  /** The API root (`/api/v1`, `https://ent.example.fr/api/v1`); defaults to the page's `preau-api` meta. */
  @property() api = '';

  /** The current session (`GET /me`), or null. Read-only for the page: it follows the server's session. */
  @state() session: SessionInfo | null = null;

  /** The signed-in person, or null. */
  get user(): SessionUser | null {
    return this.session?.user ?? null;
  }

  @state() private view: View = 'checking';
  @state() private busy = false;
  @state() private fieldErrors: Record<string, string> = {};

  @query('#login') private loginInput?: HTMLInputElement;
  @query('#new-password') private newPasswordInput?: HTMLInputElement;
  @query('[part="logout"]') private logoutButton?: HTMLButtonElement;

  readonly status = new StatusController(this);
  /** The new password judged as it is typed; the dictionaries load on the first key. */
  readonly strength = new PasswordStrengthController(this, () => this.#person);
  /** Who is choosing a password (their login and names may not be in it). */
  #person: { login: string; firstName?: string; lastName?: string } = { login: '' };
  #abort: AbortController | undefined;
  /** The access code typed at first sign-in, kept only until the new password is saved. */
  #accessCode = '';

  private get client(): ApiClient {
    return this.api ? apiClient(this.api) : this.apiFor(null);
  }

  private m(key: SignInMessageKey, vars?: Record<string, unknown>): string {
    return this.t(signInMessages, key, vars);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('api') && changed.get('api') !== undefined && this.isConnected) void this.refresh();
  }

  /** Asks the server who is signed in (GET /me) and shows the matching view. */
  async refresh(): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.view = this.session ? this.view : 'checking';
    try {
      const me = await this.client.get<SessionInfo>('me', { signal: abort.signal });
      this.#enter(me, false);
    } catch (error) {
      if (isAbortError(error)) return;
      this.session = null;
      this.view = 'signed-out';
      if (!(error instanceof ProblemError && error.status === 401)) this.status.error(error);
      this.emit(new PreauSessionChangeEvent(null));
    }
  }

  #enter(me: SessionInfo, focus: boolean): void {
    if (!me || typeof me !== 'object' || !me.user) {
      // An answer without a user is not a session: say so rather than show an empty box.
      this.session = null;
      this.view = 'signed-out';
      this.status.error(new Error(this.baseMessage('unexpectedError', { status: '200' })));
      return;
    }
    if (me.user.mustChangePassword) {
      this.session = null;
      this.#person = { login: me.user.login, firstName: me.user.firstName, lastName: me.user.lastName };
      this.strength.reset();
      this.view = 'change-password';
      if (focus) void this.updateComplete.then(() => this.newPasswordInput?.focus());
      return;
    }
    this.session = me;
    this.view = 'signed-in';
    this.#accessCode = '';
    this.emit(new PreauSessionChangeEvent(me));
    if (focus) void this.updateComplete.then(() => this.logoutButton?.focus());
  }

  #showFieldErrors(errors: ProblemFieldError[]): void {
    const byField: Record<string, string> = {};
    for (const e of errors) {
      const name = e.field.replace(/^body\./, '');
      byField[name] = byField[name] ? `${byField[name]} ${e.detail}` : e.detail;
    }
    this.fieldErrors = byField;
  }

  async #submitLogin(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const form = event.target as HTMLFormElement;
    const login = String(new FormData(form).get('login') ?? '').trim();
    const password = String(new FormData(form).get('password') ?? '');
    const missing: Record<string, string> = {};
    if (!login) missing.login = this.m('required');
    if (!password) missing.password = this.m('required');
    this.fieldErrors = missing;
    if (Object.keys(missing).length) {
      this.status.clear();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>(missing.login ? '#login' : '#password')?.focus();
      return;
    }
    this.busy = true;
    this.status.info(this.m('submitting'));
    try {
      // A new session brings a new CSRF token: the sign-in answer carries it.
      const me = await this.client.post<SessionInfo>('auth/login', { login, password });
      this.status.clear();
      this.#accessCode = password;
      this.#enter(me?.user ? me : await this.client.get<SessionInfo>('me'), true);
      if (this.view === 'signed-in') this.trackUsage('accueil', 'login');
    } catch (error) {
      if (error instanceof ProblemError) this.#showFieldErrors(error.errors);
      this.status.error(error);
    } finally {
      this.busy = false;
    }
  }

  async #submitNewPassword(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const data = new FormData(event.target as HTMLFormElement);
    const newPassword = String(data.get('newPassword') ?? '');
    const confirm = String(data.get('confirmPassword') ?? '');
    if (!newPassword) {
      this.fieldErrors = { newPassword: this.m('required') };
    } else if (newPassword !== confirm) {
      this.fieldErrors = { confirmPassword: this.m('mismatch') };
    } else {
      this.fieldErrors = {};
    }
    if (!Object.keys(this.fieldErrors).length) {
      // The server's own rules, with the dictionaries: nothing is sent that it would refuse.
      const problems = await this.strength.settle(newPassword);
      if (problems.length) this.fieldErrors = { newPassword: problems.map((p) => p[this.locale]).join(' ') };
    }
    if (Object.keys(this.fieldErrors).length) {
      this.status.clear();
      await this.updateComplete;
      this.renderRoot
        .querySelector<HTMLInputElement>(this.fieldErrors.newPassword ? '#new-password' : '#confirm-password')
        ?.focus();
      return;
    }
    this.busy = true;
    this.status.info(this.m('submitting'));
    try {
      await this.client.post('auth/password', { currentPassword: this.#accessCode, newPassword });
      const me = await this.client.get<SessionInfo>('me');
      this.status.success(this.m('passwordChanged'));
      this.#enter({ ...me, user: { ...me.user, mustChangePassword: false } }, true);
      this.trackUsage('accueil', 'password-change');
    } catch (error) {
      if (error instanceof ProblemError) this.#showFieldErrors(error.errors);
      this.status.error(error);
    } finally {
      this.busy = false;
    }
  }

  /** Ends the session on the server, then shows the sign-in form. */
  async logout(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.client.post('auth/logout');
      this.client.setCsrfToken(undefined);
      this.session = null;
      this.view = 'signed-out';
      this.fieldErrors = {};
      this.status.success(this.m('loggedOut'));
      this.emit(new PreauSessionChangeEvent(null));
      await this.updateComplete;
      this.loginInput?.focus();
    } catch (error) {
      this.status.error(error);
    } finally {
      this.busy = false;
    }
  }

  #field(
    id: string,
    name: string,
    label: string,
    type: string,
    autocomplete: string,
    hint?: string,
    live?: { onInput: (value: string) => void; below: unknown; id: string },
  ) {
    const error = this.fieldErrors[name];
    const describedBy = [hint ? `${id}-hint` : '', live?.id ?? '', error ? `${id}-error` : '']
      .filter(Boolean)
      .join(' ');
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        part=${id}
        name=${name}
        type=${type}
        autocomplete=${autocomplete}
        autocapitalize="off"
        spellcheck="false"
        required
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${describedBy || nothing}
        @input=${live ? (e: Event) => live.onInput((e.target as HTMLInputElement).value) : nothing}
      />
      ${hint ? html`<span class="hint" id=${`${id}-hint`}>${hint}</span>` : nothing}
      ${live?.below ?? nothing}
      ${error ? html`<span class="field-error" id=${`${id}-error`}>${error}</span>` : nothing}
    </div>`;
  }

  /** What the new password lacks, or that it is strong, announced politely as the person types. */
  #passwordRules() {
    const { problems, judged } = this.strength;
    const items =
      problems === null
        ? []
        : problems.length
          ? problems.map((p) => html`<li data-code=${p.code}>${p[this.locale]}</li>`)
          : judged
            ? [html`<li data-code="strong">${this.m('passwordStrong')}</li>`]
            : [];
    return html`<ul part="password-rules" id="new-password-rules" class="hint" aria-live="polite">${items}</ul>`;
  }

  #profileLabel(profile: string): string {
    const key = `profile_${profile}` as SignInMessageKey;
    return key in signInMessages.fr ? this.m(key) : profile;
  }

  override render() {
    const heading =
      this.view === 'change-password'
        ? this.m('newPasswordHeading')
        : this.view === 'signed-in'
          ? this.m('accountHeading')
          : this.m('heading');
    let body: unknown = nothing;
    if (this.view === 'signed-out' || this.view === 'checking') {
      body = html`<form part="form" novalidate aria-busy=${this.view === 'checking' || this.busy ? 'true' : 'false'} @submit=${this.#submitLogin}>
        ${this.#field('login', 'login', this.m('login'), 'text', 'username')}
        ${this.#field('password', 'password', this.m('password'), 'password', 'current-password', this.m('passwordHint'))}
        <button part="submit" class="button" data-variant="primary" type="submit" ?disabled=${this.busy || this.view === 'checking'}>
          ${this.busy ? this.m('submitting') : this.m('submit')}
        </button>
      </form>`;
    } else if (this.view === 'change-password') {
      body = html`<p part="intro">${this.m('newPasswordIntro')}</p>
        <form part="password-form" novalidate aria-busy=${this.busy ? 'true' : 'false'} @submit=${this.#submitNewPassword}>
          ${this.#field(
            'new-password',
            'newPassword',
            this.m('newPassword'),
            'password',
            'new-password',
            this.m('newPasswordHint'),
            {
              id: 'new-password-rules',
              onInput: (value) => this.strength.input(value),
              below: this.#passwordRules(),
            },
          )}
          ${this.#field('confirm-password', 'confirmPassword', this.m('confirmPassword'), 'password', 'new-password')}
          <button part="submit" class="button" data-variant="primary" type="submit" ?disabled=${this.busy}>
            ${this.m('savePassword')}
          </button>
        </form>`;
    } else if (this.user) {
      const user = this.user;
      const name = [user.firstName, user.lastName].filter(Boolean).join(' ') || user.login;
      body = html`<div part="session">
        <p part="user">
          ${this.m('signedInAs', { name })}
          <span part="profile">(${this.#profileLabel(user.profile)})</span>
        </p>
        <button part="logout" class="button" type="button" ?disabled=${this.busy} @click=${() => this.logout()}>
          ${this.m('logout')}
        </button>
      </div>`;
    }
    return html`<section part="base" aria-labelledby="heading">
      <div class="view-head">
        <h2 part="heading" id="heading"><slot name="heading">${heading}</slot></h2>
        ${this.boardToggle()}
      </div>
      ${this.status.render()} ${body}
    </section>`;
  }
}

defineElement('preau-sign-in', PreauSignIn);

declare global {
  interface HTMLElementTagNameMap {
    'preau-sign-in': PreauSignIn;
  }
}
