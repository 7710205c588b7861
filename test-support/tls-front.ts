// Test support: a loopback TLS front for a plain proxy, so tests can name an https:// proxy
// (tinyproxy serves plain HTTP only). It takes TLS with the certificate it is given and pipes
// the decrypted bytes to the proxy's port as they are; the CONNECT is the client's and the
// proxy's, never this file's. Imported by tests only.
import net from "node:net";
import tls from "node:tls";

export interface TlsFront {
  /** https://127.0.0.1:PORT */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startTlsFront(
  target: number,
  identity: { key: string; cert: string },
): Promise<TlsFront> {
  const open = new Set<net.Socket>();
  const server = tls.createServer(identity, (client) => {
    const upstream = net.connect(target, "127.0.0.1");
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.pipe(upstream).pipe(client);
  });
  // A client that refuses the certificate ends the handshake: that is the test, not a failure here.
  server.on("tlsClientError", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
