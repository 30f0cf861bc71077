import { isDeepStrictEqual } from 'node:util';
import type { FieldError } from './platform.js';

/**
 * A field a platform's GET derives from stored ones (Zulip's `is_admin` from `role`, Open WebUI's
 * `groups` from `group_ids`). The control API takes a user back exactly as GET returned it, so such a
 * field is accepted in a write when it agrees with the user as it will be stored, and is a field error
 * when it contradicts it. It never changes anything itself.
 */
export interface DerivedField<TUser> {
  /** The stored fields it comes from, named in the error. */
  from: string;
  /** Every value GET can show for this user: one, or several when it depends on the caller, the query or the time. */
  shown(user: TUser): readonly unknown[];
}

export type DerivedFields<TUser> = Readonly<Record<string, DerivedField<TUser>>>;

/** The body without the derived fields: the part that is validated and stored. */
export function storedPart(body: Record<string, unknown>, derived: DerivedFields<never>): Record<string, unknown> {
  // fromEntries defines own properties, so a "__proto__" key stays a field (and an unknown one).
  return Object.fromEntries(Object.entries(body).filter(([field]) => !Object.hasOwn(derived, field)));
}

/** One error for each derived field of the body that GET would not show for `user`. */
export function contradictions<TUser>(body: Record<string, unknown>, user: TUser, derived: DerivedFields<TUser>): FieldError[] {
  const errors: FieldError[] = [];
  for (const [field, { from, shown }] of Object.entries(derived)) {
    const given = body[field];
    if (given === undefined) continue;
    const values = shown(user).filter((value, index, all) => all.findIndex((other) => isDeepStrictEqual(other, value)) === index);
    if (values.some((value) => isDeepStrictEqual(value, given))) continue;
    const expected = values.map((value) => JSON.stringify(value)).join(' or ');
    errors.push({ field, message: `contradicts ${from}: GET shows ${expected} for this user` });
  }
  return errors;
}
