/**
 * Items ordered by a sequence number, with O(1) append, O(log n) removal (a tombstone, compacted
 * when tombstones outnumber live items) and O(log n) seek. Paging from a marker therefore costs
 * the page, not the collection.
 */
export class SeqIndex<T> {
  private seqs: number[] = [];
  private items: (T | undefined)[] = [];
  private live = 0;

  /** Number of live items. */
  get size(): number {
    return this.live;
  }

  /** Adds an item; appends when `seq` is the largest so far, else inserts in order. */
  add(seq: number, item: T): void {
    const n = this.seqs.length;
    if (n === 0 || this.seqs[n - 1]! < seq) {
      this.seqs.push(seq);
      this.items.push(item);
      this.live++;
      return;
    }
    const at = this.lowerBound(seq);
    if (this.seqs[at] === seq) {
      if (this.items[at] === undefined) this.live++;
      this.items[at] = item;
      return;
    }
    this.seqs.splice(at, 0, seq);
    this.items.splice(at, 0, item);
    this.live++;
  }

  /** Removes the item with `seq`, if present. */
  remove(seq: number): void {
    const at = this.lowerBound(seq);
    if (this.seqs[at] !== seq || this.items[at] === undefined) return;
    this.items[at] = undefined;
    this.live--;
    const dead = this.items.length - this.live;
    if (dead > 64 && dead > this.live) this.compact();
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
  }
}
