// For `--tls`: a certificate authority of the simulator's own and a server certificate it signs
// for 127.0.0.1 and localhost, made with the openssl command in a temporary folder, so clients
// can be tested against TLS with a private CA (AWS_CA_BUNDLE, ca_bundle, NODE_EXTRA_CA_CERTS)
// as behind a TLS-inspecting proxy. The folder is removed when the simulator closes.
//
// The server certificate can also be one that a client must refuse though it trusts the CA: an
// expired one, or one made for another host name (reach the simulator as `localhost` for the
// name check to be about a name).
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** valid: for 127.0.0.1 and localhost; expired: the same names, out of date; other-name: for sso.other.example only. */
export type TlsCertificateKind = "valid" | "expired" | "other-name";

export const TLS_CERTIFICATE_KINDS: readonly TlsCertificateKind[] = [
  "valid",
  "expired",
  "other-name",
];

/** The one name an `other-name` certificate is made for. */
export const OTHER_HOST_NAME = "sso.other.example";

export interface SimulatorTls {
  /** The CA certificate (PEM) that clients must trust. */
  caPath: string;
  key: string;
  cert: string;
  remove(): Promise<void>;
}

async function openssl(dir: string, args: string[]): Promise<void> {
  try {
    await run("openssl", args, { cwd: dir });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    throw new Error(
      e.code === "ENOENT"
        ? "--tls needs the openssl command (Debian: apt-get install openssl)"
        : `openssl ${args[0]} failed: ${e.stderr?.trim() || e.message}`,
      { cause: error },
    );
  }
}

export async function makeSimulatorTls(kind: TlsCertificateKind = "valid"): Promise<SimulatorTls> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ssotray-sim-tls-"));
  try {
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
    await openssl(dir, [
      "req",
      "-x509",
      ...ec,
      "-keyout",
      "ca.key",
      "-out",
      "ca.pem",
      "-days",
      "7",
      "-subj",
      "/CN=SSO Tray simulator CA",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    await openssl(dir, [
      "req",
      ...ec,
      "-keyout",
      "server.key",
      "-out",
      "server.csr",
      "-subj",
      kind === "other-name" ? `/CN=${OTHER_HOST_NAME}` : "/CN=127.0.0.1",
    ]);
    const names = kind === "other-name" ? `DNS:${OTHER_HOST_NAME}` : "IP:127.0.0.1,DNS:localhost";
    await writeFile(
      path.join(dir, "server.ext"),
      `basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${names}\n`,
    );
    await openssl(dir, [
      "x509",
      "-req",
      "-in",
      "server.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      "server.pem",
      // OpenSSL 3.0's x509 has no -not_after; a negative count of days ends the certificate a
      // day before it starts, so it is out of date from the moment it is made.
      "-days",
      kind === "expired" ? "-1" : "7",
      "-extfile",
      "server.ext",
    ]);
    // The CA's key is not needed again: nothing else can be signed with it.
    await rm(path.join(dir, "ca.key"));
    return {
      caPath: path.join(dir, "ca.pem"),
      key: await readFile(path.join(dir, "server.key"), "utf8"),
      cert: await readFile(path.join(dir, "server.pem"), "utf8"),
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
