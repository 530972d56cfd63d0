import { DurableObject, WorkerEntrypoint, WorkflowEntrypoint } from "cloudflare:workers";
import { Agent } from "agents";
import type { AppEnv, LegacyEnv } from "./types";

// `this.env` of the base classes is their type argument.
export class Counter extends DurableObject<AppEnv> {
  async fetch() {
    await this.ctx.storage.put("n", 1);
    await this.ctx.storage.get("n");
    await this.env.FILES.get("f");
    return new Response(await this.env.STATE.get("n")); // kv: STATE
  }
}

export class Api extends WorkerEntrypoint<AppEnv> {
  async read(key: string) {
    const stub = this.env.ROOMS.get(this.env.ROOMS.idFromName(key));
    await stub.fetch("https://do/");
    return this.env.STATE.get(key); // kv: STATE
  }
}

export class Sync extends WorkflowEntrypoint<AppEnv> {
  async run() {
    await this.env.STATE.put("last", String(Date.now())); // kv: STATE
  }
}

export class Helper extends Agent<AppEnv> {
  async onRequest() {
    await this.env.FILES.put("x", "y");
    return new Response(await this.env.STATE.get("agent")); // kv: STATE
  }
}

export class Legacy extends DurableObject<LegacyEnv> {
  async fetch() {
    await this.env.SESSIONS.get("s");
    return new Response((await this.env.STATE.get("n"))?.body);
  }
}
