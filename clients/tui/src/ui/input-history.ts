/** How many sent texts Up can bring back. */
const KEPT = 200;

/**
 * What was sent in this run, for Up and Down in the composer, as shells keep it: browsing starts
 * from the text being written (the draft, which Down past the newest brings back), and a recalled
 * text that is edited keeps its edits while browsing goes on.
 */
export class InputHistory {
  private readonly sent: string[] = [];
  private browsing: { texts: string[]; at: number } | null = null;

  add(text: string): void {
    if (this.sent[this.sent.length - 1] !== text) this.sent.push(text);
    if (this.sent.length > KEPT) this.sent.shift();
    this.browsing = null;
  }

  /** The text sent before the one shown (`current`), or null at the oldest. */
  older(current: string): string | null {
    return this.step(current, -1);
  }

  /** The text sent after the one shown, the draft after the newest, or null at the draft. */
  newer(current: string): string | null {
    return this.step(current, 1);
  }

  private step(current: string, by: number): string | null {
    const browsing = (this.browsing ??= { texts: [...this.sent, current], at: this.sent.length });
    const to = browsing.at + by;
    if (to < 0 || to >= browsing.texts.length) return null;
    browsing.texts[browsing.at] = current;
    browsing.at = to;
    return browsing.texts[to]!;
  }
}
