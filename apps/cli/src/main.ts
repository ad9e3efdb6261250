import { eventJsonSchemas } from '@tradewire/canonical';
import { Command, CommanderError } from 'commander';
import { AckOptions, AckUsageError, ackFile } from './ack/ack.command';
import { InputError } from './input/read-input';
import { checkProfileFiles, printProfileSchema } from './profile/profile.command';
import { generateDocument, GenerateCliOptions, GenerateUsageError } from './generate/generate.command';
import { TranslateOptions, translateFile, TranslateUsageError } from './translate/translate.command';
import { EXIT, InspectOptions, parseFile, validateFile } from './inspect/inspect.command';

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
      .description(name === 'parse' ? 'read the envelope (ISA/GS/ST) and report every structural problem' : 'check the envelope and every transaction set against its spec (edi-specs/)')
      .option('--json', 'print one JSON object')
      .option('--guide <file...>', 'partner guide(s) from edi-specs/guides/ that narrow the base specs')
      .option('--profile <file>', "a partner profile (partner-profiles/*.yaml): the guides it names apply")
      .action(async (file: string, options: InspectOptions) => {
        exitCode = await (name === 'parse' ? parseFile : validateFile)(file, options, write);
      });
  }

  program
    .command('ack <file>')
    .description('print the acknowledgment (997, 999 or TA1) we would send for FILE, or read an inbound acknowledgment with --read')
    .option('--type <type>', '997, 999 or ta1')
    .option('--read', 'read FILE as an inbound TA1/997/999 and report its verdicts')
    .option('--json', 'with --read: print one JSON object')
    .option('--control <number>', 'ISA13/GS06 of the first acknowledgment (default 1)')
    .option('--date <iso>', 'when the acknowledgment is made (default now), e.g. 2026-11-30T09:30:00Z')
    .option('--no-accepted', 'leave out AK2 loops for accepted transaction sets')
    .option('--guide <file...>', 'partner guide(s) from edi-specs/guides/ that narrow the base specs')
    .option('--profile <file>', "a partner profile: its guides, ack type, TA1 policy, accepted-set loops, our IDs and delimiters apply")
    .action(async (file: string, options: AckOptions) => {
      exitCode = await ackFile(file, options, write);
    });

  program
    .command('translate <file>')
    .description('print the canonical events of an inbound file, mapped with the partner profile')
    .requiredOption('--profile <file>', 'the partner profile (partner-profiles/*.yaml)')
    .option('--json', 'print one JSON object')
    .action(async (file: string, options: TranslateOptions) => {
      exitCode = await translateFile(file, options, write);
    });

  program
    .command('generate <set>')
    .description('print the X12 we would send: 940 from a WarehouseOrderReleased, 856 from a ShipmentNoticeIssued, 846 from a channel availability')
    .requiredOption('--profile <file>', 'the partner profile (partner-profiles/*.yaml)')
    .requiredOption('--input <file>', 'the canonical input, as JSON')
    .option('--control <number>', 'ISA13, GS06 and ST02 of the document (default 1)')
    .option('--date <iso>', 'when the document is made (default now)')
    .action((set: string, options: GenerateCliOptions) => {
      exitCode = generateDocument(set, options, write, writeError);
    });

  program
    .command('events')
    .description('print the JSON Schemas of the canonical event contracts (libs/canonical/json-schema/)')
    .action(() => {
      write(JSON.stringify(eventJsonSchemas(), null, 2) + '\n');
    });

  const profile = program.command('profile').description('partner profiles (partner-profiles/*.yaml)');
  profile
    .command('check [files...]')
    .description('check profiles: schema, referenced guides and specs, partner IDs unique across profiles (default: partner-profiles/*.yaml)')
    .action((files: string[]) => {
      exitCode = checkProfileFiles(files, write);
    });
  profile
    .command('schema')
    .description('print the profile JSON Schema')
    .action(() => {
      exitCode = printProfileSchema(write);
    });

  return {
    async run(argv: string[]): Promise<number> {
      try {
        await program.parseAsync(argv, { from: 'user' });
        return exitCode;
      } catch (e) {
        if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
        if (e instanceof InputError || e instanceof AckUsageError || e instanceof TranslateUsageError || e instanceof GenerateUsageError) {
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
