/** Connect's password rule, which Parley applies too: told to the user before the server refuses. */
export const PASSWORD_HINT = '8 to 64 characters, with an uppercase letter, a lowercase letter and a digit';

export function passwordProblem(pw: string): string | undefined {
  if (!pw) return 'Password is required.';
  if (pw.length < 8 || pw.length > 64 || !/[A-Z]/.test(pw) || !/[a-z]/.test(pw) || !/\d/.test(pw)) return `Password needs ${PASSWORD_HINT}.`;
  return undefined;
}
