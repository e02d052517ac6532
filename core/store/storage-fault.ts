/**
 * Which errors mean the disk or the file system let us down (rather than the
 * mail, the peer or the code), in words an owner can act on. The codes are
 * Node's errno names and better-sqlite3's SQLite result codes, whose extended
 * forms (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED) share the primary's meaning.
 */
const FAULTS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  SQLITE_FULL: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  SQLITE_READONLY: 'the file system is read-only',
  EIO: 'the disk reported an input/output error',
  SQLITE_IOERR: 'the disk reported an input/output error',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  SQLITE_PERM: 'permission denied',
  SQLITE_CANTOPEN: 'the file cannot be opened',
  SQLITE_CORRUPT: 'the queue database is damaged',
  SQLITE_NOTADB: 'the queue database is damaged',
};

/** Damage does not heal when space returns: the database must be restored or rebuilt. */
const LASTING = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

export interface StorageFault {
  /** The error's own code, e.g. SQLITE_IOERR_WRITE or ENOSPC. */
  code: string;
  /** What it means, in plain words. */
  meaning: string;
  /** True when it cannot go away by itself (a damaged database). */
  lasting: boolean;
  /** The error's own text. */
  detail: string;
  /** What failed: the queue database, or another file in the data folder (the system's text names it when it can). */
  where: string;
}

/** The storage fault `error` is, or null when it is some other failure. */
export function storageFault(error: unknown): StorageFault | null {
  if (!(error instanceof Error)) return null;
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code !== 'string') return null;
  const primary = code.startsWith('SQLITE_') ? /^SQLITE_[A-Z]+/.exec(code)![0] : code;
  const meaning = FAULTS[primary];
  if (meaning === undefined) return null;
  const where = code.startsWith('SQLITE_') ? 'the queue database' : 'the data folder';
  return { code, meaning, lasting: LASTING.has(primary), detail: error.message, where };
}
