/**
 * Schema history. Each entry runs once, in order, inside one transaction, and
 * PRAGMA user_version records how far a database has come. Never edit an
 * entry that has shipped: add a new one.
 */
export const migrations: readonly string[] = [
  `
  CREATE TABLE message (
    id INTEGER PRIMARY KEY AUTOINCREMENT,   -- the received sequence: order of handover
    qid TEXT NOT NULL UNIQUE,               -- the id people and logs see
    kind TEXT NOT NULL CHECK (kind IN ('inbound', 'dsn')),
    received_at INTEGER NOT NULL,
    mail_from TEXT NOT NULL,
    mail_params TEXT NOT NULL,              -- JSON: ret, envid, body, smtputf8
    client_address TEXT,
    client_hostname TEXT,
    helo TEXT,
    tls TEXT,                               -- JSON or NULL
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    spool_file TEXT NOT NULL,               -- relative to the spool folder
    subject TEXT,
    header_from TEXT,
    header_to TEXT,
    header_date TEXT,
    header_message_id TEXT
  );

  CREATE INDEX message_size ON message (size, id);

  CREATE TABLE delivery (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES message(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                     -- copy of message.kind: the claim query reads one table
    recipient TEXT NOT NULL,
    domain TEXT NOT NULL,
    rcpt_params TEXT NOT NULL,              -- JSON: notify, orcpt
    state TEXT NOT NULL CHECK (state IN ('queued','delivering','deferred','delivered','failed','held','expired')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    last_attempt_at INTEGER,
    last_code INTEGER,
    last_response TEXT,
    remote_host TEXT,
    delivered_at INTEGER,
    lease_owner TEXT,
    lease_expires_at INTEGER,
    dsn_due TEXT CHECK (dsn_due IN ('failure', 'delay')),  -- a notice the bouncer still owes
    delay_notified INTEGER NOT NULL DEFAULT 0
  );

  -- The claim: due work in received order.
  CREATE INDEX delivery_due ON delivery (kind, message_id, next_attempt_at)
    WHERE state IN ('queued', 'deferred');
  -- What the scheduler has waiting, per destination, without reading every row.
  CREATE INDEX delivery_waiting ON delivery (kind, domain, next_attempt_at)
    WHERE state IN ('queued', 'deferred');
  CREATE INDEX delivery_by_message ON delivery (message_id);
  CREATE INDEX delivery_state ON delivery (state);
  CREATE INDEX delivery_dsn_due ON delivery (dsn_due) WHERE dsn_due IS NOT NULL;
  CREATE INDEX delivery_leased ON delivery (lease_expires_at) WHERE state = 'delivering';

  CREATE TABLE event (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    type TEXT NOT NULL,
    qid TEXT,
    data TEXT NOT NULL                      -- JSON
  );
  CREATE INDEX event_qid ON event (qid) WHERE qid IS NOT NULL;

  CREATE TABLE recipient_check (
    address TEXT PRIMARY KEY,
    verdict TEXT NOT NULL CHECK (verdict IN ('accept', 'reject')),
    response TEXT NOT NULL,
    checked_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  `,
  // The dashboard's hourly traffic: a range scan over two event types.
  `
  CREATE INDEX event_type_at ON event (type, at);
  `,
  // Order per recipient mailbox: when the primary first deferred a delivery (the orderHold clock), and
  // the claim's look-up of earlier mail still waiting for the same mailbox.
  `
  ALTER TABLE delivery ADD COLUMN first_deferred_at INTEGER;
  CREATE INDEX delivery_mailbox_waiting ON delivery (kind, lower(recipient), message_id)
    WHERE state IN ('queued', 'deferred', 'delivering');
  `,
  // One row the storage re-check rewrites while storage is failing: a real commit proves the database takes writes again.
  `
  CREATE TABLE storage_check (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at INTEGER NOT NULL);
  `,
  // A delivery whose body on disk is not the one received is 'damaged'. SQLite cannot alter a CHECK
  // constraint, so the table is rebuilt with the new state allowed, and its indexes made again.
  `
  CREATE TABLE delivery_new (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES message(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    domain TEXT NOT NULL,
    rcpt_params TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued','delivering','deferred','delivered','failed','held','expired','damaged')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    last_attempt_at INTEGER,
    last_code INTEGER,
    last_response TEXT,
    remote_host TEXT,
    delivered_at INTEGER,
    lease_owner TEXT,
    lease_expires_at INTEGER,
    dsn_due TEXT CHECK (dsn_due IN ('failure', 'delay')),
    delay_notified INTEGER NOT NULL DEFAULT 0,
    first_deferred_at INTEGER
  );
  INSERT INTO delivery_new (id, message_id, kind, recipient, domain, rcpt_params, state, attempts, next_attempt_at,
      expires_at, last_attempt_at, last_code, last_response, remote_host, delivered_at, lease_owner, lease_expires_at,
      dsn_due, delay_notified, first_deferred_at)
    SELECT id, message_id, kind, recipient, domain, rcpt_params, state, attempts, next_attempt_at,
      expires_at, last_attempt_at, last_code, last_response, remote_host, delivered_at, lease_owner, lease_expires_at,
      dsn_due, delay_notified, first_deferred_at
    FROM delivery;
  DROP TABLE delivery;
  ALTER TABLE delivery_new RENAME TO delivery;
  CREATE INDEX delivery_due ON delivery (kind, message_id, next_attempt_at)
    WHERE state IN ('queued', 'deferred');
  CREATE INDEX delivery_waiting ON delivery (kind, domain, next_attempt_at)
    WHERE state IN ('queued', 'deferred');
  CREATE INDEX delivery_by_message ON delivery (message_id);
  CREATE INDEX delivery_state ON delivery (state);
  CREATE INDEX delivery_dsn_due ON delivery (dsn_due) WHERE dsn_due IS NOT NULL;
  CREATE INDEX delivery_leased ON delivery (lease_expires_at) WHERE state = 'delivering';
  CREATE INDEX delivery_mailbox_waiting ON delivery (kind, lower(recipient), message_id)
    WHERE state IN ('queued', 'deferred', 'delivering');
  `,
];
