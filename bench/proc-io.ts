/**
 * Linux process counters that Node does not give: bytes written, and the CPU of the main thread
 * alone (process.cpuUsage adds V8's and libuv's helper threads). Undefined where `/proc` lacks
 * them (not Linux), so a benchmark reports nothing rather than a guess.
 */

/**
 * What this process has passed to write(2) and its kin, all threads together (Linux
 * `/proc/self/io`, `wchar`): for the embedded pipeline that is the WAL's frames, the checkpoint's
 * copies into the database file and, a small share, HTTP answers. Undefined where the file is
 * absent (not Linux), so a benchmark reports nothing rather than a guess.
 */
import { readFileSync } from 'node:fs';

export function writtenBytes(): number | undefined {
  try {
    const match = /^wchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
    return match === null ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

/** `/proc` reports thread times in USER_HZ, which the Linux ABI fixes at 100 per second. */
const USER_HZ = 100;

/** CPU µs (user + system) the main thread has used, from `/proc/self/task/<pid>/stat`; 10 ms resolution. */
export function mainThreadCpuUs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: state is field 3 of the stat line, utime 14 and stime 15.
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / USER_HZ;
  } catch {
    return undefined;
  }
}
