import { inviteKey } from "./keys";

// Invites expire after a week.
export async function createInvite(env: Env, code: string, email: string) {
  await env.DATA.put(inviteKey(code), email, { expirationTtl: 7 * 86400 });
}

// The same kind of key written without the TTL the others get: reported on
// its own, naming the put that does set one.
export async function resendInvite(env: Env, code: string, email: string) {
  await env.DATA.put(inviteKey(code), email); // want `put to DATA never expires, while the put at deviant/src/invites.ts:5 gives keys "invite:" of DATA a TTL`
}
