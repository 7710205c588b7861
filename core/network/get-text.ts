// A GET through the same agent as the SDK clients (proxy, CA bundle, messages), for the one call
// that is not an SDK operation: the console federation endpoint. fetch() cannot take our agent.
import http from "node:http";
import https from "node:https";
import { NetworkAgent } from "./network-agent.js";
import { noteStalledRoute } from "./stalled-route.js";
import type { Env } from "./proxy-for-url.js";
import type { Locations } from "../locations.js";

export interface TextAnswer {
  status: number;
  body: string;
  /** The answer's Date header, if it sent one (the clock check compares it with ours). */
  date?: string;
}

export interface GetTextOptions {
  env: Env;
  locations: Locations;
  /** The session whose config section may name a ca_bundle. */
  startUrl?: string;
  /** Bounds the connection, the answer and its body together. */
  signal: AbortSignal;
  /** Longer answers are refused as they arrive. */
  maxBytes: number;
  /** Request headers (a bearer token goes here, never in the URL). */
  headers?: Record<string, string>;
}

/** Redirects are not followed: the caller treats any status but 200 as a failure. */
export async function getText(url: URL, options: GetTextOptions): Promise<TextAnswer> {
  const agent = new NetworkAgent(options.env, options.locations, options.startUrl);
  const request = url.protocol === "https:" ? https.request : http.request;
  try {
    return await new Promise<TextAnswer>((resolve, reject) => {
      const req = request(
        url,
        { method: "GET", agent, signal: options.signal, headers: options.headers ?? {} },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > options.maxBytes) {
              req.destroy(
                new Error(`The answer from ${url.host} is larger than ${options.maxBytes} bytes`),
              );
              return;
            }
            chunks.push(chunk);
          });
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString("utf8"),
              ...(res.headers.date ? { date: res.headers.date } : {}),
            }),
          );
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end();
    });
  } catch (error) {
    await noteStalledRoute(error, url, options.env);
    throw error;
  } finally {
    agent.destroy();
  }
}
