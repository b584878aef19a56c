/**
 * One journaled operation as its steps go, so a verb cannot lose track of its entry.
 *
 * `begin` writes the intent before the first change, `advance` records each step, `finish` drops
 * the entry once the operation is complete or fully undone; `abandon` does the same on the way
 * out of a step that failed with nothing left to recover, and passes the failure on.
 */
import type { Result } from '../../../shared/result.ts';
import type { JournalEntry, NewJournalEntry, OperationJournal } from './operation-journal.ts';

export class JournaledOperation {
  private constructor(
    private readonly journal: OperationJournal,
    private entry: JournalEntry,
  ) {}

  /** Write the intent (before the operation's first change). */
  static async begin(journal: OperationJournal, entry: NewJournalEntry): Promise<JournaledOperation> {
    return new JournaledOperation(journal, await journal.begin(entry));
  }

  /** Record a step. */
  async advance(change: Partial<JournalEntry>): Promise<void> {
    this.entry = await this.journal.advance(this.entry, change);
  }

  /** The operation is complete (or rolled back): forget it. */
  finish(): Promise<void> {
    return this.journal.finish(this.entry);
  }

  /** Forget the operation and return `result` (a failure whose changes were undone or never made). */
  async abandon<T>(result: Result<T>): Promise<Result<T>> {
    await this.finish();
    return result;
  }
}
