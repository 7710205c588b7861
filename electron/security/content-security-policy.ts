// The renderer's Content-Security-Policy (Electron security checklist item 7: define a CSP). The
// same text is in renderer/index.html's meta tag; content-security-policy.test.ts holds the two
// (and the built page) equal. Kept apart from security-restrictions.ts so that a test can import
// it without Electron.
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
