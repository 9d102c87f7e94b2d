/**
 * A map that holds at most `capacity` units: each entry weighs `weigh(value)` (1 unless told), and
 * setting one that brings the total over it drops the entries set or read longest ago. For caches
 * of what the database holds anyway, so that memory stays bounded however many keys a long-running
 * process meets. A value whose weight changes is set again.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private total = 0;

  constructor(
    private readonly capacity: number,
    private readonly weigh: (value: V) => number = () => 1,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry?.value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    if (this.capacity === 0) return;
    const weight = this.weigh(value);
    this.entries.set(key, { value, weight });
    this.total += weight;
    while (this.total > this.capacity) this.delete(this.entries.keys().next().value!);
  }

  delete(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.total -= entry.weight;
  }

  keys(): IterableIterator<K> {
    return this.entries.keys();
  }
}
