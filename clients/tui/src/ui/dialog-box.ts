import blessed from 'blessed';
import type { Area } from './layer';

/** A bordered box centered in an area, drawn over whatever is below. */
export function dialogBox(screen: blessed.Widgets.Screen, label: string): blessed.Widgets.BoxElement {
  return blessed.box({
    parent: screen,
    tags: true,
    // Content is wrapped here, to the column; blessed's own wrap breaks lines that end in a tag.
    wrap: false,
    label,
    border: { type: 'line' },
    style: { border: { fg: 'yellow' } },
    padding: { left: 1, right: 1 },
    hidden: true,
  });
}

export function centerIn(box: blessed.Widgets.BoxElement, area: Area, width: number, height: number): void {
  const w = Math.min(width, area.width);
  const h = Math.min(height, area.height);
  Object.assign(box, {
    top: area.top + Math.floor((area.height - h) / 2),
    left: area.left + Math.floor((area.width - w) / 2),
    width: w,
    height: h,
  });
  box.show();
  box.setFront();
}
