// What `exec` says when the environment already holds AWS credentials. They come as often from
// `eval "$(ssotray creds …)"` or the user's own exports as from an outer `ssotray exec`, so the
// message names the variable it found and both ways on rather than guessing where it came from.
export function nestedMessage(marker: string): string {
  const what = marker.startsWith("AWS_CONTAINER_")
    ? "a container credentials endpoint"
    : "AWS keys";
  return (
    `${marker} is already set: this environment holds ${what}, from \`ssotray creds\`, an outer \`ssotray exec\` or your own setup. ` +
    `To run with this role's credentials in their place, add --allow-nested; ` +
    `to start from a clean environment, run \`env -u ${marker} ssotray exec …\` or open a new shell`
  );
}
