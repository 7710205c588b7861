import { describe, expect, it } from "vitest";
import { resolveDestination } from "./destination.js";
import { consoleHome, federationEndpoint, partitionOf } from "./partition.js";
import { portalShortcutLink } from "./portal-link.js";

describe("console destinations", () => {
  it("defaults to the region's console home in each partition", () => {
    expect(resolveDestination("eu-west-1")).toBe(
      "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1",
    );
    expect(resolveDestination("us-gov-west-1")).toBe(
      "https://console.amazonaws-us-gov.com/console/home?region=us-gov-west-1",
    );
    expect(resolveDestination("cn-north-1")).toBe(
      "https://console.amazonaws.cn/console/home?region=cn-north-1",
    );
  });

  it("puts a path on the region's console host and adds the region", () => {
    expect(resolveDestination("eu-west-1", "/s3/home")).toBe(
      "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1",
    );
    expect(resolveDestination("us-east-1", "/ec2/home?region=us-west-2#Instances:")).toBe(
      "https://us-east-1.console.aws.amazon.com/ec2/home?region=us-west-2#Instances:",
    );
  });

  it("accepts full URLs of the partition's console, including service and account hosts", () => {
    for (const url of [
      "https://console.aws.amazon.com/iam/home",
      "https://s3.console.aws.amazon.com/s3/buckets/x?region=eu-west-1",
      "https://123456789012-abcd.eu-west-2.console.aws.amazon.com/ecr/home",
    ]) {
      expect(resolveDestination("eu-west-1", url)).toBe(url);
    }
    expect(resolveDestination("cn-north-1", "https://console.amazonaws.cn/s3/home")).toBe(
      "https://console.amazonaws.cn/s3/home",
    );
  });

  it("refuses anything that is not a console page of the partition", () => {
    for (const bad of [
      "https://evil.example/console",
      "https://console.aws.amazon.com.evil.example/",
      "https://evilconsole.aws.amazon.com/",
      "http://console.aws.amazon.com/",
      "https://user@console.aws.amazon.com/",
      "https://console.aws.amazon.com:8443/",
      "javascript:alert(1)",
      "//evil.example/x",
      "/\\evil.example/x",
      // URL parsers drop tabs and line breaks, so these become //evil.example/x once parsed.
      "/\t/evil.example/x",
      "/\n/evil.example/x",
      "/\r\\evil.example/x",
      "s3/home",
      "https://console.amazonaws.cn/s3/home",
    ]) {
      expect(() => resolveDestination("eu-west-1", bad), bad).toThrow(/destination must be/);
    }
    expect(() => resolveDestination("us-gov-west-1", "https://console.aws.amazon.com/")).toThrow(
      /amazonaws-us-gov/,
    );
  });

  it("names a malformed region and refuses isolated partitions", () => {
    expect(() => partitionOf("Europe")).toThrow(
      "The region must look like eu-west-1 (got 'Europe')",
    );
    for (const region of ["us-iso-east-1", "us-isob-east-1", "eu-isoe-west-1", "us-isof-south-1"])
      expect(() => consoleHome(region), region).toThrow(/isolated region/);
    expect(() => partitionOf("xus-iso-east-1")).toThrow(/must look like eu-west-1/);
  });

  it("trims what it is given and keeps doubled slashes inside a path", () => {
    expect(resolveDestination("eu-west-1", "  /s3/home \n")).toBe(
      "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1",
    );
    expect(resolveDestination("eu-west-1", "   ")).toBe(consoleHome("eu-west-1"));
    expect(resolveDestination("eu-west-1", "/s3/buckets/b//prefix/")).toBe(
      "https://eu-west-1.console.aws.amazon.com/s3/buckets/b//prefix/?region=eu-west-1",
    );
  });

  it("throws a DestinationError a caller can tell apart", () => {
    expect(() => resolveDestination("eu-west-1", "https://evil.example/")).toThrow(
      expect.objectContaining({ name: "DestinationError" }),
    );
  });

  it("uses AWS_ENDPOINT_URL_SIGNIN as a base URL or as the full endpoint", () => {
    expect(federationEndpoint("eu-west-1", {})).toBe("https://signin.aws.amazon.com/federation");
    expect(federationEndpoint("us-gov-east-1", {})).toBe(
      "https://signin.amazonaws-us-gov.com/federation",
    );
    expect(federationEndpoint("cn-northwest-1", {})).toBe("https://signin.amazonaws.cn/federation");
    expect(
      federationEndpoint("eu-west-1", { AWS_ENDPOINT_URL_SIGNIN: "http://127.0.0.1:9/" }),
    ).toBe("http://127.0.0.1:9/federation");
    expect(
      federationEndpoint("eu-west-1", {
        AWS_ENDPOINT_URL_SIGNIN: "http://127.0.0.1:9/x/federation",
      }),
    ).toBe("http://127.0.0.1:9/x/federation");
    expect(() => federationEndpoint("eu-west-1", { AWS_ENDPOINT_URL_SIGNIN: "nope" })).toThrow(
      /AWS_ENDPOINT_URL_SIGNIN/,
    );
  });
});

describe("access portal shortcut links", () => {
  it("builds {start URL}/#/console with the account, role and an encoded destination", () => {
    const link = portalShortcutLink({
      startUrl: "https://acme.awsapps.com/start/",
      accountId: "111111111111",
      roleName: "Power User+",
      region: "eu-west-1",
      destination: "/s3/home",
    });
    expect(link).toBe(
      "https://acme.awsapps.com/start/#/console?account_id=111111111111&role_name=Power%20User%2B&destination=" +
        encodeURIComponent("https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1"),
    );
    expect(
      portalShortcutLink({
        startUrl: "https://acme.awsapps.com/start#/",
        accountId: "1",
        roleName: "R",
      }),
    ).toBe("https://acme.awsapps.com/start/#/console?account_id=1&role_name=R");
  });
});
