// Test support: what the AWS SDK for Go v2 makes of credential_process profiles. For each profile
// named on the command line it loads the shared config (AWS_CONFIG_FILE) as any Go tool does,
// retrieves credentials, and prints one JSON line with the session token the process gave, or the
// error. Built by core/profiles/credential-process-readers.test.ts against Debian's
// golang-github-aws-aws-sdk-go-v2-dev, offline, in GOPATH mode.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/config"
)

type result struct {
	Profile      string `json:"profile"`
	SessionToken string `json:"sessionToken,omitempty"`
	Error        string `json:"error,omitempty"`
}

func main() {
	out := json.NewEncoder(os.Stdout)
	for _, profile := range os.Args[1:] {
		r := result{Profile: profile}
		cfg, err := config.LoadDefaultConfig(context.Background(), config.WithSharedConfigProfile(profile))
		if err == nil {
			creds, retrieveErr := cfg.Credentials.Retrieve(context.Background())
			err = retrieveErr
			r.SessionToken = creds.SessionToken
		}
		if err != nil {
			r.Error = err.Error()
		}
		if encodeErr := out.Encode(r); encodeErr != nil {
			fmt.Fprintln(os.Stderr, encodeErr)
			os.Exit(1)
		}
	}
}
