// Which `ssotray` PATH finds, and whether an AWS CLI follows AWS_ENDPOINT_URL_*: warnings, with
// what to do, never errors.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { followsEndpointVariables } from "./aws-cli-check.js";
import { withoutCredentials } from "./network-settings-check.js";
import { checkSsotrayOnPath } from "./path-check.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("ssotray on PATH", () => {
  it("is this one through a link, another install, or none", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "ssotray-path-"));
    dirs.push(root);
    const self = path.join(root, "ssotray.mjs");
    writeFileSync(self, "// this one\n");
    const linked = path.join(root, "linked");
    const other = path.join(root, "other");
    mkdirSync(linked);
    mkdirSync(other);
    symlinkSync(self, path.join(linked, "ssotray"));
    writeFileSync(path.join(other, "ssotray"), '#!/bin/sh\nexec /opt/old/ssotray "$@"\n');

    const [ok] = await checkSsotrayOnPath({ PATH: linked }, self, "linux");
    expect(ok).toMatchObject({ severity: "ok", message: expect.stringContaining("is this one") });
    const [elsewhere] = await checkSsotrayOnPath(
      { PATH: [other, linked].join(path.delimiter) },
      self,
      "linux",
    );
    expect(elsewhere).toMatchObject({
      severity: "warning",
      message: expect.stringContaining(`ssotray on PATH is ${path.join(other, "ssotray")}`),
    });
    const [none] = await checkSsotrayOnPath({ PATH: root }, self, "linux");
    expect(none).toMatchObject({
      severity: "warning",
      message: expect.stringMatching(/^No ssotray on PATH/),
    });
  });
});

describe("the AWS CLI's version", () => {
  it("follows AWS_ENDPOINT_URL_* from v2.13, and v1 on botocore 1.31", () => {
    expect(followsEndpointVariables("aws-cli/2.13.0 Python/3.11.4 Linux/6.1 exe/x86_64")).toBe(
      true,
    );
    expect(followsEndpointVariables("aws-cli/2.9.21 Python/3.9.11 Darwin/22.3.0")).toBe(false);
    expect(
      followsEndpointVariables("aws-cli/1.45.11 Python/3.11.7 Linux/6.1 botocore/1.43.11"),
    ).toBe(true);
    expect(followsEndpointVariables("aws-cli/1.29.0 Python/3.11 Linux/6.1 botocore/1.30.9")).toBe(
      false,
    );
    expect(followsEndpointVariables("something else")).toBeUndefined();
  });

  it("never shows a proxy's password", () => {
    expect(withoutCredentials("http://user:hunter2@proxy.example:3128")).toBe(
      "http://***@proxy.example:3128/",
    );
    expect(withoutCredentials("proxy.example:3128")).toBe("proxy.example:3128");
  });
});
