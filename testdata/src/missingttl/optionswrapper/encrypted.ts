// A library's put wrapper that passes the caller's options on when given
// and puts without any otherwise: the function chooses per branch, and
// the call that leaves the options out is the one reported. The twin
// never passes options, so its put is reported.
export async function putEncrypted(
  namespace: KVNamespace,
  key: string,
  data: ArrayBuffer,
  options?: { expiration?: number; expirationTtl?: number },
): Promise<void> {
  if (options) {
    await namespace.put(key, data, options);
  } else {
    await namespace.put(key, data);
  }
}

export async function putPlain(namespace: KVNamespace, key: string, data: ArrayBuffer): Promise<void> {
  await namespace.put(key, data); // want `never expires`
}

export async function handler(env: { SECRETS: KVNamespace }, data: ArrayBuffer) {
  await putEncrypted(env.SECRETS, "a", data, { expirationTtl: 3600 });
  await putEncrypted(env.SECRETS, "b", data); // want `this call leaves out the expiration`
}
