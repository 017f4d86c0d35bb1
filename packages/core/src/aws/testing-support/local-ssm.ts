import { createCipheriv, randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import { SSMClient } from '@aws-sdk/client-ssm';
import { listenOnLoopback, readBody } from './loopback.js';

/**
 * A local AWS Systems Manager Parameter Store for tests: a node:http server speaking SSM's JSON 1.1
 * protocol (`X-Amz-Target: AmazonSSM.<Operation>`), so the real SDK client talks to it. It keeps
 * the rules of the real service that the adapter meets: name syntax, 15 levels, the full ARN within
 * 1,011 characters, no `aws`/`ssm` prefix, values of 1-4,096 bytes (Standard tier), type required on
 * create and never changed, `Overwrite`, versions, SecureString returned as ciphertext unless
 * `WithDecryption`, `GetParametersByPath` one level or recursive with at most 10 per page and
 * opaque `NextToken`s. Test support only.
 */
export interface LocalSsm {
  readonly endpoint: string;
  client(): SSMClient;
  /** Requests received, by operation name. */
  readonly requests: Map<string, number>;
  /** Makes the next `times` calls of `operation` fail with `errorType` (HTTP 400). */
  failNext(operation: string, errorType: string, times?: number): void;
  /** What is stored, as SSM holds it (SecureString values encrypted). */
  stored(name: string): { type: string; value: string; version: number } | undefined;
  close(): Promise<void>;
}

interface StoredParameter {
  readonly name: string;
  readonly type: 'String' | 'StringList' | 'SecureString';
  readonly plaintext: string;
  readonly ciphertext: string | undefined;
  readonly version: number;
  readonly lastModified: number;
}

type Json = Record<string, unknown>;

class SsmError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const NAME_PATTERN = /^[a-zA-Z0-9_.\-/]+$/;
const MAX_ARN_LENGTH = 1_011;
const MAX_VALUE_BYTES = 4_096;
const MAX_LEVELS = 15;
const MAX_PAGE = 10;

const arnOf = (name: string) =>
  `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${name.startsWith('/') ? '' : '/'}${name}`;

function assertName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new SsmError('ValidationException', 'Parameter name is required');
  }
  const invalid = () =>
    new SsmError(
      'ValidationException',
      'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_',
    );
  if (!NAME_PATTERN.test(name)) throw invalid();
  if (name.includes('/') && (!name.startsWith('/') || name.endsWith('/') || name.includes('//'))) {
    throw invalid();
  }
  const first = name.replace(/^\//, '').split('/')[0]?.toLowerCase() ?? '';
  if (first.startsWith('aws') || first.startsWith('ssm')) throw invalid();
  if (name.split('/').filter(Boolean).length > MAX_LEVELS) {
    throw new SsmError(
      'HierarchyLevelLimitExceededException',
      `Parameter name hierarchy level exceeded maximum of ${MAX_LEVELS} levels`,
    );
  }
  if (arnOf(name).length > MAX_ARN_LENGTH) {
    throw new SsmError(
      'ValidationException',
      `Parameter name, including the ARN, must be at most ${MAX_ARN_LENGTH} characters`,
    );
  }
  return name;
}

