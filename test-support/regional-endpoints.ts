// Sends each region's OIDC and portal calls to the simulator under its own path prefix
// (/region/{region}), so a test can take one region of a replicated instance down and watch the
// calls move to the next. The AWS_ENDPOINT_URL_* variables name one URL for every region.
import { setRegionalEndpoints } from "../core/network/sdk-endpoints.js";
import { REGION_PATH_PREFIX, type Simulator } from "../simulator/index.js";

/** Installs the routing for the current test file; call the returned function to remove it. */
export function routeRegionsTo(sim: Pick<Simulator, "url">): () => void {
  setRegionalEndpoints((service, region) =>
    service === "sts" ? undefined : `${sim.url}${REGION_PATH_PREFIX}${region}`,
  );
  return () => setRegionalEndpoints(undefined);
}
