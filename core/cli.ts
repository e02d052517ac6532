import { AdminListenError } from './api/http/listen-address.ts';
import { ConfigError } from './config/errors.ts';
import { DataFolderBusy } from './data-lock.ts';
import { ListenError } from './smtp/listen.ts';
import { CommandError } from './cli/client-errors.ts';
import { StorageError } from './store/storage-error.ts';

const USAGE = `Usage: mx-standby <command> [options]

Commands:
  serve                run the backup mail server (headless); see mx-standby serve --help
  status               how the running server is doing
  queue                list the messages it holds (--state S to pick some)
  flush                deliver everything waiting now
  redeliver ID...      deliver these messages now, failed ones too
  hold ID...           keep these messages from being delivered
  release ID...        let held messages be delivered again
  delete ID...         delete these messages
  export ID            write a message to standard output: mx-standby export ID > message.eml
  open                 print a fresh one-time link that signs you in to the web UI
  recover              rebuild the queue from the spool, with the server stopped

All but serve and recover talk to the running server, found through its data folder (--data DIR);
status and queue print a table, or the API's JSON with --json. Each has --help.

`;

type Command = (argv: string[]) => Promise<number>;

// Loaded on demand: an admin command then starts without loading the whole engine that serve needs.
const commands: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./cli/serve.ts')).serve,
  status: async () => (await import('./cli/admin-status.ts')).status,
  queue: async () => (await import('./cli/admin-queue.ts')).queue,
  flush: async () => (await import('./cli/admin-actions.ts')).flush,
  redeliver: async () => (await import('./cli/admin-actions.ts')).queueAction('redeliver'),
  hold: async () => (await import('./cli/admin-actions.ts')).queueAction('hold'),
  release: async () => (await import('./cli/admin-actions.ts')).queueAction('release'),
  delete: async () => (await import('./cli/admin-actions.ts')).queueAction('delete'),
  export: async () => (await import('./cli/admin-export.ts')).exportMessage,
  open: async () => (await import('./cli/admin-open.ts')).open,
  recover: async () => (await import('./cli/recover.ts')).recover,
};

/** Errors a person can act on are printed as one plain line; anything else is a bug and keeps its stack. */
function isPlain(error: unknown): error is Error {
  return (
    error instanceof ConfigError ||
    error instanceof ListenError ||
    error instanceof DataFolderBusy ||
    error instanceof AdminListenError ||
    error instanceof CommandError ||
    error instanceof StorageError
  );
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name === undefined ? 1 : 0;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    process.stderr.write(`mx-standby: unknown command "${name}"\n\n${USAGE}`);
    return 1;
  }
  try {
    const command = await load();
    return await command(rest);
  } catch (error) {
    if (isPlain(error)) {
      process.stderr.write(`mx-standby: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
