// Key helpers, in a module of their own.
export const userKey = (id: string) => `user:${id}`;
export function emailKey(email: string) {
  return "email:" + email.toLowerCase();
}
