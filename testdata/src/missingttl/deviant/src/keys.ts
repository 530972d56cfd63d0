// Key helpers shared by the routes.
export const userKey = (id: string) => `user:${id}`;
export const inviteKey = (code: string) => "invite:" + code;
export const PROFILE = "profile:";
