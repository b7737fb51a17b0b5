/**
 * ANSI colour that switches itself off: a Palette built with `enabled: false` returns text as is.
 * main.ts enables it only when stdout is a TTY and NO_COLOR is unset.
 */
export interface Palette {
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly cyan: (text: string) => string;
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
}

const codes = { red: 31, green: 32, yellow: 33, cyan: 36, bold: 1, dim: 2 } as const;

export function palette(enabled: boolean): Palette {
  const paint = (code: number) => (text: string) => (enabled ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    red: paint(codes.red),
    green: paint(codes.green),
    yellow: paint(codes.yellow),
    cyan: paint(codes.cyan),
    bold: paint(codes.bold),
    dim: paint(codes.dim),
  };
}
