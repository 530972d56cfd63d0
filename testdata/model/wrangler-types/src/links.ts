// A helper typed with the generated Env, under another name.
export async function resolve(bindings: Env, path: string) {
	const object = await bindings.ASSETS_BUCKET.get(path);
	if (object) return null;
	return bindings.LINKS.get(path); // kv: LINKS
}

export async function count(cf: Cloudflare.Env) {
	return cf.CLICKS.get("total"); // kv: CLICKS
}
