// A Nitro link shortener: Nitro makes what server/utils exports global, so
// the routes call these helpers with no import. linkExpiration passes the
// client's expiration through (validated only to be in the future, not 60
// seconds ahead); safeExpiration clamps it.
export function linkExpiration(expiration: number | undefined, previewMode: boolean) {
  if (previewMode && !expiration) {
    expiration = Math.floor(Date.now() / 1000) + 3600;
  }
  return expiration;
}

export function safeExpiration(expiration: number) {
  return Math.max(Math.floor(Date.now() / 1000) + 60, expiration);
}
