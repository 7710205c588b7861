// Test support: an env and the locations resolved from it, for the options of core's classes,
// which take both (`{ ...withLocations(env), sessions }`), as the CLI's entry and the app's start do.
import { resolveLocations, type Env, type Locations } from "../core/locations.js";

export function withLocations<E extends Env>(env: E): { env: E; locations: Locations } {
  return { env, locations: resolveLocations(env) };
}
