/**
 * Sorts a ProblemDetails `errors` map into the form's fields. `fields` maps a server key (`ssh.host`) to the
 * form field that shows it; keys are matched case-insensitively, and anything unmatched goes to `other`,
 * shown above the form, so no message is ever lost.
 */
export function sortFieldErrors<F extends string>(
  errors: Record<string, string[]>,
  fields: Record<string, F>,
): { byField: Partial<Record<F, string[]>>; other: string[] } {
  const lookup = new Map(Object.entries(fields).map(([key, field]) => [key.toLowerCase(), field] as const));
  const byField: Partial<Record<F, string[]>> = {};
  const other: string[] = [];
  for (const [key, messages] of Object.entries(errors)) {
    const field = lookup.get(key.toLowerCase());
    if (field === undefined) {
      other.push(...messages);
    } else {
      byField[field] = [...(byField[field] ?? []), ...messages];
    }
  }
  return { byField, other };
}
