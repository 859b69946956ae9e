// # Runtime evaluation errors
//
// Elasticsearch fails the whole search when a function or operator meets a value it cannot handle (a number
// where a string is required, an integer division by zero, `number("abc")`). Sequent raises EvalError at
// those points; the compiler decides how to surface it (the message mirrors Elasticsearch's wording).

export class EvalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EvalError";
  }
}

/** Elasticsearch's message for a value of the wrong kind, e.g. `A string/char is required; received [5]`. */
export function wrongType(expected: "string/char" | "number" | "integer base", value: unknown): EvalError {
  const what = expected === "integer base" ? "An integer base" : expected === "number" ? "A number" : "A string/char";
  return new EvalError(`${what} is required; received [${String(value)}]`);
}
