// # EQL front end: tokens, lexer, parser, printer.

export * from "./ast.js";
export { parseQuery, parseExpression, foldInteger, MAX_NESTING, MAX_EXPR_DEPTH, MIN_RUNS, MAX_RUNS } from "./parser.js";
export { ErrorCode, Lexer, type ErrorCodeValue, type Token } from "./lexer.js";
export { printQuery, printExpr, printLiteral, printField, quoteString, quoteIdentifier } from "./printer.js";
export { KEYWORDS, isKeyword, isPlainIdentifier, type TokenKind } from "./tokens.js";
