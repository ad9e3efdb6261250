import { Command, CommanderError } from 'commander';
import { InputError } from './input/read-input';
import { EXIT, inspectFile, InspectOptions } from './inspect/inspect.command';

/** Builds the `edi` program; `run` resolves to the process exit code. */
export function buildProgram(write: (text: string) => void, writeError: (text: string) => void): { run(argv: string[]): Promise<number> } {
  let exitCode: number = EXIT.OK;
  const program = new Command('edi')
    .description('Tradewire X12 tools: work on files, offline, with no database or queue')
    .exitOverride()
    .configureOutput({ writeOut: write, writeErr: writeError })
    .showHelpAfterError();

  for (const name of ['parse', 'validate'] as const) {
    program
      .command(`${name} <file>`)
      .description(name === 'parse' ? 'read the envelope (ISA/GS/ST) and report every structural problem' : 'check a file: envelope checks (transaction-set checks to come)')
      .option('--json', 'print one JSON object')
      .action(async (file: string, options: InspectOptions) => {
        exitCode = await inspectFile(file, options, write);
      });
  }

  return {
    async run(argv: string[]): Promise<number> {
      try {
        await program.parseAsync(argv, { from: 'user' });
        return exitCode;
      } catch (e) {
        if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
        if (e instanceof InputError) {
          writeError(`edi: ${e.message}\n`);
          return EXIT.USAGE;
        }
        throw e;
      }
    },
  };
}

/** Runs the CLI on `argv` (without node and script) and sets the process exit code. */
export function runCli(argv: string[]): Promise<void> {
  const program = buildProgram((t) => process.stdout.write(t), (t) => process.stderr.write(t));
  return program.run(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`edi: unexpected failure: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = EXIT.USAGE;
    },
  );
}

if (require.main === module) void runCli(process.argv.slice(2));
