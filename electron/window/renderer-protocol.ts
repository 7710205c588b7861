// The page is served from a privileged custom scheme, never file://: the packaged app keeps the
// grantFileProtocolExtraPrivileges fuse off, and then file:// cannot read inside app.asar and
// module scripts from its null origin are blocked. A standard, secure scheme gives the page a real
// origin, so 'self' in the CSP and `<script type="module" crossorigin>` work as on https.
import { protocol } from "electron";
import { CONTENT_SECURITY_POLICY } from "../security/security-restrictions.js";
import { APP_SCHEME, rendererResponse } from "./renderer-files.js";

/** Before `ready`: Electron ignores schemes registered later. */
export function registerRendererScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

/** After `ready`: answer the scheme from the built renderer folder only. */
export function serveRenderer(root: string): void {
  protocol.handle(APP_SCHEME, (request) =>
    rendererResponse(root, request.url, CONTENT_SECURITY_POLICY),
  );
}
