import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';

import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_MIN_SCORE, PasswordVerdict } from './limits';

let estimator: ZxcvbnFactory | undefined;

/** An e-mail or name, whole and in its parts (`jo.smith@example.com` also gives `jo.smith`, `jo`, `smith`). */
function expandUserInputs(inputs: string[]): string[] {
  return [
    ...new Set(
      inputs.flatMap((input) => {
        const lower = input.trim().toLowerCase();
        const local = lower.split('@')[0];
        return [lower, local, ...lower.split(/[^a-z0-9]+/)].filter((part) => part.length > 2);
      }),
    ),
  ];
}

function getEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    translations: zxcvbnEn.translations,
    graphs: zxcvbnCommon.adjacencyGraphs,
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
  });
  return estimator;
}

/**
 * Judges a password with zxcvbn-ts (common and English dictionaries): at least
 * {@link PASSWORD_MIN_LENGTH} characters, at most {@link PASSWORD_MAX_LENGTH}, and a score of at
 * least {@link PASSWORD_MIN_SCORE}. `userInputs` (email, name) count as easy guesses.
 */
export function evaluatePassword(password: string, userInputs: string[] = []): PasswordVerdict {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return {
      acceptable: false,
      score: 0,
      reason: `Password must be at least ${PASSWORD_MIN_LENGTH} characters long`,
      suggestions: ['Use a few words that do not belong together'],
    };
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return {
      acceptable: false,
      score: 0,
      reason: `Password must be at most ${PASSWORD_MAX_LENGTH} characters long`,
      suggestions: [],
    };
  }
  const result = getEstimator().check(password, expandUserInputs(userInputs));
  const acceptable = result.score >= PASSWORD_MIN_SCORE;
  return {
    acceptable,
    score: result.score,
    reason: acceptable
      ? null
      : `Password is too easy to guess${result.feedback.warning ? `: ${result.feedback.warning}` : ''}`,
    suggestions: result.feedback.suggestions,
  };
}
