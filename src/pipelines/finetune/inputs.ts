/**
 * The fine-tune module's inputs (seed 002's Terraform variables that mean
 * something locally) and the names derived from them.
 */

/** The two per-model workflows, by the model name the parent starts them under. */
export const FinetuneModel = { General: 'general', LowVolume: 'low_volume' } as const;
/** A model name. */
export type FinetuneModel = (typeof FinetuneModel)[keyof typeof FinetuneModel];

/** The S3 namespace of each model's data: `training/<ns>/<BatchID>/...`. */
export const MODEL_NAMESPACE: Readonly<Record<FinetuneModel, string>> = {
  general: 'gata-general',
  low_volume: 'gata-low-vol',
};

/** What the module is built from; every field has a local default. */
export interface FinetuneInputs {
  /** Prefix of every resource. Default: `gata`. */
  application_name?: string;
  /** The environment in the SSM paths (`/<app>/<env>/image/`). Default: `dev`. */
  env?: string;
  /** Region in ARNs and image URIs. Default: `us-east-1`. */
  region?: string;
  /** Account in ARNs and image URIs (any works locally). Default: `000000000000`. */
  account_id?: string;
  /** The bus the completion event goes to. Default: `<app>-bus`. */
  event_bus_name?: string;
  /** Bucket of the training data and models. Default: `<app>-<env>-data`. */
  s3_bucket_name?: string;
  /** Base SSM path of the image versions (completed with a trailing `/`). Default: `/<app>/<env>/image/`. */
  ssm_image_path?: string;
  /** Label low-volume tickets get when no low-volume model is built. Default: 99. */
  low_volume_fallback_label?: number;
  /** The ticket database; locally `databases/<cluster id>.sqlite` under the home. Default: `arn:aws:rds:<region>:<account>:cluster:<app>-tickets`. */
  db_cluster_arn?: string;
  /** The database secret (passed to the task as on AWS; unused locally). Default: `arn:aws:secretsmanager:<region>:<account>:secret:<app>-tickets`. */
  db_secret_arn?: string;
  /** The ECS cluster the data-prep task runs in. Default: `<app>-cluster`. */
  ecs_cluster_name?: string;
  /** The per-model state machines. Default: `<app>-finetune-general`, `<app>-finetune-low-volume`. */
  sfn_names?: Partial<Record<FinetuneModel, string>>;
  /** Versions stored in SSM (with their leading `:` or `@sha256:`). Default: `:local` each. */
  image_versions?: Partial<Record<'data-prep' | 'finetune' | 'inference', string>>;
  /** LOG_LEVEL of the data-prep task. Default: `INFO`. */
  log_level?: string;
}

/** The inputs with every default filled in. */
export type FinetuneConfig = Required<Omit<FinetuneInputs, 'sfn_names' | 'image_versions'>> & {
  sfn_names: Record<FinetuneModel, string>;
  image_versions: Record<'data-prep' | 'finetune' | 'inference', string>;
  /** The parent state machine. */
  workflow_name: string;
  /** Image repositories (no tag): `{ 'data-prep': uri, finetune: uri, inference: uri }`. */
  repositories: Record<'data-prep' | 'finetune' | 'inference', string>;
  /** The SageMaker execution role in the model workflows. */
  role_arn: string;
};

/** Fills in the defaults of `inputs`. */
export function completeFinetuneInputs(inputs: FinetuneInputs = {}): FinetuneConfig {
  const app = inputs.application_name ?? 'gata';
  const env = inputs.env ?? 'dev';
  const region = inputs.region ?? 'us-east-1';
  const account = inputs.account_id ?? '000000000000';
  const registry = `${account}.dkr.ecr.${region}.amazonaws.com`;
  return {
    application_name: app,
    env,
    region,
    account_id: account,
    event_bus_name: inputs.event_bus_name ?? `${app}-bus`,
    s3_bucket_name: inputs.s3_bucket_name ?? `${app}-${env}-data`,
    ssm_image_path: (inputs.ssm_image_path ?? `/${app}/${env}/image/`).replace(/\/?$/, '/'),
    low_volume_fallback_label: inputs.low_volume_fallback_label ?? 99,
    db_cluster_arn:
      inputs.db_cluster_arn ?? `arn:aws:rds:${region}:${account}:cluster:${app}-tickets`,
    db_secret_arn:
      inputs.db_secret_arn ?? `arn:aws:secretsmanager:${region}:${account}:secret:${app}-tickets`,
    ecs_cluster_name: inputs.ecs_cluster_name ?? `${app}-cluster`,
    log_level: inputs.log_level ?? 'INFO',
    sfn_names: {
      general: inputs.sfn_names?.general ?? `${app}-finetune-general`,
      low_volume: inputs.sfn_names?.low_volume ?? `${app}-finetune-low-volume`,
    },
    image_versions: {
      'data-prep': inputs.image_versions?.['data-prep'] ?? ':local',
      finetune: inputs.image_versions?.finetune ?? ':local',
      inference: inputs.image_versions?.inference ?? ':local',
    },
    workflow_name: `${app}-finetune`,
    repositories: {
      'data-prep': `${registry}/${app}-data-prep`,
      finetune: `${registry}/${app}-finetune`,
      inference: `${registry}/${app}-inference`,
    },
    role_arn: `arn:aws:iam::${account}:role/${app}-finetune`,
  };
}
