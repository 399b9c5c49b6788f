/** Whether a store error is a unique constraint's refusal (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY). */
export const isUniqueViolation = (e: unknown): boolean => {
  const code = (e as { code?: unknown }).code;
  return code === '23505' || (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT'));
};

/**
 * A write whose uniqueness the store enforces: a refusal by a unique constraint (two writers
 * racing past a friendlier check, on PostgreSQL) becomes the caller's domain error.
 */
export async function uniqueOr<T>(write: Promise<T>, error: () => Error): Promise<T> {
  try {
    return await write;
  } catch (e) {
    throw isUniqueViolation(e) ? error() : e;
  }
}
