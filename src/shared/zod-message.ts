import type { z } from 'zod';

/**
 * A zod error in plain words for the person who sent the input: the first three problems,
 * each as "where: what" ("phone: Too small"); `whole` names the input itself when the
 * problem is with all of it rather than one field.
 */
export function describeZod(err: z.ZodError, whole = 'input'): string {
  return err.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : whole}: ${i.message}`)
    .join('; ');
}
