// `node --import ./scripts/offline-guard.mjs SCRIPT`: refuses every connection beyond the loopback
// and fails the process if one was tried, even when the script caught the error and carried on.
// The checks in `npm test` that say they run offline are run under it, so that stays true.
import dns from "node:dns";
import net from "node:net";

const tried = new Set();
const loopback = (host) =>
  host === undefined || host === "localhost" || host === "::1" || /^127\./.test(host);

function refuse(host) {
  tried.add(host);
  return new Error(`offline-guard: no network here (tried to reach ${host})`);
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const options = typeof args[0] === "object" && args[0] !== null ? args[0] : { host: args[1] };
  if (!options.path && !loopback(options.host)) {
    const error = refuse(options.host);
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return connect.apply(this, args);
};

const lookup = dns.lookup;
dns.lookup = function (host, ...rest) {
  if (!loopback(host)) {
    const callback = rest.at(-1);
    const error = refuse(host);
    process.nextTick(() => callback(Object.assign(error, { code: "ENOTFOUND" })));
    return {};
  }
  return lookup.call(this, host, ...rest);
};

process.on("exit", () => {
  if (tried.size === 0) return;
  console.error(`offline-guard: the script tried to reach ${[...tried].join(", ")}`);
  process.exitCode = 1;
});
