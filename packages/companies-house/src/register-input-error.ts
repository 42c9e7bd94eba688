/**
 * An error in a register input (bulk file, register CSV, overrides file, API response):
 * says what was wrong, where (file and line when known) and how to fix it.
 */
export interface RegisterInputErrorDetails {
  file?: string;
  /** 1-based line (header = line 1). */
  line?: number;
  column?: string;
  hint?: string;
}

export class RegisterInputError extends Error {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: string | undefined;
  readonly hint: string | undefined;

  constructor(problem: string, details: RegisterInputErrorDetails = {}) {
    const where = [details.file && (details.line === undefined ? details.file : `${details.file}:${details.line}`), details.column && `column "${details.column}"`]
      .filter(Boolean)
      .join(', ');
    super(`${where ? `${where}: ` : ''}${problem}${details.hint ? `. Fix: ${details.hint}` : ''}`);
    this.name = 'RegisterInputError';
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.hint = details.hint;
  }
}
