/**
 * server: the HTTP API on 127.0.0.1. It routes AWS wire protocols (JSON with
 * X-Amz-Target, REST, Query) to the `ApiModule` each service exports and turns
 * errors into AWS's error shapes in one place.
 */
export * from './api-module.js';
export * from './http.js';
export { toXml, xmlEscape } from './xml.js';
export * from './fields.js';
