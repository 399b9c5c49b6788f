/** One server of an interleaved A/B (ab-message.ts, ab-start.ts): a name, its entry script and env. */
export interface AbVariant {
  name: string;
  script: string;
  env: Record<string, string>;
}

/**
 * The command line of an A/B tool: `[rounds] name=script[,KEY=value…] …` (a bare name runs
 * bench/server-entry.ts); `rounds` defaults to 5.
 */
export function abArgs(argv: string[]): { rounds: number; variants: AbVariant[] } {
  const args = [...argv];
  const rounds = /^\d+$/.test(args[0] ?? '') ? Number(args.shift()) : 5;
  const variants = args.map((a) => {
    const at = a.indexOf('=');
    const [script, ...kv] = (at < 0 ? 'bench/server-entry.ts' : a.slice(at + 1)).split(',');
    return { name: at < 0 ? a : a.slice(0, at), script, env: Object.fromEntries(kv.map((p) => p.split('=') as [string, string])) };
  });
  return { rounds, variants };
}
