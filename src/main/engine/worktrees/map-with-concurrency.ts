/**
 * Map over items with at most `limit` promises in flight, keeping the input order.
 *
 * Reading the status of thirty worktrees at once would start thirty git processes on a two-core
 * machine that is also running the agents; a few at a time finishes about as fast without the spike.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
