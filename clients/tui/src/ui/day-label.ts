const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAY_MS = 86_400_000;

/** Local hours and minutes, as the clock on the wall says them. */
export function clockTime(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** The local day a time falls on, as a key: two times share it when they share the day. */
export function dayKey(iso: string): string {
  return new Date(iso).toDateString();
}

function startOfDay(time: number): number {
  const d = new Date(time);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/**
 * The day of `iso` as a person says it, from where `now` stands: "Today", "Yesterday", the
 * weekday within the last week, else the date (with the year when it is not this one).
 */
export function dayLabel(iso: string, now = Date.now()): string {
  const d = new Date(iso);
  const daysAgo = Math.round((startOfDay(now) - startOfDay(d.getTime())) / DAY_MS);
  if (daysAgo === 0) return 'Today';
  if (daysAgo === 1) return 'Yesterday';
  if (daysAgo > 1 && daysAgo < 7) return WEEKDAYS[d.getDay()]!;
  const date = `${WEEKDAYS[d.getDay()]!} ${d.getDate()} ${MONTHS[d.getMonth()]!}`;
  return d.getFullYear() === new Date(now).getFullYear() ? date : `${date} ${d.getFullYear()}`;
}
