import {
  type PasswordEstimator,
  type PasswordPerson,
  type PasswordProblem,
  passwordProblems,
} from '@preau/core/password';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Time to wait after the last key before judging the password with the dictionaries. */
const SETTLE_MS = 150;

let loading: Promise<PasswordEstimator> | undefined;
/** The estimator and its dictionaries (about 1 MB), fetched the first time someone types a new password. */
function loadEstimator(): Promise<PasswordEstimator> {
  loading ??= import('@preau/core/password-strength').then((m) => m.passwordEstimator());
  loading.catch(() => {
    loading = undefined; // offline: try again at the next key
  });
  return loading;
}

/**
 * Judges a new password as the person types, with the server's own rules (`@preau/core`'s `passwordProblems`):
 * length and names at once, then the dictionaries once they are loaded — lazily, on the first key, so that the
 * sign-in box never pays for them otherwise.
 */
export class PasswordStrengthController implements ReactiveController {
  /** What is wrong with the password typed (empty: it may be used), or null before anything is typed. */
  problems: PasswordProblem[] | null = null;
  /** The dictionaries have judged the current value (so an empty `problems` means "strong"). */
  judged = false;
  #value = '';
  #timer: ReturnType<typeof setTimeout> | undefined;
  #estimator: PasswordEstimator | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly person: () => PasswordPerson,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
  }

  /** A new value of the field. */
  input(value: string): void {
    this.#value = value;
    this.problems = value ? passwordProblems(value, this.person()) : null;
    this.judged = false;
    this.host.requestUpdate();
    clearTimeout(this.#timer);
    if (!value) return;
    const judge = () => {
      if (this.#value !== value || !this.#estimator) return;
      this.problems = passwordProblems(value, this.person(), this.#estimator);
      this.judged = true;
      this.host.requestUpdate();
    };
    if (this.#estimator) {
      this.#timer = setTimeout(judge, SETTLE_MS);
      return;
    }
    loadEstimator().then(
      (estimator) => {
        this.#estimator = estimator;
        judge();
      },
      () => {}, // the server judges anyway
    );
  }

  /** Judges `value` now with everything available (on submit). */
  async settle(value: string): Promise<PasswordProblem[]> {
    this.#value = value;
    clearTimeout(this.#timer);
    try {
      this.#estimator ??= await loadEstimator();
    } catch {
      // offline dictionaries: length and names only, the server has the last word
    }
    this.problems = passwordProblems(value, this.person(), this.#estimator);
    this.judged = this.#estimator !== undefined;
    this.host.requestUpdate();
    return this.problems;
  }

  reset(): void {
    clearTimeout(this.#timer);
    this.#value = '';
    this.problems = null;
    this.judged = false;
  }
}
