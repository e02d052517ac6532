import { settingsSchema, type EngineEvent, type Settings } from '../../../../core/api/contract.ts';
import { ApiFailure, type Transport } from '../../api/transport.ts';

/** Keys the engine applies only after a restart (core/api/settings.ts says the same). */
const RESTART = new Set(['smtpListen', 'adminListen', 'hostname', 'maxSize', 'tls', 'maxConnections']);

/**
 * For the ui tests: a transport that answers getSettings, updateSettings and
 * changeSettings in memory, checking input with the real settings schema and refusing it the
 * way the HTTP API does (400, the field as "retry.1"). `fail` makes the next
 * call fail with that error instead.
 */
export class SettingsTestTransport implements Transport {
  settings: Settings;
  updates: unknown[] = [];
  fail: ApiFailure | null = null;

  constructor(initial: unknown = {}) {
    this.settings = settingsSchema.parse(initial);
  }

  async call(operation: string, input: unknown): Promise<unknown> {
    if (this.fail) {
      const failure = this.fail;
      this.fail = null;
      throw failure;
    }
    if (operation === 'getSettings') return structuredClone(this.settings);
    if (operation !== 'updateSettings' && operation !== 'changeSettings') throw new ApiFailure(404, 'not_found', `no ${operation} here`, null);
    this.updates.push(input);
    // changeSettings (PATCH) merges the keys given into the settings in use, as the engine does.
    const parsed = settingsSchema.safeParse(operation === 'changeSettings' ? { ...this.settings, ...(input as object) } : input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.map(String).join('.');
      throw new ApiFailure(400, 'invalid_input', `${field}: ${issue.message}`, field);
    }
    const before = this.settings as Record<string, unknown>;
    const after = parsed.data as Record<string, unknown>;
    const keys = Object.keys(after).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
    this.settings = parsed.data;
    return {
      settings: structuredClone(parsed.data),
      applied: keys.filter((key) => !RESTART.has(key)),
      restartNeeded: keys.filter((key) => RESTART.has(key)),
    };
  }

  subscribe(_listener: (event: EngineEvent) => void, _onReset: () => void): () => void {
    return () => undefined;
  }

  async messageBytes(_id: string): Promise<Blob> {
    throw new ApiFailure(404, 'not_found', 'no messages here', null);
  }
}
