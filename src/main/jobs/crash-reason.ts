/**
 * Why a job's process ended without saying how its job went, in words, from what the OS tells: the signal that
 * ended it, its exit code, and the last lines it wrote to stderr. Pure, so each case is tested without a crash.
 */

/** Bytes of a job's stderr kept to quote: the end is what explains a crash; the whole stream still reaches the user. */
export const STDERR_TAIL_BYTES = 4096;
/** Lines of that tail quoted in a reason. */
const QUOTED_LINES = 5;
const QUOTED_LINE_CHARS = 300;

/** V8's last words when the JavaScript heap is full ("FATAL ERROR: Reached heap limit ... JavaScript heap out of memory"). */
const HEAP_OOM = /JavaScript heap out of memory/;
/** Enough of the previous chunk to find HEAP_OOM across a chunk boundary. */
const CARRY_CHARS = 64;

/**
 * The last STDERR_TAIL_BYTES of a stream, and whether V8 said anywhere in it that the heap was full: its native stack
 * trace that follows can be longer than the tail, so the tail alone may have lost the one line that explains it.
 */
export class StreamTail {
  private chunks: Buffer[] = [];
  private bytes = 0;
  private cut = false;
  private carry = '';
  heapFull = false;

  push(chunk: Buffer): void {
    const text = this.carry + chunk.toString('latin1');
    this.heapFull ||= HEAP_OOM.test(text);
    this.carry = text.slice(-CARRY_CHARS);
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    while (this.bytes - this.chunks[0]!.length >= STDERR_TAIL_BYTES) {
      this.bytes -= this.chunks.shift()!.length;
      this.cut = true;
    }
  }

  text(): string {
    const all = Buffer.concat(this.chunks);
    const tail = all.subarray(Math.max(0, all.length - STDERR_TAIL_BYTES));
    const text = tail.toString('utf8');
    // A tail cut mid-line (or mid-character) starts with a fragment: drop it.
    return this.cut || tail.length < all.length ? text.slice(text.indexOf('\n') + 1) : text;
  }
}

/** What each signal that ends a process on its own means, in words. */
const SIGNAL_WORDS: Partial<Record<NodeJS.Signals, string>> = {
  SIGSEGV: 'crashed (segmentation fault)',
  SIGBUS: 'crashed (bus error)',
  SIGILL: 'crashed (illegal instruction)',
  SIGFPE: 'crashed (arithmetic error)',
  SIGABRT: 'crashed (aborted)',
  SIGTRAP: 'crashed (trap)',
  // The kernel's out-of-memory killer sends SIGKILL, and so does `kill -9`; which one it was is in the kernel log,
  // which a normal user cannot read (dmesg is restricted): so it is said as a likelihood.
  SIGKILL: 'was killed (SIGKILL): most likely the system ran out of memory and stopped it',
};

export interface JobExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The end of what the process wrote to stderr (StreamTail). */
  stderr: string;
  /** V8 said the JavaScript heap was full (StreamTail.heapFull). */
  heapFull: boolean;
}

/** The failure reason of a job whose process ended without an outcome. */
export function crashReason({ code, signal, stderr, heapFull }: JobExit): string {
  if (heapFull) {
    return 'The job ran out of memory (JavaScript heap): its process reached its heap limit and stopped. A smaller input, or fewer jobs at once, may fit.';
  }
  const how = signal
    ? `The job process ${SIGNAL_WORDS[signal] ?? `was stopped by a signal (${signal})`}.`
    : code === 0
      ? 'The job process ended without saying how its job went (exit code 0).'
      : `The job process exited with code ${code}.`;
  const lines = lastLines(stderr);
  return lines.length > 0 ? `${how} Its last error output:\n${lines.join('\n')}` : how;
}

function lastLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(-QUOTED_LINES)
    .map((line) => (line.length > QUOTED_LINE_CHARS ? `${line.slice(0, QUOTED_LINE_CHARS)}…` : line));
}
