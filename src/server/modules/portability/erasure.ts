// Deleting an account: the accounts module ends the sessions and hides the profile at once and says
// so with `account.deletion_requested`; the erasure is a job due when the grace period is over. It
// checks the deletion still stands (logging in cancels it), then asks every module, in ERASE_ORDER,
// to erase the person — rows, files in storage, caches in every process. Each module's erase is
// idempotent, so a retried job finishes what a crashed one began.

import type { JobQueue } from '../../platform/jobs/types.ts';
import { ERASE_ORDER, type PersonalData } from '../../platform/personal-data.ts';

declare module '../../platform/jobs/types.ts' {
  interface JobTypes {
    'portability.erase': { userId: string };
  }
}

export interface ErasureDeps {
  jobs: JobQueue;
  modules: () => readonly PersonalData[];
  /** when the person's erasure is due, or null when they are not (or no longer) deleting their account */
  pendingErasure: (userId: string) => Promise<string | null>;
  now?: () => number;
}

/** The modules in the order they erase; every module must have its place. */
export function eraseOrder(modules: readonly PersonalData[]): PersonalData[] {
  const order: readonly string[] = ERASE_ORDER;
  for (const m of modules) if (!order.includes(m.module)) throw new Error(`module ${m.module} has no place in ERASE_ORDER`);
  return [...modules].sort((a, b) => order.indexOf(a.module) - order.indexOf(b.module));
}

export class ErasureService {
  constructor(private readonly d: ErasureDeps) {}

  /** The deletion was asked for: the erasure falls due at `erasesAt`. */
  async schedule(userId: string, erasesAt: string): Promise<void> {
    await this.d.jobs.enqueue('portability.erase', { userId }, { runAt: new Date(erasesAt) });
  }

  /** The job: erases the person if their deletion still stands and is due; true when it did. */
  async run(userId: string): Promise<boolean> {
    const due = await this.d.pendingErasure(userId);
    const now = this.d.now ? this.d.now() : Date.now();
    if (!due || Date.parse(due) > now) return false;
    for (const m of eraseOrder(this.d.modules())) await m.erase(userId);
    return true;
  }
}
