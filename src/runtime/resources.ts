/**
 * Resource accounting for a compute environment (or any capacity): vCPUs,
 * memory and GPUs taken by running jobs and given back when they end.
 * vCPUs are counted in thousandths so that Fargate's fractions (0.25) add up
 * exactly.
 */

/** An amount of compute. */
export interface ResourceAmounts {
  vcpus: number;
  /** MiB. */
  memoryMiB: number;
  gpus: number;
}

/** Capacity and what is taken of it. */
export interface ResourcePool {
  /** The whole capacity. */
  capacity(): ResourceAmounts;
  /** What is free now. */
  free(): ResourceAmounts;
  /** True when `need` fits in the whole capacity (whether or not it is free now). */
  fits(need: ResourceAmounts): boolean;
  /** Takes `need` when it is free now; false (and nothing taken) otherwise. */
  tryAcquire(need: ResourceAmounts): boolean;
  /** Gives back what `tryAcquire` took. */
  release(need: ResourceAmounts): void;
  /** Changes the capacity (running jobs keep what they hold). */
  resize(capacity: ResourceAmounts): void;
}

interface Milli {
  cpu: number;
  mem: number;
  gpu: number;
}

const toMilli = (a: ResourceAmounts): Milli => ({
  cpu: Math.round(a.vcpus * 1000),
  mem: Math.ceil(a.memoryMiB),
  gpu: Math.ceil(a.gpus),
});
const fromMilli = (m: Milli): ResourceAmounts => ({
  vcpus: m.cpu / 1000,
  memoryMiB: m.mem,
  gpus: m.gpu,
});

/** Creates a pool with `capacity`. */
export function createResourcePool(capacity: ResourceAmounts): ResourcePool {
  let cap = toMilli(capacity);
  const used: Milli = { cpu: 0, mem: 0, gpu: 0 };
  const within = (need: Milli, limit: Milli, taken: Milli): boolean =>
    taken.cpu + need.cpu <= limit.cpu &&
    taken.mem + need.mem <= limit.mem &&
    taken.gpu + need.gpu <= limit.gpu;
  const none: Milli = { cpu: 0, mem: 0, gpu: 0 };
  return {
    capacity: () => fromMilli(cap),
    free: () =>
      fromMilli({
        cpu: Math.max(0, cap.cpu - used.cpu),
        mem: Math.max(0, cap.mem - used.mem),
        gpu: Math.max(0, cap.gpu - used.gpu),
      }),
    fits: (need) => within(toMilli(need), cap, none),
    tryAcquire(need) {
      const m = toMilli(need);
      if (!within(m, cap, used)) return false;
      used.cpu += m.cpu;
      used.mem += m.mem;
      used.gpu += m.gpu;
      return true;
    },
    release(need) {
      const m = toMilli(need);
      used.cpu = Math.max(0, used.cpu - m.cpu);
      used.mem = Math.max(0, used.mem - m.mem);
      used.gpu = Math.max(0, used.gpu - m.gpu);
    },
    resize(next) {
      cap = toMilli(next);
    },
  };
}
