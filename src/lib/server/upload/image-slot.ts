/**
 * One photo processed at a time in the whole server, not one per worker: with two workers on two
 * cores, two photos at once would take both cores from the pages. Workers ask the cluster primary
 * for the slot over IPC and give it back when done; a lone process (tests, `astro dev`) queues
 * locally. A worker that dies holding the slot loses it.
 */
import cluster, { type Worker } from 'node:cluster';

interface SlotMessage {
  type: 'banthuek:image-slot';
  op: 'acquire' | 'grant' | 'release';
  id: number;
}
const isSlotMessage = (m: unknown): m is SlotMessage =>
  typeof m === 'object' && m !== null && (m as SlotMessage).type === 'banthuek:image-slot';

/** A primary that never answers (one that does not call serveImageSlots) must not stall uploads forever. */
const SLOT_WAIT_LIMIT_MS = 60_000;
let localQueue: Promise<unknown> = Promise.resolve();
let nextId = 0;
const granted = new Map<number, () => void>();
let listening = false;

function acquireFromPrimary(): Promise<number> {
  if (!listening) {
    listening = true;
    process.on('message', (message: unknown) => {
      if (!isSlotMessage(message) || message.op !== 'grant') return;
      const waiter = granted.get(message.id);
      granted.delete(message.id);
      if (waiter) waiter();
      else process.send!({ type: 'banthuek:image-slot', op: 'release', id: message.id } satisfies SlotMessage); // gave up waiting
    });
  }
  const id = ++nextId;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      granted.delete(id);
      resolve(id); // proceed without the slot; a late grant finds nobody waiting and is released below
    }, SLOT_WAIT_LIMIT_MS);
    granted.set(id, () => {
      clearTimeout(timer);
      resolve(id);
    });
    process.send!({ type: 'banthuek:image-slot', op: 'acquire', id } satisfies SlotMessage);
  });
}

/** Runs `job` when no other photo is being processed anywhere in the server. */
export async function withImageSlot<T>(job: () => Promise<T>): Promise<T> {
  if (!cluster.isWorker || !process.send) {
    const run = localQueue.then(job, job);
    localQueue = run.catch(() => undefined);
    return run;
  }
  const id = await acquireFromPrimary();
  try {
    return await job();
  } finally {
    process.send({ type: 'banthuek:image-slot', op: 'release', id } satisfies SlotMessage);
  }
}

/** The primary's side: hands the slot to one worker at a time, in the order they asked. Call once. */
export function serveImageSlots(): void {
  const waiting: { worker: Worker; id: number }[] = [];
  let holder: { worker: Worker; id: number } | null = null;
  const grantNext = () => {
    while (!holder && waiting.length > 0) {
      const next = waiting.shift()!;
      if (next.worker.isDead()) continue;
      holder = next;
      next.worker.send({ type: 'banthuek:image-slot', op: 'grant', id: next.id } satisfies SlotMessage);
    }
  };
  cluster.on('message', (worker, message: unknown) => {
    if (!isSlotMessage(message)) return;
    if (message.op === 'acquire') waiting.push({ worker, id: message.id });
    if (message.op === 'release' && holder?.worker === worker && holder.id === message.id) holder = null;
    grantNext();
  });
  cluster.on('exit', (worker) => {
    if (holder?.worker === worker) holder = null;
    grantNext();
  });
}
