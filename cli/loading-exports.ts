// How each of `creds`' formats is taken into a shell, for its --help. Each line is one a user can
// paste; the cmd one goes through a batch file because only a batch file's parse removes the ^
// escapes (a `for /f … do %l` line would keep them).
export const LOADING_EXPORTS = `
Loading the output (ARGS: --account … --role …, --profile … or --role-arn …):
  bash, zsh    eval "$(ssotray creds ARGS)"
  fish         eval (ssotray creds --format fish ARGS)
               ssotray creds --format fish ARGS | source
  PowerShell   ssotray creds --format powershell ARGS | Out-String | Invoke-Expression
  cmd          ssotray creds --format cmd ARGS > "%TEMP%\\ssotray-creds.cmd" && call "%TEMP%\\ssotray-creds.cmd" && del "%TEMP%\\ssotray-creds.cmd"
  dotenv       ssotray creds --format dotenv ARGS > .env
  json         one object of the same variables, for programs
`;
