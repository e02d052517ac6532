import { ConfigError } from './config/errors.ts';
import { DataFolderBusy } from './data-lock.ts';
import { ListenError } from './smtp/listen.ts';
import { serve } from './cli/serve.ts';

const USAGE = `Usage: mx-standby <command> [options]

Commands:
  serve      run the backup mail server (headless); see mx-standby serve --help

`;

const commands: Record<string, (argv: string[]) => Promise<number>> = { serve };

/** Errors a person can act on are printed as one plain line; anything else is a bug and keeps its stack. */
function isPlain(error: unknown): error is Error {
  return error instanceof ConfigError || error instanceof ListenError || error instanceof DataFolderBusy;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name === undefined ? 1 : 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`mx-standby: unknown command "${name}"\n\n${USAGE}`);
    return 1;
  }
  try {
    return await command(rest);
  } catch (error) {
    if (isPlain(error)) {
      process.stderr.write(`mx-standby: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
