/**
 * Why an AS2 message could not be processed, as the MDN's disposition modifier names it
 * (RFC 4130 §7.4.3: "processed/error: <description>"). Stable codes, listed once here.
 */
export const AS2_FAILURES = {
  'decryption-failed': 'the message could not be decrypted with our key',
  'authentication-failed': "the signature was not made with a certificate of the partner's in force",
  'integrity-check-failed': 'the content does not match its signature',
  'insufficient-message-security': "the message is not signed or not encrypted as the partner's profile requires",
  'unexpected-processing-error': 'the message could not be read',
} as const;
export type As2Failure = keyof typeof AS2_FAILURES;

export class As2Error extends Error {
  constructor(readonly failure: As2Failure, detail: string) {
    super(`${failure}: ${detail}`);
    this.name = 'As2Error';
  }
}

/** Runs `work`, turning any error that is not already an As2Error into one with `failure`. */
export function failingAs<T>(failure: As2Failure, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof As2Error) throw error;
    throw new As2Error(failure, (error as Error).message);
  }
}
