// The variables that choose which program opens a link, for the --help of the commands that
// open one (core/browsers/launch-command.ts reads them).
export const BROWSER_ENV_HELP = `
Environment:
  SSOTRAY_BROWSER  the program that opens links instead of the system's (xdg-open, open,
                   rundll32); it is run with the link as its one argument, no shell
  BROWSER          used when SSOTRAY_BROWSER is not set; of a colon-separated list, the first
`;
