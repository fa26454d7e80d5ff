/**
 * The Lambda port: functions and invocations with Lambda's own field names
 * (PascalCase, as its REST protocol has them), payloads as UTF-8 JSON text.
 *
 * What backs a function locally (first match wins):
 * - an in-process handler bound with `registerLocal(name, handler)`;
 * - `Handler: 'command:<words>'` (or a JSON array of words): a host command;
 * - `PackageType: 'Image'` / `Code.ImageUri`: the image, resolved as Batch and
 *   ECS resolve theirs;
 * - `Handler: '<module path>#<export>'`: that module's export (`.py` with python3);
 * - the code package (ZipFile, or S3Bucket/S3Key of a zip or a folder) with
 *   an AWS-style Handler: `file.export` for Node.js runtimes, `module.function`
 *   for Python ones.
 * Commands and images read the event from the file named by
 * `MODELMILL_LAMBDA_EVENT` and write their JSON answer to `MODELMILL_LAMBDA_RESULT`.
 */

/** How Invoke runs a function. */
export const InvocationType = {
  RequestResponse: 'RequestResponse',
  Event: 'Event',
  DryRun: 'DryRun',
} as const;
/** An invocation type. */
export type InvocationType = (typeof InvocationType)[keyof typeof InvocationType];

/** A function's code. */
export interface FunctionCode {
  /** A zip archive, base64-encoded (as the JSON protocol carries it) or as bytes. */
  ZipFile?: string | Uint8Array;
  S3Bucket?: string;
  S3Key?: string;
  S3ObjectVersion?: string;
  ImageUri?: string;
}

/** CreateFunction's request. */
export interface CreateFunctionInput {
  FunctionName: string;
  Role: string;
  Code: FunctionCode;
  Runtime?: string;
  Handler?: string;
  Description?: string;
  /** Seconds, 1 to 900. Default 3. */
  Timeout?: number;
  /** MiB, 128 to 10240. Default 128. */
  MemorySize?: number;
  Publish?: boolean;
  PackageType?: 'Zip' | 'Image';
  Environment?: { Variables?: Record<string, string> };
  ImageConfig?: { EntryPoint?: string[]; Command?: string[]; WorkingDirectory?: string };
  Architectures?: string[];
  Tags?: Record<string, string>;
}

/** A function's configuration, as GetFunction returns it. */
export interface FunctionConfiguration {
  FunctionName: string;
  FunctionArn: string;
  Runtime?: string;
  Role: string;
  Handler?: string;
  CodeSize: number;
  Description: string;
  Timeout: number;
  MemorySize: number;
  /** `2024-01-01T00:00:00.000+0000`, as Lambda writes it. */
  LastModified: string;
  CodeSha256: string;
  Version: string;
  Environment?: { Variables: Record<string, string> };
  TracingConfig: { Mode: 'PassThrough' | 'Active' };
  RevisionId: string;
  State: 'Active';
  LastUpdateStatus: 'Successful';
  PackageType: 'Zip' | 'Image';
  Architectures: string[];
  EphemeralStorage: { Size: number };
  ImageConfigResponse?: { ImageConfig: CreateFunctionInput['ImageConfig'] };
}

/** UpdateFunctionCode's request. */
export interface UpdateFunctionCodeInput extends FunctionCode {
  FunctionName: string;
  Publish?: boolean;
}

/** Invoke's request. */
export interface InvokeInput {
  FunctionName: string;
  /** Default: RequestResponse. */
  InvocationType?: InvocationType;
  /** `Tail` returns the last 4 KB of the invocation's log, base64-encoded. */
  LogType?: 'None' | 'Tail';
  ClientContext?: string;
  /** The event, as JSON text. Default: `{}`. */
  Payload?: string;
  Qualifier?: string;
}

/** Invoke's answer. */
export interface InvokeOutput {
  /** 200 (RequestResponse), 202 (Event) or 204 (DryRun). */
  StatusCode: number;
  /** `Unhandled` when the function failed; Payload then holds the error document. */
  FunctionError?: string;
  LogResult?: string;
  /** The function's answer as JSON text (absent for Event and DryRun). */
  Payload?: string;
  ExecutedVersion?: string;
}

/** The context object a local handler gets, as Node.js functions get it on AWS. */
export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  getRemainingTimeInMillis(): number;
  callbackWaitsForEmptyEventLoop: boolean;
}

/** An in-process function: resolves with the answer or throws (a function error). */
export type LocalHandler = (event: any, context: LambdaContext) => unknown;

/** AWS Lambda's function and invocation operations. */
export interface LambdaService {
  createFunction(input: CreateFunctionInput): Promise<FunctionConfiguration>;
  getFunction(input: { FunctionName: string; Qualifier?: string }): Promise<{
    Configuration: FunctionConfiguration;
    Code: { RepositoryType?: string; Location?: string; ImageUri?: string };
    Tags?: Record<string, string>;
  }>;
  getFunctionConfiguration(input: {
    FunctionName: string;
    Qualifier?: string;
  }): Promise<FunctionConfiguration>;
  listFunctions(input?: {
    Marker?: string;
    MaxItems?: number;
  }): Promise<{ Functions: FunctionConfiguration[]; NextMarker?: string }>;
  deleteFunction(input: { FunctionName: string; Qualifier?: string }): Promise<void>;
  updateFunctionCode(input: UpdateFunctionCodeInput): Promise<FunctionConfiguration>;
  invoke(input: InvokeInput): Promise<InvokeOutput>;
}

/** The embedded Lambda: the port plus in-process handlers. */
export interface LocalLambda extends LambdaService {
  /**
   * Binds an in-process handler to `name`, creating the function (Node.js,
   * 3-second timeout unless given) when it does not exist yet.
   */
  registerLocal(
    name: string,
    handler: LocalHandler,
    options?: { Timeout?: number; MemorySize?: number; Environment?: Record<string, string> },
  ): FunctionConfiguration;
  /** Waits for Event invocations in flight and stops the functions running. */
  stop(): Promise<void>;
}
