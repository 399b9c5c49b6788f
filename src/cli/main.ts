import { EXIT, UsageError, type CliCommand, type CliIo } from './command.js';
import { flowsImport, flowsValidate } from './flows-command.js';
import { flowsLogs } from './logs-command.js';

/** Every subcommand of `parley`: one line each. */
const COMMANDS: CliCommand[] = [flowsValidate, flowsImport, flowsLogs];

const usageOf = (c: CliCommand) => `parley ${c.words.join(' ')} ${c.usage}`;

function help(io: CliIo, commands = COMMANDS): void {
  io.out('Usage:');
  for (const c of commands) io.out(`  ${usageOf(c)}\n      ${c.summary}`);
}

/**
 * Runs `parley ARGS...` and returns the exit code. The subcommand is the longest list of words
 * that the arguments start with; `--help` anywhere prints the usage.
 */
export async function run(argv: string[], io: CliIo = processIo()): Promise<number> {
  const command = COMMANDS.filter((c) => c.words.every((w, i) => argv[i] === w)).sort((a, b) => b.words.length - a.words.length)[0];
  if (!command) {
    const group = COMMANDS.filter((c) => c.words[0] === argv[0]);
    if (argv.length && !argv[0].startsWith('-')) io.err(`parley: unknown command "${argv.join(' ')}"`);
    help(io, group.length ? group : COMMANDS);
    return argv.length === 0 || argv.includes('--help') || argv.includes('-h') ? EXIT.ok : EXIT.usage;
  }
  const args = argv.slice(command.words.length);
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`Usage: ${usageOf(command)}\n  ${command.summary}`);
    return EXIT.ok;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`parley ${command.words.join(' ')}: ${e.message}`);
      io.err(`Usage: ${usageOf(command)}`);
      return EXIT.usage;
    }
    io.err(`parley ${command.words.join(' ')}: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT.failed;
  }
}

function processIo(): CliIo {
  return { out: (l) => console.log(l), err: (l) => console.error(l), env: process.env, cwd: process.cwd() };
}
