import { InvalidArgumentError } from 'commander';

/** A flag's whole number as typed: digits only ("10x" and "1e3" are not read as 10 and 1000). */
export function wholeNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('give a whole number.');
  return n;
}
