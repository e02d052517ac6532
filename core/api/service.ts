import type { EngineParts } from '../engine-parts.ts';
import { listEvents } from '../store/events.ts';
import { countMessages } from '../store/queries.ts';
import type { EngineApi, EngineEvent } from './contract.ts';
import { messageContent, openAttachment } from './message-content.ts';
import { attachmentInput } from './message-content-schemas.ts';
import { findMessage, listMessages, messageDetail } from './message-views.ts';
import { actOn, flush } from './queue-actions.ts';
import * as schemas from './schemas.ts';
import { setupApi } from './setup.ts';
import { changeSettings, replaceSettings } from './settings.ts';
import { status } from './status.ts';
import { reportingStorageFaults } from './storage-guard.ts';
import { traffic } from './traffic.ts';

export type { EngineApi };

/**
 * The engine's side of the contract. Every input is parsed here with the
 * contract's schemas too, so a binding that forgot cannot let bad input in.
 */
export function createEngineApi(parts: EngineParts): EngineApi {
  return reportingStorageFaults(operations(parts), parts.storage, () => parts.config().dataDir);
}

function operations(parts: EngineParts): EngineApi {
  return {
    ...setupApi(parts),
    status: async (input) => {
      schemas.empty.parse(input);
      return status(parts);
    },
    listMessages: async (input) => listMessages(parts, schemas.listMessagesInput.parse(input)),
    countMessages: async (input) => ({ count: countMessages(parts.db, schemas.messageFilter.parse(input)) }),
    getMessage: async (input) => messageDetail(parts, schemas.byId.parse(input).id),
    messageContent: async (input) => messageContent(parts, schemas.byId.parse(input).id),
    activity: async (input) => {
      const { before, limit, id } = schemas.activityInput.parse(input);
      const items = listEvents(parts.db, { limit, ...(before ? { before } : {}), ...(id ? { qid: id } : {}) }) as EngineEvent[];
      return { items, nextBefore: items.length === limit ? items[items.length - 1]!.id : null };
    },
    traffic: async (input) => traffic(parts, schemas.trafficInput.parse(input)),
    getSettings: async (input) => {
      schemas.empty.parse(input);
      return parts.config().settings;
    },
    redeliver: async (input) => actOn(parts, 'redeliver', schemas.selection.parse(input)),
    hold: async (input) => actOn(parts, 'hold', schemas.selection.parse(input)),
    release: async (input) => actOn(parts, 'release', schemas.selection.parse(input)),
    delete: async (input) => actOn(parts, 'delete', schemas.selection.parse(input)),
    flush: async (input) => {
      schemas.empty.parse(input);
      return flush(parts);
    },
    updateSettings: async (input) => replaceSettings(parts, input),
    changeSettings: async (input) => changeSettings(parts, input),
    rawMessage: async (id) => parts.spool.read(findMessage(parts, schemas.messageId.parse(id)).spoolFile),
    attachment: async (id, index) => {
      const input = attachmentInput.parse({ id, index });
      return openAttachment(parts, input.id, input.index);
    },
    subscribe: (listener) => parts.events.subscribe(listener),
  };
}
