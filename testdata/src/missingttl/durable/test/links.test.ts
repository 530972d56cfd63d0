// Tests write fixtures without TTLs: in grouped mode they are neither
// reported nor part of a group (the LINKS finding stays at admin.ts with
// two related puts), even where the key says it holds sessions.
import { importLinks } from "../src/admin";

export async function setup(env: Env) {
  await env.LINKS.put("fixture", "https://example.com");
  await env.AUTH.put("session:test", "{}");
  await env.USER_SESSIONS.put("s1", "{}");
  await importLinks(env, []);
}
