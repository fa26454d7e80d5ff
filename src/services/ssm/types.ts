/**
 * The SSM Parameter Store port: the parameter operations modelmill uses, with
 * AWS's request and response field names. Implemented by the embedded adapter
 * (SQLite, SecureStrings encrypted with a local key) and by the AWS adapter
 * (`@aws-sdk/client-ssm`).
 */

/** Parameter types. */
export const ParameterType = {
  String: 'String',
  StringList: 'StringList',
  SecureString: 'SecureString',
} as const;
/** A parameter type. */
export type ParameterType = (typeof ParameterType)[keyof typeof ParameterType];

/** Parameter tiers. */
export const ParameterTier = {
  Standard: 'Standard',
  Advanced: 'Advanced',
  IntelligentTiering: 'Intelligent-Tiering',
} as const;
/** A parameter tier. */
export type ParameterTier = (typeof ParameterTier)[keyof typeof ParameterTier];

/** A tag. */
export interface Tag {
  Key: string;
  Value: string;
}

/** A parameter's value, as GetParameter(s) and GetParametersByPath return it. */
export interface Parameter {
  Name: string;
  Type: ParameterType;
  /** Decrypted only with `WithDecryption: true`; otherwise a SecureString's ciphertext (base64). */
  Value: string;
  Version: number;
  /** The `:version` or `:label` the caller asked for, when it asked with one. */
  Selector?: string;
  LastModifiedDate: Date;
  ARN: string;
  DataType: string;
}

/** A parameter's description without its value (DescribeParameters). */
export interface ParameterMetadata {
  Name: string;
  ARN: string;
  Type: ParameterType;
  /** For SecureStrings: the key it is encrypted under (default `alias/aws/ssm`). */
  KeyId?: string;
  LastModifiedDate: Date;
  LastModifiedUser: string;
  Description?: string;
  AllowedPattern?: string;
  Version: number;
  Tier: ParameterTier;
  Policies: never[];
  DataType: string;
}

/** One version of a parameter (GetParameterHistory). */
export interface ParameterHistory extends Omit<ParameterMetadata, 'ARN'> {
  Value: string;
  Labels: string[];
}

/** PutParameter. */
export interface PutParameterInput {
  Name: string;
  Value: string;
  /** Required when creating; when overwriting, omitted keeps the current type. */
  Type?: ParameterType;
  Description?: string;
  KeyId?: string;
  /** Default: false (an existing parameter fails with ParameterAlreadyExists). */
  Overwrite?: boolean;
  AllowedPattern?: string;
  /** Only when creating. */
  Tags?: Tag[];
  /** Default: Standard (values up to 4 KB); Advanced allows 8 KB. */
  Tier?: ParameterTier;
  /** `text` (default), `aws:ec2:image` or `aws:ssm:integration`. */
  DataType?: string;
}

/** PutParameter's answer. */
export interface PutParameterOutput {
  Version: number;
  Tier: ParameterTier;
}

/** A filter of GetParametersByPath / DescribeParameters. */
export interface ParameterStringFilter {
  Key: string;
  Option?: string;
  Values?: string[];
}

/** The legacy DescribeParameters filter. */
export interface ParametersFilter {
  Key: 'Name' | 'Type' | 'KeyId';
  Values: string[];
}

/** GetParametersByPath. */
export interface GetParametersByPathInput {
  Path: string;
  Recursive?: boolean;
  ParameterFilters?: ParameterStringFilter[];
  WithDecryption?: boolean;
  /** 1 to 10. Default: 10. */
  MaxResults?: number;
  NextToken?: string;
}

/** DescribeParameters. */
export interface DescribeParametersInput {
  Filters?: ParametersFilter[];
  ParameterFilters?: ParameterStringFilter[];
  /** 1 to 50. Default: 50. */
  MaxResults?: number;
  NextToken?: string;
}

/** GetParameterHistory. */
export interface GetParameterHistoryInput {
  Name: string;
  WithDecryption?: boolean;
  /** 1 to 50. Default: 50. */
  MaxResults?: number;
  NextToken?: string;
}

/** A page of results. */
export interface Page<T> {
  Parameters: T[];
  NextToken?: string;
}

/** The Parameter Store operations modelmill uses; every adapter implements all of them. */
export interface ParameterStore {
  putParameter(input: PutParameterInput): Promise<PutParameterOutput>;
  /** `Name` may carry a selector: `/a/b:3` (version) or `/a/b:prod` (label). */
  getParameter(input: {
    Name: string;
    WithDecryption?: boolean;
  }): Promise<{ Parameter: Parameter }>;
  /** Up to 10 names; unknown ones come back in InvalidParameters. */
  getParameters(input: {
    Names: string[];
    WithDecryption?: boolean;
  }): Promise<{ Parameters: Parameter[]; InvalidParameters: string[] }>;
  getParametersByPath(input: GetParametersByPathInput): Promise<Page<Parameter>>;
  deleteParameter(input: { Name: string }): Promise<void>;
  deleteParameters(input: {
    Names: string[];
  }): Promise<{ DeletedParameters: string[]; InvalidParameters: string[] }>;
  describeParameters(input: DescribeParametersInput): Promise<Page<ParameterMetadata>>;
  getParameterHistory(input: GetParameterHistoryInput): Promise<Page<ParameterHistory>>;
  labelParameterVersion(input: {
    Name: string;
    ParameterVersion?: number;
    Labels: string[];
  }): Promise<{ InvalidLabels: string[]; ParameterVersion: number }>;
  unlabelParameterVersion(input: {
    Name: string;
    ParameterVersion: number;
    Labels: string[];
  }): Promise<{ RemovedLabels: string[]; InvalidLabels: string[] }>;
}
