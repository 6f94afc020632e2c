/**
 * snapsim's AWS Query-protocol surface: the model-driven codec, the HTTP server with its control
 * API, and the in-process request handler for the AWS SDK v3.
 */
export { parseQuery, serializeResult, serializeError, API_VERSION, type ParsedRequest, type WireError } from './codec.ts';
export { startServer, type ServerOptions, type RunningServer, type ServeConfig } from './server.ts';
export { simRequestHandler, type SimRequestHandler, type SimRequestHandlerOptions } from './sdk-handler.ts';
export { QueryEndpoint, type QueryResponse, type EndpointOptions } from './endpoint.ts';
export { ClockAdapter, parseClockMode, type ClockMode } from './clock.ts';
export { resolveCaller, DEFAULT_ACCOUNT, DEFAULT_REGION, type IdentityConfig } from './identity.ts';
export { MAX_BODY_BYTES } from './http-handler.ts';
export type { SimulatorPort, Caller } from './port.ts';
