/**
 * One error type for every data file (or text and bytes given in its place)
 * that cannot be read as asked, so callers can tell bad input from bugs: the
 * message is one line naming the file, the line or byte, and the problem.
 */
export class DataFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataFileError';
  }
}
