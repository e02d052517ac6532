import { saveSettings } from '../config/save.ts';
import { settingsSchema, type Settings } from '../config/schema.ts';
import { toEngineConfig } from '../config/runtime.ts';
import type { EngineParts } from '../engine-parts.ts';
import type { SettingsResult } from './contract.ts';

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

/** Validates, saves atomically, applies what can be applied live, and says which keys wait for a restart. */
export async function updateSettings(parts: EngineParts, input: unknown): Promise<SettingsResult> {
  const next = settingsSchema.parse(input);
  const current = parts.config();
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
