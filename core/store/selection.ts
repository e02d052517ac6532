import { statement, type Db } from './open.ts';

export interface MessageFilterRow {
  state?: string | undefined;
  recipient?: string | undefined;
  sender?: string | undefined;
  text?: string | undefined;
}

/** `%text%` for LIKE, with LIKE's own wildcards taken literally. */
export function likeAny(text: string | undefined): string | null {
  if (text === undefined || text === '') return null;
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** The WHERE clause for a message filter; parameters @state, @recipient, @sender, @text. */
export const FILTER_SQL = `
  (@state IS NULL OR EXISTS (SELECT 1 FROM delivery f WHERE f.message_id = m.id AND f.state = @state))
  AND (@sender IS NULL OR m.mail_from LIKE @sender ESCAPE '\\')
  AND (@recipient IS NULL OR EXISTS (SELECT 1 FROM delivery r WHERE r.message_id = m.id AND r.recipient LIKE @recipient ESCAPE '\\'))
  AND (@text IS NULL OR m.subject LIKE @text ESCAPE '\\' OR m.header_from LIKE @text ESCAPE '\\')`;

export function filterParams(filter: MessageFilterRow) {
  return {
    state: filter.state ?? null,
    recipient: likeAny(filter.recipient),
    sender: likeAny(filter.sender),
    text: likeAny(filter.text),
  };
}

/** Message row ids for the given queue ids, or for everything matching a filter. */
export function selectMessageIds(db: Db, selection: { ids?: string[] | undefined; filter?: MessageFilterRow | undefined }): number[] {
  if (selection.ids) {
    const find = statement(db, 'SELECT id FROM message WHERE qid = ?').pluck();
    return selection.ids.map((qid) => find.get(qid) as number | undefined).filter((id): id is number => id !== undefined);
  }
  return statement(db, `SELECT m.id FROM message m WHERE ${FILTER_SQL} ORDER BY m.id`)
    .pluck()
    .all(filterParams(selection.filter ?? {})) as number[];
}
