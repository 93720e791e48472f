/**
 * The answers to rounds, as facts: one record per (round, user), written once, first write
 * wins, in one atomic write. Everything counted from answers (tallies, stats, boards) is
 * derived from this log by position, so a crash between the write and the counting costs a
 * replay, never a half-recorded answer.
 */
export interface AnswerFact {
  user: string;
  name: string;
  choice: string;
  /** ISO time of the press. */
  at: string;
}

/** A fact with its position in the round's log (1-based, increasing in write order). */
export interface LoggedAnswer extends AnswerFact {
  idx: number;
}

export type RecordOutcome = { status: 'recorded'; idx: number } | { status: 'already'; answer: AnswerFact } | { status: 'closed' };

export interface AnswerLog {
  /** Writes the user's answer unless they answered this round already or the round is closed. */
  record(round: string, fact: AnswerFact): Promise<RecordOutcome>;
  /** The answers after position `idx`, oldest first. */
  after(round: string, idx: number, limit: number): Promise<LoggedAnswer[]>;
  /** From here on `record` answers `closed` for the round. */
  close(round: string): Promise<void>;
  /** Each round's last position (0: no answer), for many rounds in one read. */
  lastPositions(rounds: string[]): Promise<number[]>;
}

/** Runs every operation through the store's guard (deadline, outage tracking). */
export function guardedLog(log: AnswerLog, run: <T>(work: () => Promise<T>) => Promise<T>): AnswerLog {
  return {
    record: (round, fact) => run(() => log.record(round, fact)),
    after: (round, idx, limit) => run(() => log.after(round, idx, limit)),
    close: (round) => run(() => log.close(round)),
    lastPositions: (rounds) => run(() => log.lastPositions(rounds)),
  };
}

export class MemoryAnswerLog implements AnswerLog {
  private readonly rounds = new Map<string, { closed: boolean; byUser: Map<string, AnswerFact>; log: AnswerFact[] }>();

  private entry(round: string) {
    let entry = this.rounds.get(round);
    if (!entry) {
      entry = { closed: false, byUser: new Map(), log: [] };
      this.rounds.set(round, entry);
    }
    return entry;
  }

  async record(round: string, fact: AnswerFact): Promise<RecordOutcome> {
    const entry = this.entry(round);
    if (entry.closed) return { status: 'closed' };
    const existing = entry.byUser.get(fact.user);
    if (existing) return { status: 'already', answer: { ...existing } };
    const copy = { ...fact };
    entry.byUser.set(fact.user, copy);
    entry.log.push(copy);
    return { status: 'recorded', idx: entry.log.length };
  }

  async after(round: string, idx: number, limit: number): Promise<LoggedAnswer[]> {
    const log = this.rounds.get(round)?.log ?? [];
    return log.slice(idx, idx + limit).map((fact, offset) => ({ ...fact, idx: idx + offset + 1 }));
  }

  async close(round: string): Promise<void> {
    this.entry(round).closed = true;
  }

  async lastPositions(rounds: string[]): Promise<number[]> {
    return rounds.map((round) => this.rounds.get(round)?.log.length ?? 0);
  }
}

type Query = (sql: string, ...params: unknown[]) => Promise<unknown>;

/**
 * SQLite: one row per answer in a table of its own beside Keyv's, inserted by one statement
 * that refuses a closed round and a second answer (`ON CONFLICT DO NOTHING`), so the answer is
 * in the file whole or not at all. The row id is the position.
 */
export class SqliteAnswerLog implements AnswerLog {
  private constructor(private readonly query: Query) {}

  static async open(query: Query): Promise<SqliteAnswerLog> {
    await query(
      'CREATE TABLE IF NOT EXISTS round_answers (idx INTEGER PRIMARY KEY AUTOINCREMENT, round TEXT NOT NULL, user TEXT NOT NULL, fact TEXT NOT NULL, UNIQUE (round, user))',
    );
    await query('CREATE INDEX IF NOT EXISTS round_answers_by_round ON round_answers (round, idx)');
    await query('CREATE TABLE IF NOT EXISTS closed_rounds (round TEXT PRIMARY KEY)');
    return new SqliteAnswerLog(query);
  }

