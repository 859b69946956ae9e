// # Pattern compile errors
//
// Raised while compiling a constant pattern (a Lucene regex, a CIDR block) that Elasticsearch would reject or
// that Sequent cannot run. The analyzer turns it into a Diagnostic; `offset` (UTF-16, into the pattern text
// as the query wrote it after unescaping) points at the offending character when known.

export class PatternError extends Error {
  offset?: number;
  constructor(message: string, offset?: number) {
    super(message);
    this.name = "PatternError";
    if (offset !== undefined) this.offset = offset;
  }
}
