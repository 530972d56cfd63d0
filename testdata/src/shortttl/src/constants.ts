export const SHORT_TTL = 30;
export const HOUR = 60 * 60;
export const TTLS = { brief: 10, day: 86400 } as const;
