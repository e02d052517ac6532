import { checkOnThisMachine } from '../config/machine-checks.ts';
import { parseHostPort, toEngineConfig } from '../config/runtime.ts';
import { saveSettings } from '../config/save.ts';
import { settingsSchema, type Settings } from '../config/schema.ts';
import type { EngineParts } from '../engine-parts.ts';
import type { SettingsResult } from './contract.ts';
import { settingsChange, wholeSettings } from './settings-input.ts';

/** Settings that the running listener was built with: they change only with a restart. */
const NEED_RESTART: ReadonlySet<keyof Settings> = new Set([
  'smtpListen',
  'adminListen',
  'hostname',
  'maxSize',
  'tls',
  'maxConnections',
]);

function changedKeys(before: Settings, after: Settings): (keyof Settings)[] {
  return (Object.keys(after) as (keyof Settings)[]).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
}

/** The save under way for each engine, so that saves run one after another. */
const saving = new WeakMap<EngineParts, Promise<unknown>>();

/**
 * Runs one save after the one before it has finished, so a PATCH merges into
 * what the previous save left, never into a copy another request is replacing.
 */
function afterPreviousSave<T>(parts: EngineParts, task: () => Promise<T>): Promise<T> {
  const run = (saving.get(parts) ?? Promise.resolve()).then(task);
  saving.set(parts, run.catch(() => undefined));
  return run;
}

/** PUT /settings: every setting given; one left out is refused, never reset to its default. */
export async function replaceSettings(parts: EngineParts, input: unknown): Promise<SettingsResult> {
  const next = settingsSchema.parse(wholeSettings.parse(input));
  return afterPreviousSave(parts, () => save(parts, next));
}

/** PATCH /settings: the keys given replace those in use; the result is checked as a whole. */
export async function changeSettings(parts: EngineParts, input: unknown): Promise<SettingsResult> {
  const change = settingsChange.parse(input);
  return afterPreviousSave(parts, () => save(parts, settingsSchema.parse({ ...parts.config().settings, ...change })));
}

/**
 * Checks what the next start would read (TLS files, a primary that is this server),
 * saves atomically, applies what can be applied live, and says which keys wait for a restart.
 */
async function save(parts: EngineParts, next: Settings): Promise<SettingsResult> {
  const current = parts.config();
  // The running listener's port, and the one the next start will take.
  const ports = [parts.smtpAddress.port, parseHostPort(next.smtpListen, 25).port];
  await checkOnThisMachine(next, current.dataDir, ports);
  const keys = changedKeys(current.settings, next);
  await saveSettings(parts.configPath, next);
  const explicit = current.smtpListenExplicit || next.smtpListen !== current.settings.smtpListen;
  await parts.applyConfig(toEngineConfig(next, current.dataDir, explicit));
  if (keys.length > 0) {
    await parts.batcher.write((db) => parts.events.record(db, { type: 'settings.changed', qid: null, data: { keys } }));
  }
  return {
    settings: next,
    applied: keys.filter((key) => !NEED_RESTART.has(key)),
    restartNeeded: keys.filter((key) => NEED_RESTART.has(key)),
  };
}
