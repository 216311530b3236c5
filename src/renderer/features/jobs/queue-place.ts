/** English ordinal of a whole number: 1st, 2nd, 3rd, 4th, ... 11th, 12th, 13th, ... 21st. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  const suffix = ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** A queued job's place as the job list says it: "next in line", "2nd in line", ... Pure. */
export function placeInLine(position: number): string {
  return position === 1 ? 'next in line' : `${ordinal(position)} in line`;
}
