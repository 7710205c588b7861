// Entry point of the `ssotray` command (bundled to dist-cli/ssotray.mjs). Only the
// credential-process fast path is imported statically; everything else, commander and the AWS
// SDK included, is a dynamic import, which the bundler turns into chunks loaded on demand.
import { tryFastCredentialProcess } from "./fast-credential-process.js";

const args = process.argv.slice(2);
// The cached answer sweeps nothing: it must cost no more than starting Node (every AWS call of
// every tool runs it), and what killed writes left goes at the next other command or app start.
if (args[0] === "__complete") {
  // Shell completion asks at every Tab: names from the files, without commander or the SDK.
  void import("./completion/values.js").then(({ printCompletions }) =>
    printCompletions(args.slice(1), process.env),
  );
} else if (!(args[0] === "credential-process" && tryFastCredentialProcess(args.slice(1)))) {
  // The user's environment as it came: what `exec` passes on, without the variable set below.
  const env = { ...process.env };
  // The SDK warns on stderr about Node 20 support ending in 2027; a CLI whose stderr is one line
  // of error at most must not print it (package.json engines already say which Node we support).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  // A promise chain, not a top-level await: the single executable is one CommonJS script.
  void import("./program.js")
    .then(({ runCli }) => runCli(args, env))
    .then((code) => (process.exitCode = code));
}
