/**
 * The password estimator with its dictionaries (zxcvbn-ts, French and common: about 1 MB). Import it lazily —
 * `await import('@preau/core/password-strength')` — so that nobody pays for it before choosing a password; it is
 * built once per process or page.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as fr from '@zxcvbn-ts/language-fr';
import { PASSWORD_MAX_LENGTH, type PasswordEstimator } from './password.js';

let estimator: PasswordEstimator | undefined;

/** zxcvbn-ts with the common and French dictionaries and keyboards (azerty included), French warnings. */
export function passwordEstimator(): PasswordEstimator {
  if (!estimator) {
    const factory = new ZxcvbnFactory({
      translations: fr.translations,
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...fr.dictionary },
      // Levenshtein matching costs up to seconds per password for little gain over l33t and dictionaries.
      useLevenshteinDistance: false,
      maxLength: PASSWORD_MAX_LENGTH,
    });
    estimator = (password, userInputs) => {
      const result = factory.check(password, [...userInputs]);
      return { score: result.score, warning: result.feedback.warning ?? null };
    };
  }
  return estimator;
}