  async record(round: string, fact: AnswerFact): Promise<RecordOutcome> {
    const inserted = (await this.query(
      'INSERT INTO round_answers (round, user, fact) SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM closed_rounds WHERE round = ?) ON CONFLICT (round, user) DO NOTHING RETURNING idx',
      round,
      fact.user,
      JSON.stringify(fact),
      round,
    )) as Array<{ idx: number }>;
    if (inserted[0]) return { status: 'recorded', idx: inserted[0].idx };
    const existing = (await this.query('SELECT fact FROM round_answers WHERE round = ? AND user = ?', round, fact.user)) as Array<{ fact: string }>;
    if (existing[0]) return { status: 'already', answer: JSON.parse(existing[0].fact) as AnswerFact };
    return { status: 'closed' };
  }

  async after(round: string, idx: number, limit: number): Promise<LoggedAnswer[]> {
    const rows = (await this.query('SELECT idx, fact FROM round_answers WHERE round = ? AND idx > ? ORDER BY idx LIMIT ?', round, idx, limit)) as Array<{
      idx: number;
      fact: string;
    }>;
    return rows.map((row) => ({ ...(JSON.parse(row.fact) as AnswerFact), idx: row.idx }));
  }

  async close(round: string): Promise<void> {
    await this.query('INSERT OR IGNORE INTO closed_rounds (round) VALUES (?)', round);
  }

  async lastPositions(rounds: string[]): Promise<number[]> {
    const last = new Map<string, number>();
    // Well under SQLite's limit on bound parameters per statement.
    for (let from = 0; from < rounds.length; from += 500) {
      const part = rounds.slice(from, from + 500);
      const rows = (await this.query(
        `SELECT round, MAX(idx) AS idx FROM round_answers WHERE round IN (${part.map(() => '?').join(',')}) GROUP BY round`,
        ...part,
      )) as Array<{ round: string; idx: number }>;
      for (const row of rows) last.set(row.round, row.idx);
    }
    return rounds.map((round) => last.get(round) ?? 0);
  }
}

interface RedisScripting {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  lRange(key: string, start: number, stop: number): Promise<string[]>;
  lLen(key: string): Promise<number>;
  set(key: string, value: string): Promise<unknown>;
}

/** Refuses a closed round, then HSETNX decides first-answer-wins and RPUSH gives the position, atomically. */
const RECORD_SCRIPT = `
if redis.call('EXISTS', KEYS[3]) == 1 then return {'closed'} end
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  return {'recorded', tostring(redis.call('RPUSH', KEYS[2], ARGV[2]))}
end
return {'already', redis.call('HGET', KEYS[1], ARGV[1])}
`;

/** Redis: a hash per round (user → fact) and a list for the order, written by one script. */
export class RedisAnswerLog implements AnswerLog {
  constructor(
    private readonly client: () => Promise<RedisScripting>,
    private readonly prefix = 'studybot',
  ) {}

  private keys(round: string): [string, string, string] {
    return [`${this.prefix}:answers:${round}`, `${this.prefix}:answerlog:${round}`, `${this.prefix}:closed:${round}`];
  }

  async record(round: string, fact: AnswerFact): Promise<RecordOutcome> {
    const client = await this.client();
    const reply = (await client.eval(RECORD_SCRIPT, { keys: this.keys(round), arguments: [fact.user, JSON.stringify(fact)] })) as string[];
    if (reply[0] === 'recorded') return { status: 'recorded', idx: Number(reply[1]) };
    if (reply[0] === 'already') return { status: 'already', answer: JSON.parse(reply[1]!) as AnswerFact };
    return { status: 'closed' };
  }

  async after(round: string, idx: number, limit: number): Promise<LoggedAnswer[]> {
    const client = await this.client();
    const rows = await client.lRange(this.keys(round)[1], idx, idx + limit - 1);
    return rows.map((row, offset) => ({ ...(JSON.parse(row) as AnswerFact), idx: idx + offset + 1 }));
  }

  async close(round: string): Promise<void> {
    const client = await this.client();
    await client.set(this.keys(round)[2], '1');
  }

  /** The list's length is its last position: RPUSH's reply is the answer's position. */
  async lastPositions(rounds: string[]): Promise<number[]> {
    const client = await this.client();
    return Promise.all(rounds.map((round) => client.lLen(this.keys(round)[1])));
  }
}
