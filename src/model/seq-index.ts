/**
 * Items ordered by a sequence number, with O(1) append, O(1) removal (a tombstone, compacted
 * when tombstones outnumber live items) and O(log n) seek. Paging from a marker therefore costs
 * the page, not the collection.
 */
export class SeqIndex<T> {
  private seqs: number[] = [];
  private items: (T | undefined)[] = [];
  private where = new Map<number, number>();
  private dead = 0;

  /** Number of live items. */
  get size(): number {
    return this.where.size;
  }

  /** Adds an item; appends when `seq` is the largest so far, else inserts in order. */
  add(seq: number, item: T): void {
    if (this.where.has(seq)) return;
    const n = this.seqs.length;
    if (n === 0 || this.seqs[n - 1]! < seq) {
      this.seqs.push(seq);
      this.items.push(item);
      this.where.set(seq, n);
      return;
    }
    const at = this.lowerBound(seq);
    this.seqs.splice(at, 0, seq);
    this.items.splice(at, 0, item);
    this.reindex(at);
  }

  /** Removes the item with `seq`, if present. */
  remove(seq: number): void {
    const at = this.where.get(seq);
    if (at === undefined) return;
    this.items[at] = undefined;
    this.where.delete(seq);
    this.dead++;
    if (this.dead > 64 && this.dead > this.where.size) this.compact();
  }

  /** Live items with sequence number strictly greater than `after`, in order. */
  *after(after: number): IterableIterator<T> {
    for (let i = this.lowerBound(after + 1); i < this.items.length; i++) {
      const item = this.items[i];
      if (item !== undefined) yield item;
    }
  }

  private lowerBound(seq: number): number {
    let lo = 0;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.seqs[mid]! < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private compact(): void {
    const seqs: number[] = [];
    const items: T[] = [];
    for (let i = 0; i < this.items.length; i++) {
      const item = this.items[i];
      if (item !== undefined) {
        seqs.push(this.seqs[i]!);
        items.push(item);
      }
    }
    this.seqs = seqs;
    this.items = items;
    this.dead = 0;
    this.where.clear();
    this.reindex(0);
  }

  private reindex(from: number): void {
    for (let i = from; i < this.items.length; i++) if (this.items[i] !== undefined) this.where.set(this.seqs[i]!, i);
  }
}
