import { statement, type Db } from './open.ts';

export interface RecipientCheck {
  address: string;
  verdict: 'accept' | 'reject';
  response: string;
  checkedAt: number;
  expiresAt: number;
}

export function findRecipientCheck(db: Db, address: string): RecipientCheck | null {
  const row = statement(db, 
      `SELECT address, verdict, response, checked_at AS checkedAt, expires_at AS expiresAt
       FROM recipient_check WHERE address = ?`,
    )
    .get(address) as RecipientCheck | undefined;
  return row ?? null;
}

export function saveRecipientCheck(db: Db, check: RecipientCheck): void {
  statement(db, 
    `INSERT INTO recipient_check (address, verdict, response, checked_at, expires_at)
     VALUES (@address, @verdict, @response, @checkedAt, @expiresAt)
     ON CONFLICT (address) DO UPDATE SET verdict = excluded.verdict, response = excluded.response,
       checked_at = excluded.checked_at, expires_at = excluded.expires_at`,
  ).run(check);
}
