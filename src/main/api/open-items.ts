import { randomUUID } from 'node:crypto';
import { UserError } from '../../shared/errors';

/**
 * Things the user opened (maps, scenes, results), kept in memory by id for later requests; the oldest go first
 * (they reopen from disk).
 */
export class OpenItems<T> {
  private readonly items = new Map<string, T>();

  constructor(
    private readonly limit: number,
    private readonly what: string,
  ) {}

  add(item: T): string {
    const id = randomUUID();
    this.items.set(id, item);
    for (const old of this.items.keys()) if (this.items.size > this.limit) this.items.delete(old);
    return id;
  }

  get(id: string): T {
    const item = this.items.get(id);
    if (!item) throw new UserError(`This ${this.what} is no longer open; open it again.`);
    return item;
  }
}
