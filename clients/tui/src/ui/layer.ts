import type { KeyInfo } from './line-editor';

/** Something that takes keys while it is on top: a view, or a dialog over it. */
export interface Layer {
  /** Returns whether the key was used. */
  handleKey(ch: string | undefined, key: KeyInfo): boolean;
  /** Takes a bracketed paste; a layer without it ignores pastes. */
  paste?(text: string): void;
  /** Draws itself from state into the given area of the screen. */
  render(area: Area): void;
  hide(): void;
}

export interface Area {
  top: number;
  left: number;
  width: number;
  height: number;
}
