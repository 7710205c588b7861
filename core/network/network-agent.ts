// The one HTTP agent every call to AWS goes through (the SDK clients' handler and the console
// federation call alike). For each new connection it decides the route (direct, or a tunnel
// through the proxy that Settings or the environment name) and the trusted authorities, and
// turns what can go wrong on the way into a message naming the proxy or the host and the
// setting that fixes it. The tunnels themselves are https-proxy-agent's (CONNECT) and
// http-proxy-agent's (plain HTTP targets), loaded only when a proxy is in use.
import { Agent, type AgentConnectOpts } from "agent-base";
import type { Agent as HttpAgent, ClientRequest, IncomingHttpHeaders } from "node:http";
import net from "node:net";
import type { Duplex } from "node:stream";
import tls from "node:tls";
import { networkTimeoutMs } from "./network-deadline.js";
import { resolveCaBundle, type CaBundle } from "./ca-bundle.js";
import type { Locations } from "../locations.js";
import { NetworkPathError } from "./network-path-error.js";
import {
  describeRoute,
  proxyForUrl,
  routeRemedy,
  type Env,
  type ProxyChoice,
  type ProxyRoute,
} from "./proxy-for-url.js";
import { tlsProblem } from "./tls-problem.js";

/** The choice, or where to read it at each new connection (the app's Settings can change). */
export type ProxyChoiceSource = ProxyChoice | (() => ProxyChoice | Promise<ProxyChoice>);

const choices = new WeakMap<Env, ProxyChoiceSource>();

/** Applies a proxy choice to every agent made with this env, from its next connection on. */
export function setProxyChoice(env: Env, choice: ProxyChoiceSource): void {
  choices.set(env, choice);
}

export async function proxyChoice(env: Env): Promise<ProxyChoice> {
  const source = choices.get(env) ?? { mode: "environment" };
  return typeof source === "function" ? source() : source;
}

/**
 * A stalled proxy must be named before the SDK's own connection deadline (the same number of
 * milliseconds, started a moment earlier) turns it into an anonymous timeout.
 */
const TUNNEL_SHARE_OF_DEADLINE = 0.8;

interface ProxyConnectAnswer {
  statusCode: number;
  statusText: string;
  headers: IncomingHttpHeaders;
}

function errorCode(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  return typeof e?.code === "string" ? e.code : String(e?.message ?? error);
}

/** Resolves once the socket is connected (and for TLS, the certificate checked). */
function established(socket: net.Socket, secure: boolean, req: ClientRequest): Promise<void> {
  const ready = secure ? "secureConnect" : "connect";
  if (!secure && !socket.connecting) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const abandon = () => {
      socket.destroy();
      reject(new Error("The request was abandoned before the connection was made"));
    };
    const done = (error?: Error) => {
      socket.off(ready, onReady);
      socket.off("error", done);
      req.off("close", abandon);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => done();
    socket.once(ready, onReady);
    socket.once("error", done);
    // The SDK's deadline destroys the request: the half-made connection goes with it.
    req.once("close", abandon);
  });
}

export class NetworkAgent extends Agent {
  private ca: Promise<CaBundle | undefined> | undefined;
  /** Plain-HTTP forwarders by proxy URL. */
  private readonly viaProxy = new Map<string, Agent>();

  /** `startUrl`: the session the calls are for, whose config section may name a ca_bundle. */
  constructor(
    private readonly env: Env,
    private readonly locations: Locations,
    private readonly startUrl?: string,
  ) {
    super({ keepAlive: true });
  }

  private caBundle(): Promise<CaBundle | undefined> {
    this.ca ??= resolveCaBundle(this.env, this.locations, this.startUrl);
    // A file that could not be read is tried again on the next connection, once fixed.
    this.ca.catch(() => (this.ca = undefined));
    return this.ca;
  }

  async connect(req: ClientRequest, opts: AgentConnectOpts): Promise<Duplex | HttpAgent> {
    const secure = opts.secureEndpoint;
    const host = opts.host ?? "localhost";
    const port = opts.port ?? (secure ? 443 : 80);
    const hostPort = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
    const target = new URL(`${secure ? "https" : "http"}://${hostPort}`);
    const route = proxyForUrl(target, this.env, await proxyChoice(this.env));
    // An https:// proxy's certificate is checked against the same authorities as AWS's.
    const ca = secure || route?.url.protocol === "https:" ? await this.caBundle() : undefined;

    if (!route) {
      const socket = secure
        ? tls.connect({
            ...opts,
            host,
            port,
            // SNI for names only: an address as servername is deprecated and means nothing.
            ...(net.isIP(host) ? {} : { servername: host }),
            ...(ca ? { ca: ca.pem } : {}),
          })
        : net.connect({ ...opts, host, port });
      try {
        await established(socket, secure, req);
      } catch (error) {
        throw tlsProblem(error, hostPort, ca, undefined) ?? error;
      }
      return socket;
    }
    if (!secure) return this.forwarder(route, ca);
    return this.tunnel(req, { ...opts, host, port, ...(ca ? { ca: ca.pem } : {}) }, route, ca);
  }

