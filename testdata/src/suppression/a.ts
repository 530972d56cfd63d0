// kvlint-disable-file shortttl -- fixture: short TTLs are the point here
interface Env { KV: KVNamespace }

export async function f(env: Env) {
  // kvlint-disable-next-line missingttl -- config keys never expire
  await env.KV.put("a", "v");
  await env.KV.put("b", "v"); // kvlint-disable-line missingttl -- same
  /* kvlint-disable missingttl -- block of permanent keys */
  await env.KV.put("c", "v");
  await env.KV.put("d", "v");
  /* kvlint-enable missingttl */
  await env.KV.put("e", "v"); // want `put to KV never expires`
  await env.KV.put("f", "v", { expirationTtl: 5 });
  /* kvlint-disable-next-line missingttl */ // want `kvlint-disable-next-line needs a reason`
  await env.KV.put("g", "v");
  /* kvlint-disable-next-line missingttl -- nothing to suppress */ // want `kvlint-disable-next-line suppresses nothing: no missingttl finding here`
  await env.KV.put("h", "v", { expirationTtl: 60 });
  /* kvlint-disable-next-line nosuchrule -- typo */ // want `unknown rule "nosuchrule"`
  await env.KV.put("i", "v"); // want `never expires`
  /* kvlint-enable shortttl */ // want `kvlint-enable has no matching kvlint-disable`
  const s = "// kvlint-disable-next-line missingttl -- inside a string, not a directive";
  await env.KV.put(s, "v"); // want `never expires`
}
// kvlint-disable-file missingttl -- too late: after the first statement // want `kvlint-disable-file must come before the first statement`
