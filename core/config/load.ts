import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { closestName, ConfigError } from './errors.ts';
import { settingsSchema, type Settings } from './schema.ts';

/** Where a value came from: a file name, or a function naming the flag or key behind a path. */
export type IssueSource = string | ((path: PropertyKey[]) => string);

/** Reads and parses a settings file; a missing file is {} unless it must exist. Throws ConfigError. */
export async function readSettingsJson(path: string, options: { mustExist: boolean }): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !options.mustExist) return {};
    throw new ConfigError(`${path}: ${readFailure(error)}`);
  }
  // Windows editors such as Notepad may start the file with a byte order mark, which JSON.parse refuses.
  text = text.replace(/^\uFEFF/, '');
  // An empty file is more likely a botched save than a wish for defaults, so it is not taken silently.
  if (text.trim() === '') throw new ConfigError(`${path}: the file is empty; write {} in it to use the defaults`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path}: ${describeSyntaxError(text, error as SyntaxError)}`);
  }
}

const READ_FAILURES: Record<string, string> = {
  ENOENT: 'the file does not exist',
  EACCES: 'no permission to read the file',
  EPERM: 'no permission to read the file',
  EISDIR: 'is a folder, not a file',
};

/** Why a file could not be read, in words. */
export function readFailure(error: unknown): string {
  return READ_FAILURES[(error as NodeJS.ErrnoException).code ?? ''] ?? `cannot be read (${(error as Error).message})`;
}

/** Reads and validates a settings file; a missing optional file gives all defaults. Throws ConfigError. */
export async function loadSettingsFile(path: string, options: { mustExist: boolean }): Promise<Settings> {
  return validateSettings(await readSettingsJson(path, options), path);
}

/** Checks input against the settings schema and fills in defaults. Throws ConfigError naming each problem. */
export function validateSettings(input: unknown, source: IssueSource): Settings {
  const result = settingsSchema.safeParse(input, { reportInput: true, error: issueMessage });
  if (!result.success) throw new ConfigError(formatZodIssues(result.error, source));
  return result.data;
}

/** One line per issue: `file: "retry[2]": message`, or `--retry: message` when source names flags. */
export function formatZodIssues(error: z.ZodError, source: IssueSource): string {
  return error.issues
    .map((issue) => {
      const label = typeof source === 'function' ? source(issue.path) : fileIssueLabel(source, issue.path);
      const text = withInput(issue);
      // "is missing" reads as a sentence after the key; a colon there would read as a value.
      return text.startsWith('is ') ? `${label} ${text}` : `${label}: ${text}`;
    })
    .join('\n');
}

/** `file` for the whole file, `file: "retry[2]"` for one value in it. */
export function fileIssueLabel(file: string, path: PropertyKey[]): string {
  return path.length === 0 ? file : `${file}: "${formatPath(path)}"`;
}

/** retry[2], tls.cert */
function formatPath(path: PropertyKey[]): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

// The schema's messages are predicates ("must look like HOST:PORT"); putting the offending value in
// front of them makes a sentence that shows the person exactly what to fix.
function withInput(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  const primitive = input === null || ['string', 'number', 'boolean'].includes(typeof input);
  return issue.message.startsWith('must') && primitive ? `${JSON.stringify(input)} ${issue.message}` : issue.message;
}

/** Messages for zod's built-in checks, in the schema's own style; custom messages in the schema win. */
function issueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is missing';
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}${isObjectLike(issue.input) ? `, not ${describeValue(issue.input)}` : ''}`;
    case 'too_small':
      return sizeMessage(issue.origin, 'at least', issue.minimum, issue.inclusive);
    case 'too_big':
      return sizeMessage(issue.origin, 'at most', issue.maximum, issue.inclusive);
    case 'invalid_value':
      return `must be one of ${listWords(issue.values.map(String))}`;
    case 'unrecognized_keys':
      return unknownKeysMessage(issue.keys, issue.inst);
    default:
      return undefined;
  }
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text in quotes',
  number: 'a number',
  int: 'a whole number',
  array: 'a list in [ ]',
  object: 'an object in { }',
  boolean: 'true or false',
};

function isObjectLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

function describeValue(value: unknown): string {
  return Array.isArray(value) ? 'a list' : 'an object';
}

function sizeMessage(origin: string, bound: 'at least' | 'at most', limit: number | bigint, inclusive = true): string {
  if (origin === 'array' && bound === 'at least' && Number(limit) === 1) return 'must not be an empty list';
  if (origin === 'string' && bound === 'at least' && Number(limit) === 1) return 'must not be empty';
  const strict = bound === 'at least' ? 'more than' : 'less than';
  const unit = origin === 'array' ? ' entries' : origin === 'string' ? ' characters' : '';
  return `must be ${inclusive ? bound : strict} ${limit}${unit}`;
}

function listWords(words: string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

function unknownKeysMessage(keys: string[], schema: unknown): string {
  const known = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  const named = keys.map((key) => {
    const guess = closestName(key, known);
    return guess ? `"${key}" (did you mean "${guess}"?)` : `"${key}"`;
  });
  return `unknown ${keys.length === 1 ? 'key' : 'keys'} ${named.join(', ')}`;
}

/** Names the line and column; V8 gives the position for most syntax errors but not for an unexpected token. */
function describeSyntaxError(text: string, error: SyntaxError): string {
  const given = / in JSON at position (\d+)/.exec(error.message);
  const offset = given ? Number(given[1]) : firstSyntaxErrorOffset(text);
  const reason = given
    ? error.message.slice(0, given.index)
    : offset >= text.length
      ? 'the file ends too early'
      : `unexpected ${JSON.stringify(text[offset])}`;
  const before = text.slice(0, offset).split('\n');
  return `not valid JSON at line ${before.length}, column ${before.at(-1)!.length + 1}: ${reason}`;
}

const SPACE = /[ \t\n\r]*/y;
const SCALAR = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** Walks the JSON grammar and returns where it first breaks (or the length, if it ends too early). */
function firstSyntaxErrorOffset(text: string): number {
  let at = 0;
  const skipSpace = () => {
    SPACE.lastIndex = at;
    SPACE.test(text);
    at = SPACE.lastIndex;
  };
  const expect = (char: string) => {
    skipSpace();
    if (text[at] !== char) throw at;
    at++;
  };
  const value = (): void => {
    skipSpace();
    const open = text[at];
    if (open === '{' || open === '[') {
      const close = open === '{' ? '}' : ']';
      at++;
      skipSpace();
      if (text[at] === close) {
        at++;
        return;
      }
      for (;;) {
        if (open === '{') {
          skipSpace();
          if (text[at] !== '"') throw at;
          value();
          expect(':');
        }
        value();
        skipSpace();
        if (text[at] !== ',') return expect(close);
        at++;
      }
    }
    SCALAR.lastIndex = at;
    if (!SCALAR.test(text)) throw at;
    at = SCALAR.lastIndex;
  };
  try {
    value();
    skipSpace();
    return at;
  } catch (offset) {
    return offset as number;
  }
}
