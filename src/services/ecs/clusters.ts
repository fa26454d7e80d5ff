import type { AccountScope } from '../../core/index.js';
import { ModelmillError } from '../../core/index.js';
import { pageOf } from './definitions.js';
import { DEFAULT_CLUSTER, checkName, clusterArn, clusterName, clusterNotFound } from './names.js';
import type { EcsStore } from './store.js';
import type { Cluster, Failure, Tag } from './types.js';

/**
 * Clusters. Locally a cluster is only a name that tasks belong to (there are
 * no container instances to manage); `default` always exists, as it does for
 * RunTask on AWS. CreateCluster of an existing name returns it unchanged.
 */

const LIVE = [
  'PROVISIONING',
  'PENDING',
  'ACTIVATING',
  'RUNNING',
  'DEACTIVATING',
  'STOPPING',
  'DEPROVISIONING',
];

function blank(scope: AccountScope, name: string, tags: Tag[] = []): Cluster {
  return {
    clusterArn: clusterArn(scope, name),
    clusterName: name,
    status: 'ACTIVE',
    registeredContainerInstancesCount: 0,
    runningTasksCount: 0,
    pendingTasksCount: 0,
    activeServicesCount: 0,
    statistics: [],
    tags,
    settings: [],
    capacityProviders: [],
    defaultCapacityProviderStrategy: [],
  };
}

/** The clusters part of ECS. */
export interface Clusters {
  create(input: { clusterName?: string; tags?: Tag[] } | undefined): Cluster;
  describe(refs: string[] | undefined): { clusters: Cluster[]; failures: Failure[] };
  list(maxResults?: number, nextToken?: string): { clusterArns: string[]; nextToken?: string };
  delete(ref: string): Cluster;
  /** The cluster a reference names (ClusterNotFoundException when there is none). */
  require(ref: string | undefined): Cluster;
}

/** The clusters of `store`. */
export function createClusters(scope: AccountScope, store: EcsStore): Clusters {
  const find = (name: string): Cluster | undefined =>
    store.getCluster(name) ?? (name === DEFAULT_CLUSTER ? blank(scope, name) : undefined);
  const withCounts = (cluster: Cluster): Cluster => ({
    ...cluster,
    runningTasksCount: store.countTasks(cluster.clusterName, ['RUNNING']),
    pendingTasksCount: store.countTasks(
      cluster.clusterName,
      LIVE.filter((s) => s !== 'RUNNING'),
    ),
  });
  const require = (ref: string | undefined): Cluster => {
    const name = clusterName(ref);
    const cluster = find(name);
    if (!cluster) throw clusterNotFound(name);
    return cluster;
  };
  return {
    create(input) {
      const name = checkName(input?.clusterName ?? DEFAULT_CLUSTER, 'clusterName');
      const existing = store.getCluster(name);
      if (existing) return withCounts(existing);
      const cluster = blank(scope, name, input?.tags ?? []);
      store.putCluster(cluster);
      return cluster;
    },
    describe(refs) {
      const clusters: Cluster[] = [];
      const failures: Failure[] = [];
      for (const ref of refs && refs.length > 0 ? refs : [DEFAULT_CLUSTER]) {
        const cluster = find(clusterName(ref));
        if (cluster) clusters.push(withCounts(cluster));
        else failures.push({ arn: clusterArn(scope, clusterName(ref)), reason: 'MISSING' });
      }
      return { clusters, failures };
    },
    list(maxResults, nextToken) {
      const names = new Set([DEFAULT_CLUSTER, ...store.clusters().map((c) => c.clusterName)]);
      const arns = [...names].sort().map((name) => clusterArn(scope, name));
      return pageOf(arns, maxResults, nextToken, 'clusterArns');
    },
    delete(ref) {
      const cluster = require(ref);
      if (store.countTasks(cluster.clusterName, LIVE) > 0) {
        throw new ModelmillError(
          'ClusterContainsTasksException',
          `The Cluster cannot be deleted while Tasks are active: stop the tasks of '${cluster.clusterName}' first (ListTasks, StopTask)`,
        );
      }
      store.deleteCluster(cluster.clusterName);
      return { ...cluster, status: 'INACTIVE' };
    },
    require,
  };
}
