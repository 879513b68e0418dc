/**
 * The pull-failure cause ids of src/health/classify.ts as phrases filled into pod-image-pull's and
 * cluster-image-pull's messages (English keeps the id that data.cause carries; zh-CN translates them).
 */
export const PULL_CAUSE_NAMES = {
  'cause.unknown-ca': 'unknown-ca',
  'cause.san-mismatch': 'san-mismatch',
  'cause.cert-expired': 'cert-expired',
  'cause.https-to-http': 'https-to-http',
  'cause.http-to-https': 'http-to-https',
  'cause.http-fallback-400': 'http-fallback-400',
  'cause.auth-token': 'auth-token',
  'cause.auth-no-credentials': 'auth-no-credentials',
  'cause.auth-denied': 'auth-denied',
  'cause.auth-rejected': 'auth-rejected',
  'cause.rate-limited': 'rate-limited',
  'cause.not-html-api': 'not-html-api',
  'cause.not-found': 'not-found',
  'cause.invalid-name': 'invalid-name',
  'cause.dns': 'dns',
  'cause.refused': 'refused',
  'cause.network': 'network',
  'cause.none': 'unknown cause',
} as const;
