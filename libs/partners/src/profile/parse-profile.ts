import { parseDocument } from 'yaml';
import { z } from 'zod';
import { PARTNER_PROFILE, PartnerProfile } from './partner-profile.schema';

/** One problem in one profile file: where (a dotted path in the profile) and what. */
export interface ProfileProblem {
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

export type ProfileParse = { readonly profile: PartnerProfile; readonly problems: readonly [] } | { readonly profile: null; readonly problems: readonly ProfileProblem[] };

/** Parses one YAML profile and checks it against the schema; every problem is listed, none thrown. */
export function parseProfile(text: string, file: string): ProfileParse {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return { profile: null, problems: doc.errors.map((e) => ({ file, path: linePath(e.linePos?.[0]), message: e.message.split('\n')[0] })) };
  }
  return validateProfile(doc.toJS(), file);
}

/** Checks a profile given as a plain object (API bodies use this too). */
export function validateProfile(data: unknown, file: string): ProfileParse {
  const result = PARTNER_PROFILE.safeParse(data);
  if (result.success) return { profile: result.data, problems: [] };
  return { profile: null, problems: result.error.issues.map((issue) => ({ file, path: pathOf(issue), message: issue.message })) };
}

function pathOf(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  if (keys.length > 0) return [path, keys.join(',')].filter(Boolean).join('.');
  return path || '(profile)';
}

function linePath(pos: { line: number; col: number } | undefined): string {
  return pos === undefined ? '(yaml)' : `(line ${pos.line}, column ${pos.col})`;
}
