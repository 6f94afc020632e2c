/**
 * The AWS Query-protocol codec for snapsim: one model-driven decoder for requests and one encoder
 * for results and errors, shared by the HTTP server and the in-process SDK handler.
 */
export { parseQuery, API_VERSION, MAX_LIST_INDEX, type ParsedRequest } from './query-parser.ts';
export { serializeResult, serializeError, formatDouble, type WireError } from './xml-writer.ts';
export { IMPLEMENTED_OPERATIONS, isKnownOperation } from './model.ts';
