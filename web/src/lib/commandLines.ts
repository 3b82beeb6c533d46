/**
 * The command box holds one argument per line: the first line is the program, each further line is passed to it
 * as one argument, exactly as typed (spaces and quotes included), because the server never uses a shell.
 * Blank lines before the program and after the last argument are ignored; a blank line in between is an
 * empty argument, which some programs want.
 */
export function parseCommandLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  let start = 0;
  let end = lines.length;
  while (start < end && isBlank(lines[start])) start++;
  while (end > start && isBlank(lines[end - 1])) end--;
  const argv = lines.slice(start, end);
  if (argv.length > 0) argv[0] = (argv[0] ?? '').trim();
  return argv;
}

/** The reverse of {@link parseCommandLines}, to fill the box from an argument list. */
export function formatCommandLines(argv: readonly string[]): string {
  return argv.join('\n');
}

/** How the server summarises a command (arguments with spaces quoted); used for previews. */
export function previewCommand(argv: readonly string[]): string {
  return argv.map((argument) => (argument.includes(' ') || argument === '' ? `"${argument}"` : argument)).join(' ');
}

export interface ParsedEnvironment {
  values: Record<string, string>;
  errors: string[];
}

/** `NAME=value` per line; blank lines and lines starting with `#` are skipped. The value keeps everything after the first `=`. */
export function parseEnvironmentLines(text: string): ParsedEnvironment {
  const values: Record<string, string> = {};
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (isBlank(line) || line.trimStart().startsWith('#')) return;
    const equals = line.indexOf('=');
    const name = equals < 0 ? '' : line.slice(0, equals).trim();
    if (equals < 0 || name === '') {
      errors.push(`Line ${index + 1}: write NAME=value.`);
      return;
    }
    values[name] = line.slice(equals + 1);
  });
  return { values, errors };
}

function isBlank(line: string | undefined): boolean {
  return line === undefined || line.trim() === '';
}
