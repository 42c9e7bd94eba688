/**
 * An error in a reference input file or config: says what was wrong, where (file, line,
 * column when known) and how to fix it. Loaders throw this rather than bare Errors so the
 * CLI can print one readable message.
 */
export interface ReferenceInputErrorDetails {
  /** The file the problem is in (absolute path), when there is one. */
  file?: string;
  /** 1-based line in that file, when known (header = line 1). */
  line?: number;
  /** 1-based column (or the CSV column name), when known. */
  column?: number | string;
  /** What to do about it. */
  hint?: string;
}

export class ReferenceInputError extends Error {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | string | undefined;
  readonly hint: string | undefined;

  constructor(problem: string, details: ReferenceInputErrorDetails = {}) {
    super(formatMessage(problem, details));
    this.name = 'ReferenceInputError';
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.hint = details.hint;
  }
}

function formatMessage(problem: string, { file, line, column, hint }: ReferenceInputErrorDetails): string {
  const where = [
    file,
    line === undefined ? undefined : `line ${line}`,
    column === undefined ? undefined : typeof column === 'number' ? `column ${column}` : `column "${column}"`,
  ]
    .filter((part) => part !== undefined)
    .join(', ');
  return `${where ? `${where}: ` : ''}${problem}${hint ? `. Fix: ${hint}` : ''}`;
}
