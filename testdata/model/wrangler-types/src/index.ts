import { DurableObject } from "cloudflare:workers";
import { resolve } from "./links";

export class Counter extends DurableObject {
	async fetch() {
		return new Response(String((await this.ctx.storage.get("n")) ?? 0));
	}
}

export default {
	async fetch(request, env, ctx): Promise<Response> {
		const url = new URL(request.url);
		const target = await resolve(env, url.pathname);
		ctx.waitUntil(env.CLICKS.put(url.pathname, String(Date.now()))); // kv: CLICKS
		await env.ASSETS_BUCKET.put(url.pathname, "hit");
		const stub = env.COUNTER.get(env.COUNTER.idFromName("x"));
		await stub.fetch(request);
		return target ? Response.redirect(target) : new Response("not found", { status: 404 });
	},
} satisfies ExportedHandler<Env>;
