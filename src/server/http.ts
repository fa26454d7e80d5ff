import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Logger } from '../core/index.js';
import { silentLogger } from '../core/index.js';
import type { ApiModule, ApiRequest, RawResponse, RestRoute } from './api-module.js';
import { badRequest, toHttpError } from './errors.js';
import { xmlEscape } from './xml.js';

/** Options of the HTTP API server. */
export interface ServerOptions {
  modules: ApiModule[];
  /** Port on 127.0.0.1; 0 picks a free one. Default 8083. */
  port?: number;
  host?: string;
  logger?: Logger;
}

/** A running server. */
export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface CompiledRoute {
  module: ApiModule;
  route: RestRoute;
  method: string;
  pattern: RegExp;
  names: string[];
}

/**
 * Starts the AWS-protocol HTTP server: requests with `X-Amz-Target` go to a
 * JSON protocol, form posts with `Action=` to a Query protocol, the rest to
 * REST routes (preferring the service named in the SigV4 credential scope).
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? silentLogger;
  const byTarget = new Map<string, ApiModule>();
  for (const module of options.modules)
    if (module.json) byTarget.set(module.json.targetPrefix, module);
  const routes = options.modules.flatMap((module) =>
    (module.rest ?? []).map((route) => compileRoute(module, route)),
  );

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      logger.error('request failed', { error: String(err) });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    // Split the raw URL ourselves: URL parsing would resolve `..` segments, which are
    // part of what some services (S3 keys) must see and refuse.
    const raw = req.url ?? '/';
    const queryStart = raw.indexOf('?');
    const rawPath = queryStart >= 0 ? raw.slice(0, queryStart) : raw;
    const request: ApiRequest = {
      method: req.method ?? 'GET',
      path: safeDecode(rawPath),
      query: Object.fromEntries(
        new URLSearchParams(queryStart >= 0 ? raw.slice(queryStart + 1) : ''),
      ),
      headers: lowerHeaders(req),
      body,
      params: {},
    };
    const target = request.headers['x-amz-target'];
    if (target) return handleJson(request, target, res);
    const contentType = request.headers['content-type'] ?? '';
    if (request.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) {
      const params = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
      if (params.Action) return handleQuery(request, params, res);
    }
    return handleRest(request, res);
  }

  async function handleJson(
    request: ApiRequest,
    target: string,
    res: ServerResponse,
  ): Promise<void> {
    const dot = target.lastIndexOf('.');
    const module = byTarget.get(target.slice(0, dot));
    const operation = module?.json?.operations[target.slice(dot + 1)];
    const contentType = request.headers['content-type'] ?? 'application/x-amz-json-1.0';
    try {
      if (!operation)
        throw badRequest(`unknown operation '${target}': modelmill does not serve it`);
      const text = request.body.toString('utf8');
      let input: unknown = {};
      if (text.trim() !== '') {
        try {
          input = JSON.parse(text);
        } catch {
          throw badRequest(`the body of ${target} is not valid JSON`);
        }
      }
      const output = await operation(input, request);
      send(res, 200, { 'content-type': contentType }, JSON.stringify(output ?? {}));
    } catch (err) {
      const e = toHttpError(err, 'json', logger);
      send(
        res,
        e.status,
        { 'content-type': contentType, 'x-amzn-errortype': e.code },
        JSON.stringify({ __type: e.code, message: e.message, ...(e.details ?? {}) }),
      );
    }
  }

  async function handleQuery(
    request: ApiRequest,
    params: Record<string, string>,
    res: ServerResponse,
  ): Promise<void> {
    const service = signingName(request);
    const candidates = options.modules.filter((m) => m.query?.operations[params.Action ?? '']);
    const module = candidates.find((m) => m.signingName === service) ?? candidates[0];
    const requestId = randomUUID();
    try {
      if (!module?.query) throw badRequest(`unknown Query action '${params.Action}'`);
      const operation = module.query.operations[params.Action ?? ''];
      const result = await operation!(params, request);
      const action = params.Action ?? '';
      const xml = `<?xml version="1.0"?><${action}Response xmlns="${module.query.xmlns}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
      send(res, 200, { 'content-type': 'text/xml' }, xml);
    } catch (err) {
      const e = toHttpError(err, 'query', logger);
      const xml = `<?xml version="1.0"?><ErrorResponse><Error><Type>${e.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${xmlEscape(e.code)}</Code><Message>${xmlEscape(e.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
      send(res, e.status, { 'content-type': 'text/xml' }, xml);
    }
  }

  async function handleRest(request: ApiRequest, res: ServerResponse): Promise<void> {
    const service = signingName(request);
    const matches = routes.filter(
      (r) => r.method === request.method && r.pattern.test(request.path),
    );
    const match = matches.find((r) => r.module.signingName === service) ?? matches[0];
    const errorFormat = match?.module.restErrors ?? 'json';
    try {
      if (!match) throw badRequest(`no operation serves ${request.method} ${request.path}`);
      const groups = match.pattern.exec(request.path) ?? [];
      match.names.forEach((name, i) => (request.params[name] = groups[i + 1] ?? ''));
      const text = request.body.toString('utf8');
      const isJson =
        (request.headers['content-type'] ?? '').includes('json') || /^\s*[{[]/.test(text);
      let input: unknown = text;
      if (isJson && text.trim() !== '') {
        try {
          input = JSON.parse(text);
        } catch {
          input = text;
        }
      } else if (text.trim() === '') input = {};
      const output = await match.route.handler(input, request);
      if (isRaw(output)) {
        send(res, output.status, output.headers ?? {}, output.body ?? '');
        return;
      }
      send(
        res,
        match.route.status ?? 200,
        { 'content-type': 'application/json' },
        JSON.stringify(output ?? {}),
      );
    } catch (err) {
      const e = toHttpError(err, 'rest', logger);
      if (errorFormat === 's3-xml') {
        const xml = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${xmlEscape(e.code)}</Code><Message>${xmlEscape(e.message)}</Message><Resource>${xmlEscape(request.path)}</Resource><RequestId>${randomUUID()}</RequestId></Error>`;
        send(
          res,
          e.status,
          { 'content-type': 'application/xml' },
          request.method === 'HEAD' ? '' : xml,
        );
        return;
      }
      send(
        res,
        e.status,
        { 'content-type': 'application/json', 'x-amzn-errortype': e.code },
        JSON.stringify({ message: e.message, __type: e.code }),
      );
    }
  }

  const port = options.port ?? 8083;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host}:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function compileRoute(module: ApiModule, route: RestRoute): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const greedy = /^\{(\w+)\+\}$/.exec(segment);
      if (greedy) return (names.push(greedy[1] ?? ''), '(.+)');
      const single = /^\{(\w+)\}$/.exec(segment);
      if (single) return (names.push(single[1] ?? ''), '([^/]+)');
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return {
    module,
    route,
    method: route.method.toUpperCase(),
    pattern: new RegExp(`^${source}/?$`),
    names,
  };
}

function signingName(request: ApiRequest): string | undefined {
  const auth = request.headers.authorization ?? '';
  return /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(auth)?.[1];
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function isRaw(value: unknown): value is RawResponse {
  return typeof value === 'object' && value !== null && (value as RawResponse).raw === true;
}

function lowerHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(req.headers))
    out[key.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  return out;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
): void {
  res.writeHead(status, { ...headers, 'x-amzn-requestid': randomUUID() });
  res.end(body);
}