  /** Plain-HTTP targets (the simulator without --tls) go as absolute-URI requests, as curl sends them. */
  private async forwarder(route: ProxyRoute, ca: CaBundle | undefined): Promise<Agent> {
    const key = `http ${route.url.href}`;
    let agent = this.viaProxy.get(key);
    if (!agent) {
      const { HttpProxyAgent } = await import("http-proxy-agent");
      agent = new HttpProxyAgent(route.url, { keepAlive: true, ...(ca ? { ca: ca.pem } : {}) });
      this.viaProxy.set(key, agent);
    }
    return agent;
  }

  private async tunnel(
    req: ClientRequest,
    opts: AgentConnectOpts & { host: string; port: number },
    route: ProxyRoute,
    ca: CaBundle | undefined,
  ): Promise<Duplex> {
    const { HttpsProxyAgent } = await import("https-proxy-agent");
    // One tunnel agent per connection, for its signal: the socket to the proxy is made inside
    // it, and a proxy that never answers must not keep it (and the process) alive.
    const abandon = new AbortController();
    // `ca` here is for an https:// proxy's own certificate; the endpoint's is checked with `opts`.
    const tunnel = new HttpsProxyAgent(route.url, {
      signal: abandon.signal,
      ...(ca ? { ca: ca.pem } : {}),
    });
    const hostPort = `${opts.host}:${opts.port}`;
    const via = describeRoute(route);
    let answer: ProxyConnectAnswer | undefined;
    const onAnswer = (connect: ProxyConnectAnswer) => (answer = connect);
    req.once("proxyConnect", onAnswer);

    const deadlineMs = Math.max(
      1,
      Math.floor(networkTimeoutMs(this.env) * TUNNEL_SHARE_OF_DEADLINE),
    );
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new NetworkPathError(
              `${capitalise(via)} did not answer within ${deadlineMs} ms when asked to connect to ${hostPort}; check that the proxy works${tlsProxyHint(route)}, or ${routeRemedy(route)}`,
            ),
          ),
        deadlineMs,
      );
    });
    const onClose = () => abandon.abort();
    req.once("close", onClose);
    const connecting = tunnel.connect(req, opts);
    // Once the race is lost, a late failure of the tunnel has no one to tell.
    connecting.catch(() => undefined);
    let socket: Duplex;
    try {
      socket = await Promise.race([connecting, stalled]);
    } catch (error) {
      abandon.abort();
      if (error instanceof NetworkPathError) throw error;
      const proxyCertificate =
        route.url.protocol === "https:" ? tlsProblem(error, via, ca, undefined) : undefined;
      if (proxyCertificate) throw proxyCertificate;
      throw new NetworkPathError(
        `Could not connect to ${via} (${errorCode(error)}) on the way to ${hostPort}; check that the proxy is running and its address is right${tlsProxyHint(route)}, or ${routeRemedy(route)}`,
        { reason: error },
      );
    } finally {
      clearTimeout(timer);
      req.off("proxyConnect", onAnswer);
      req.off("close", onClose);
    }
    const status = answer?.statusCode;
    if (status !== 200) {
      socket.destroy();
      throw refusedTunnel(route, hostPort, answer);
    }
    try {
      await established(socket as net.Socket, true, req);
    } catch (error) {
      throw tlsProblem(error, hostPort, ca, via) ?? error;
    }
    return socket;
  }

  override destroy(): void {
    for (const agent of this.viaProxy.values()) agent.destroy();
    this.viaProxy.clear();
    super.destroy();
  }
}

/**
 * An https:// proxy URL means TLS to the proxy itself (as curl reads it); most proxies speak
 * plain HTTP, and then wait for a request that never comes in a form they read.
 */
function tlsProxyHint(route: ProxyRoute): string {
  return route.url.protocol === "https:"
    ? ` (an https:// proxy URL means the proxy itself speaks TLS; most proxies take http:// even for HTTPS sites)`
    : "";
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function refusedTunnel(
  route: ProxyRoute,
  hostPort: string,
  answer: ProxyConnectAnswer | undefined,
): NetworkPathError {
  const via = capitalise(describeRoute(route));
  const status = answer ? `HTTP ${answer.statusCode} ${answer.statusText}`.trim() : "no answer";
  // A proxy's answer to CONNECT is about the proxy: tinyproxy, for one, says 401 to a wrong password.
  if (answer?.statusCode === 407 || answer?.statusCode === 401) {
    const hasCredentials = route.url.username !== "" || route.url.password !== "";
    return new NetworkPathError(
      hasCredentials
        ? `${via} refused the user name and password in its URL (${status}); check them (special characters percent-encoded), or ${routeRemedy(route)}`
        : `${via} asks for a user name and password (${status}); put them in the proxy URL as http://USER:PASSWORD@${route.url.host}, or ${routeRemedy(route)}`,
    );
  }
  const host = hostPort.replace(/:\d+$/, "");
  return new NetworkPathError(
    `${via} refused to connect to ${hostPort} (${status}); ask whoever runs the proxy to allow ${host}, or add ${host} to NO_PROXY if it can be reached without the proxy`,
  );
}
