// A cap on how much one portal answer may hold. The SDK reads a whole response body into memory
// and parses it before anyone can look at it: a 50 MB page took 820 MB and minutes of CPU. A
// page of 100 accounts is about 20 KB and role credentials about 2 KB, so answers over 1 MiB are
// refused as they stream in (or at once, when Content-Length says so), never retried.
import { Transform, type Readable } from "node:stream";
import type { ServiceInputTypes, ServiceOutputTypes, SSOClient } from "@aws-sdk/client-sso";
import type { DeserializeMiddleware } from "@smithy/types";
import { PortalError } from "./portal-errors.js";

export const MAX_RESPONSE_BYTES = 1024 * 1024;

export class ResponseTooLargeError extends PortalError {
  /** Present so the SDK's deserializer passes the error on as it is, without its own hint. */
  readonly $metadata = {};

  constructor(api: string, host: string, maxBytes: number) {
    super(
      `The portal at ${host} sent more than ${maxBytes / 1024 / 1024} MiB in answer to ${api}; SSO Tray refuses answers that large. Check which endpoint answers for your portal (AWS_ENDPOINT_URL_SSO, a proxy)`,
    );
    this.name = "ResponseTooLargeError";
  }
}

function isReadable(body: unknown): body is Readable {
  return typeof (body as Readable | undefined)?.pipe === "function";
}

function limited(body: Readable, maxBytes: number, tooLarge: () => Error): Readable {
  let received = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received > maxBytes) {
        // Stop downloading, not just stop keeping.
        body.destroy();
        done(tooLarge());
        return;
      }
      done(null, chunk);
    },
  });
  body.on("error", (error) => counted.destroy(error));
  return body.pipe(counted);
}

/** Makes every answer the client receives fail once it passes `maxBytes`. */
export function limitResponseSize(client: SSOClient, maxBytes = MAX_RESPONSE_BYTES): void {
  const middleware: DeserializeMiddleware<ServiceInputTypes, ServiceOutputTypes> =
    (next, context) => async (args) => {
      const result = await next(args);
      const response = result.response as {
        headers?: Record<string, string>;
        body?: unknown;
      };
      const request = args.request as { hostname?: string; port?: number } | undefined;
      const host = request?.hostname
        ? `${request.hostname}${request.port ? `:${request.port}` : ""}`
        : "its endpoint";
      const tooLarge = () =>
        new ResponseTooLargeError(context.commandName ?? "a call", host, maxBytes);
      const declared = Number(response.headers?.["content-length"]);
      if (Number.isFinite(declared) && declared > maxBytes) {
        if (isReadable(response.body)) response.body.destroy();
        throw tooLarge();
      }
      if (isReadable(response.body)) response.body = limited(response.body, maxBytes, tooLarge);
      return result;
    };
  client.middlewareStack.addRelativeTo(middleware, {
    name: "ssotrayResponseSizeLimit",
    // "after" the deserializer is inside it: the body is capped before anything parses it.
    relation: "after",
    toMiddleware: "deserializerMiddleware",
  });
}