export async function startLocalSsm(): Promise<LocalSsm> {
  const parameters = new Map<string, StoredParameter>();
  const requests = new Map<string, number>();
  const faults = new Map<string, { errorType: string; remaining: number }>();
  const pageTokens = new Map<string, { path: string; offset: number }>();
  const clients: SSMClient[] = [];
  const encryptionKey = randomBytes(32);
  let clock = 1_790_000_000;

  const encrypt = (plaintext: string) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  };

  const describe = (parameter: StoredParameter, withDecryption: boolean): Json => ({
    Name: parameter.name,
    Type: parameter.type,
    Value:
      parameter.type === 'SecureString' && !withDecryption
        ? parameter.ciphertext
        : parameter.plaintext,
    Version: parameter.version,
    LastModifiedDate: parameter.lastModified,
    ARN: arnOf(parameter.name),
    DataType: 'text',
  });

  const operations: Record<string, (request: Json) => Json> = {
    GetParameter(request) {
      const name = assertName(request.Name);
      const parameter = parameters.get(name);
      if (!parameter) throw new SsmError('ParameterNotFound', `Parameter ${name} not found.`);
      return { Parameter: describe(parameter, request.WithDecryption === true) };
    },

    PutParameter(request) {
      const name = assertName(request.Name);
      const value = request.Value;
      if (typeof value !== 'string' || value.length === 0) {
        throw new SsmError('ValidationException', 'Parameter value must not be empty');
      }
      if (Buffer.byteLength(value) > MAX_VALUE_BYTES) {
        throw new SsmError(
          'ValidationException',
          'Standard tier parameters support a maximum parameter value of 4096 characters.',
        );
      }
      const existing = parameters.get(name);
      const type = (request.Type ?? existing?.type) as StoredParameter['type'] | undefined;
      if (type === undefined) {
        throw new SsmError(
          'ValidationException',
          'A parameter type is required when you create a parameter.',
        );
      }
      if (!['String', 'StringList', 'SecureString'].includes(type)) {
        throw new SsmError('ValidationException', `Invalid parameter type ${String(type)}`);
      }
      if (request.KeyId !== undefined && type !== 'SecureString') {
        throw new SsmError(
          'ValidationException',
          'KeyId is only supported for SecureString parameters',
        );
      }
      if (existing && request.Overwrite !== true) {
        throw new SsmError(
          'ParameterAlreadyExists',
          'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
        );
      }
      if (existing && existing.type !== type) {
        throw new SsmError(
          'HierarchyTypeMismatchException',
          "Parameter Store can't change the type of an existing parameter. Delete it and create a new one.",
        );
      }
      clock += 1;
      const version = (existing?.version ?? 0) + 1;
      parameters.set(name, {
        name,
        type,
        plaintext: value,
        ciphertext: type === 'SecureString' ? encrypt(value) : undefined,
        version,
        lastModified: clock,
      });
      return { Version: version, Tier: 'Standard' };
    },

    DeleteParameter(request) {
      const name = assertName(request.Name);
      if (!parameters.delete(name)) {
        throw new SsmError('ParameterNotFound', `Parameter ${name} not found.`);
      }
      return {};
    },

    GetParametersByPath(request) {
      const path = request.Path;
      if (typeof path !== 'string' || !path.startsWith('/')) {
        throw new SsmError(
          'ValidationException',
          'The parameter path must begin with a forward slash (/).',
        );
      }
      if (path !== '/') assertName(path.replace(/\/$/, ''));
      const maxResults = request.MaxResults ?? MAX_PAGE;
      if (typeof maxResults !== 'number' || maxResults < 1 || maxResults > MAX_PAGE) {
        throw new SsmError(
          'ValidationException',
          `1 validation error detected: Value '${String(maxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${MAX_PAGE}`,
        );
      }
      const base = path.endsWith('/') ? path : `${path}/`;
      let offset = 0;
      if (request.NextToken !== undefined) {
        const token = pageTokens.get(String(request.NextToken));
        if (!token || token.path !== `${base}\u0000${String(request.Recursive === true)}`) {
          throw new SsmError('ValidationException', 'The nextToken is not valid.');
        }
        offset = token.offset;
      }
      // Insertion order, as SSM gives no order either.
      const matching = [...parameters.values()].filter(
        (parameter) =>
          parameter.name.startsWith(base) &&
          (request.Recursive === true || !parameter.name.slice(base.length).includes('/')),
      );
      const page = matching.slice(offset, offset + maxResults);
      const result: Json = {
        Parameters: page.map((parameter) => describe(parameter, request.WithDecryption === true)),
      };
      if (offset + maxResults < matching.length) {
        const token = randomBytes(24).toString('base64');
        pageTokens.set(token, {
          path: `${base}\u0000${String(request.Recursive === true)}`,
          offset: offset + maxResults,
        });
        result.NextToken = token;
      }
      return result;
    },
  };

  const respond = (response: ServerResponse, status: number, payload: Json) => {
    const body = JSON.stringify(payload);
    response.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(body),
      'x-amzn-requestid': randomBytes(16).toString('hex'),
    });
    response.end(body);
  };

  const server = createServer((incoming, response) => {
    readBody(incoming).then((text) => {
      const target = String(incoming.headers['x-amz-target'] ?? '');
      const [service, operationName = ''] = target.split('.');
      requests.set(operationName, (requests.get(operationName) ?? 0) + 1);
      if (!String(incoming.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
        return respond(response, 400, {
          __type: 'MissingAuthenticationTokenException',
          message: 'Missing Authentication Token',
        });
      }
      const operation = operations[operationName];
      if (service !== 'AmazonSSM' || !operation) {
        return respond(response, 400, { __type: 'UnknownOperationException' });
      }
      const fault = faults.get(operationName);
      if (fault && fault.remaining > 0) {
        fault.remaining -= 1;
        return respond(response, 400, { __type: fault.errorType, message: 'injected fault' });
      }
      try {
        respond(response, 200, operation(JSON.parse(text || '{}') as Json));
      } catch (error) {
        if (error instanceof SsmError) {
          respond(response, 400, { __type: error.type, message: error.message });
        } else {
          respond(response, 500, { __type: 'InternalServerError', message: String(error) });
        }
      }
    });
  });
  const endpoint = `http://127.0.0.1:${await listenOnLoopback(server)}`;

  return {
    endpoint,
    requests,
    client() {
      const created = new SSMClient({
        endpoint,
        region: REGION,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 1,
      });
      clients.push(created);
      return created;
    },
    failNext(operation, errorType, times = 1) {
      faults.set(operation, { errorType, remaining: times });
    },
    stored(name) {
      const parameter = parameters.get(name);
      return (
        parameter && {
          type: parameter.type,
          value: parameter.ciphertext ?? parameter.plaintext,
          version: parameter.version,
        }
      );
    },
    async close() {
      for (const created of clients) created.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
