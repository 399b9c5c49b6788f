import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';

/**
 * Fastify's validator compiler, on TypeBox. JSON bodies are checked as sent: Connect rejects a
 * number where a string belongs, a lone value where a list belongs and an unknown member of a
 * closed shape, so Parley must not quietly coerce or strip them (Fastify's default Ajv setup
 * does both). Query strings and path labels arrive as text, so only they are converted first
 * ("10" becomes 10). A failure carries Ajv-style `validation` entries for the error handler.
 */
export function compileValidator({ schema, httpPart }: { schema: unknown; httpPart?: string }) {
  const check = TypeCompiler.Compile(schema as TSchema);
  return (data: unknown) => {
    const value = httpPart === 'body' ? data : Value.Convert(schema as TSchema, data);
    if (check.Check(value)) return { value };
    const first = check.Errors(value).First();
    const error = Object.assign(new Error(first?.message ?? 'Invalid request'), {
      validation: [{ instancePath: first?.path ?? '', message: first?.message ?? 'is invalid', params: {} }],
    });
    return { error };
  };
}
