import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Faults a sandbox injects into the next requests, so tests and benchmarks can prove the
 * connectors cope: latency on every request, then counted bursts of 429s, 500s, hangs,
 * dropped connections and validation refusals (in that order of precedence).
 */
export interface FaultPlan {
  /** Added to every request. */
  latencyMs?: number;
  /** The next N requests get 429 with `Retry-After: retryAfterSeconds`. */
  rateLimited?: number;
  retryAfterSeconds?: number;
  /** The next N requests get a 500. */
  serverErrors?: number;
  /** The next N requests never get an answer (the client must time out). */
  timeouts?: number;
  /** The next N requests have their connection destroyed without a response. */
  drops?: number;
  /**
   * The next N requests are refused as invalid, the way the vendor refuses a write it will never
   * accept as sent (Zendesk 422 `RecordInvalid`, Freshdesk 400 `Validation failed`, with field errors).
   */
  validationErrors?: number;
  /** Only requests whose path matches count towards the faults above (latency applies to all). */
  pathPattern?: RegExp;
  /** Only requests with this HTTP method count (e.g. `PUT`, to refuse writes but not reads). */
  method?: string;
}

export interface FaultInjector {
  /** Replaces the current plan. */
  set(plan: FaultPlan): void;
  reset(): void;
  /** What is left of the counted faults. */
  remaining(): Required<Pick<FaultPlan, 'rateLimited' | 'serverErrors' | 'timeouts' | 'drops' | 'validationErrors'>>;
}

export interface FaultResponses {
  /** Vendor-faithful 429 (headers + body). */
  rateLimited(reply: FastifyReply, retryAfterSeconds: number): FastifyReply;
  /** Vendor-faithful 500. */
  serverError(reply: FastifyReply): FastifyReply;
  /** Vendor-faithful refusal of an invalid request, with the vendor's error body. */
  validationError(reply: FastifyReply): FastifyReply;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Installs the fault hook on a sandbox app. Paths under `/__sandbox` (the sandbox's own control
 * routes) are never faulted.
 */
export function installFaults(app: FastifyInstance, responses: FaultResponses): FaultInjector {
  let plan: FaultPlan = {};
  const none = () => ({ rateLimited: 0, serverErrors: 0, timeouts: 0, drops: 0, validationErrors: 0 });
  let counters = none();
  const hung = new Set<FastifyRequest>();

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/__sandbox')) return;
    if (plan.latencyMs) await sleep(plan.latencyMs);
    if (plan.pathPattern && !plan.pathPattern.test(request.url)) return;
    if (plan.method && plan.method.toUpperCase() !== request.method) return;
    if (counters.rateLimited > 0) {
      counters.rateLimited--;
      return responses.rateLimited(reply, plan.retryAfterSeconds ?? 1);
    }
    if (counters.serverErrors > 0) {
      counters.serverErrors--;
      return responses.serverError(reply);
    }
    if (counters.timeouts > 0) {
      counters.timeouts--;
      hung.add(request);
      // Hold the request until the client gives up and closes the socket.
      await new Promise<void>((resolve) => request.raw.socket.once('close', () => resolve()));
      hung.delete(request);
      return reply.hijack();
    }
    if (counters.drops > 0) {
      counters.drops--;
      request.raw.socket.destroy();
      return reply.hijack();
    }
    if (counters.validationErrors > 0) {
      counters.validationErrors--;
      return responses.validationError(reply);
    }
  });

  app.addHook('onClose', async () => {
    for (const request of hung) request.raw.socket.destroy();
  });

  return {
    set(next) {
      plan = { ...next };
      counters = {
        rateLimited: next.rateLimited ?? 0,
        serverErrors: next.serverErrors ?? 0,
        timeouts: next.timeouts ?? 0,
        drops: next.drops ?? 0,
        validationErrors: next.validationErrors ?? 0,
      };
    },
    reset() {
      plan = {};
      counters = none();
    },
    remaining: () => ({ ...counters }),
  };
}
