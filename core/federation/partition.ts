// Which AWS partition a region belongs to, and that partition's console and sign-in hosts
// (PROTOCOL.md, "Endpoints"). The console refuses sign-in tokens from another partition.
// The SDK has no rule for the console; its AWS Sign-In rules name each partition's sign-in hosts,
// and partition.test.ts holds every federation host here to them. The federation endpoint has no
// FIPS or dual-stack host documented in any partition, so use_fips_endpoint and
// use_dualstack_endpoint leave it as it is.
import {
  partitionOf as partitionNameOf,
  REGION_SHAPE,
  type Partition,
} from "../../shared/regions.js";

export type { Partition };

export interface PartitionHosts {
  partition: Partition;
  /** The federation (sign-in token) endpoint of the region given to partitionOf. */
  federation: string;
  /** The console's domain: the console host itself and every subdomain belong to it. */
  consoleDomain: string;
  /** Whether the console has per-region hosts ({region}.console...). */
  regionalConsole: boolean;
}

const HOSTS: Record<Partition, PartitionHosts> = {
  aws: {
    partition: "aws",
    federation: "https://signin.aws.amazon.com/federation",
    consoleDomain: "console.aws.amazon.com",
    regionalConsole: true,
  },
  "aws-us-gov": {
    partition: "aws-us-gov",
    federation: "https://signin.amazonaws-us-gov.com/federation",
    consoleDomain: "console.amazonaws-us-gov.com",
    regionalConsole: false,
  },
  "aws-cn": {
    partition: "aws-cn",
    federation: "https://signin.amazonaws.cn/federation",
    consoleDomain: "console.amazonaws.cn",
    regionalConsole: false,
  },
  // The European Sovereign Cloud documents no global sign-in host: the SDK's Sign-In rules give
  // {region}.signin.amazonaws-eusc.eu, so federation is regional there (not confirmed:
  // docs/partitions-and-endpoints.md, "Partitions and endpoints").
  "aws-eusc": {
    partition: "aws-eusc",
    federation: "https://{region}.signin.amazonaws-eusc.eu/federation",
    consoleDomain: "console.amazonaws-eusc.eu",
    regionalConsole: false,
  },
};

export function partitionOf(region: string): PartitionHosts {
  if (/^[a-z]{2}-iso[a-z]*-/.test(region)) {
    throw new Error(
      `Console sign-in is not offered in the isolated region ${region}; use that partition's own tools`,
    );
  }
  if (!REGION_SHAPE.test(region)) {
    throw new Error(`The region must look like eu-west-1 (got '${region}')`);
  }
  const hosts = HOSTS[partitionNameOf(region)];
  return { ...hosts, federation: hosts.federation.replace("{region}", region) };
}

/** The console's front page for a region, as the console itself links it. */
export function consoleHome(region: string): string {
  const hosts = partitionOf(region);
  const host = hosts.regionalConsole ? `${region}.${hosts.consoleDomain}` : hosts.consoleDomain;
  return `https://${host}/console/home?region=${region}`;
}

/** The federation endpoint: AWS_ENDPOINT_URL_SIGNIN (base URL or full endpoint) or the partition's. */
export function federationEndpoint(
  region: string,
  env: Record<string, string | undefined>,
): string {
  const override = env.AWS_ENDPOINT_URL_SIGNIN;
  if (!override) return partitionOf(region).federation;
  let url: URL;
  try {
    url = new URL(override);
  } catch {
    throw new Error(
      `AWS_ENDPOINT_URL_SIGNIN must be a URL such as https://signin.aws.amazon.com (got '${override}')`,
    );
  }
  if (url.pathname === "/" || url.pathname === "") url.pathname = "/federation";
  url.search = "";
  url.hash = "";
  return url.toString();
}
