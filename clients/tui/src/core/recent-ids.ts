/** The last `room` ids seen, oldest forgotten first: enough to know a redelivery from a new one. */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly room = 1000) {}

  /** Returns whether `id` is new. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.room) this.ids.delete(this.ids.values().next().value!);
    return true;
  }

  clear(): void {
    this.ids.clear();
  }
}
