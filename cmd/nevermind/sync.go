package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"nevermind/internal/app"
	"nevermind/internal/cloudsync"
)

// runSync: `sync --folder DIR --passphrase-file F` runs one pass: this
// laptop's changes written into DIR/nevermind-sync, the other laptops'
// applied here.
func runSync(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	fs.SetOutput(stderr)
	folder := fs.String("folder", "", "the folder your cloud client syncs (Dropbox, OneDrive, iCloud Drive, Google Drive)")
	passFile := fs.String("passphrase-file", "", "the file holding the sync passphrase (the same on every laptop)")
	asJSON := fs.Bool("json", false, "print the pass's report as JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *folder == "" || *passFile == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: nevermind sync --folder DIR --passphrase-file F [--json]")
		return 2
	}
	pass, err := readPassphrase(*passFile)
	if err != nil {
		return fail(stderr, err)
	}
	return withApp(stderr, func(ctx context.Context, a *app.App) error {
		e, err := cloudsync.Open(ctx, a.Store, a.Dir, *folder, pass)
		if err != nil {
			return err
		}
		rep, err := e.Pass(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(rep)
		}
		fmt.Fprintf(stdout, "Sent %d changes in %d files (%d recordings copied); applied %d changes from %d other laptops (%d files, %d older than what was here).\n",
			rep.Sent, rep.Files, rep.MediaSent, rep.Applied, rep.Devices, rep.Read, rep.Older)
		if rep.Waiting > 0 {
			fmt.Fprintf(stdout, "%d changes wait for a recording or a row still on its way; the next pass applies them.\n", rep.Waiting)
		}
		if rep.Partial > 0 {
			fmt.Fprintf(stdout, "%d files are not complete yet (the cloud client is still copying them).\n", rep.Partial)
		}
		for _, q := range rep.Quarantined {
			fmt.Fprintf(stderr, "nevermind: refused %s/%s, moved to %s/quarantine: %s\n", q.Device, q.File, cloudsync.Sub, q.Reason)
		}
		return nil
	})
}
