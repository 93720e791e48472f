/**
 * Named sets of short strings (which communities follow a schedule, which schedules exist):
 * adding or removing a member is one small write however large the set, so thousands of
 * communities subscribing at once never rewrite one shared record.
 */
export interface SetIndex {
  /** True when the member was not in the set. */
  add(name: string, member: string): Promise<boolean>;
  /** True when the member was in the set. */
  remove(name: string, member: string): Promise<boolean>;
  members(name: string): Promise<string[]>;
}

export function guardedSets(sets: SetIndex, run: <T>(work: () => Promise<T>) => Promise<T>): SetIndex {
  return {
    add: (name, member) => run(() => sets.add(name, member)),
    remove: (name, member) => run(() => sets.remove(name, member)),
    members: (name) => run(() => sets.members(name)),
  };
}

export class MemorySets implements SetIndex {
  private readonly sets = new Map<string, Set<string>>();

  async add(name: string, member: string): Promise<boolean> {
    let set = this.sets.get(name);
    if (!set) {
      set = new Set();
      this.sets.set(name, set);
    }
    if (set.has(member)) return false;
    set.add(member);
    return true;
  }

  async remove(name: string, member: string): Promise<boolean> {
    return this.sets.get(name)?.delete(member) ?? false;
  }

  async members(name: string): Promise<string[]> {
    return [...(this.sets.get(name) ?? [])];
  }
}

type Query = (sql: string, ...params: unknown[]) => Promise<unknown>;

/** SQLite: one row per member, beside Keyv's table. */
export class SqliteSets implements SetIndex {
  private constructor(private readonly query: Query) {}

  static async open(query: Query): Promise<SqliteSets> {
    await query('CREATE TABLE IF NOT EXISTS set_members (name TEXT NOT NULL, member TEXT NOT NULL, PRIMARY KEY (name, member))');
    return new SqliteSets(query);
  }

  async add(name: string, member: string): Promise<boolean> {
    const rows = (await this.query('INSERT INTO set_members (name, member) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING member', name, member)) as unknown[];
    return rows.length > 0;
  }

  async remove(name: string, member: string): Promise<boolean> {
    const rows = (await this.query('DELETE FROM set_members WHERE name = ? AND member = ? RETURNING member', name, member)) as unknown[];
    return rows.length > 0;
  }

  async members(name: string): Promise<string[]> {
    const rows = (await this.query('SELECT member FROM set_members WHERE name = ? ORDER BY member', name)) as Array<{ member: string }>;
    return rows.map((row) => row.member);
  }
}

interface RedisSetCommands {
  sAdd(key: string, member: string): Promise<number>;
  sRem(key: string, member: string): Promise<number>;
  sMembers(key: string): Promise<string[]>;
}

/** Redis: a set per name (SADD, SREM, SMEMBERS). */
export class RedisSets implements SetIndex {
  constructor(
    private readonly client: () => Promise<RedisSetCommands>,
    private readonly prefix = 'studybot:set',
  ) {}

  async add(name: string, member: string): Promise<boolean> {
    return (await (await this.client()).sAdd(`${this.prefix}:${name}`, member)) > 0;
  }

  async remove(name: string, member: string): Promise<boolean> {
    return (await (await this.client()).sRem(`${this.prefix}:${name}`, member)) > 0;
  }

  async members(name: string): Promise<string[]> {
    return (await (await this.client()).sMembers(`${this.prefix}:${name}`)).sort();
  }
}
