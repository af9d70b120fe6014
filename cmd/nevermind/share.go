package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"nevermind/internal/app"
	"nevermind/internal/i18n"
	"nevermind/internal/share"
)

// runShare: `share ATTEMPT_ID --out FILE.html` writes the report for a
// mentor, one HTML file any browser opens offline.
func runShare(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("share", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "the HTML file to write")
	media := fs.String("media", "none", "what of the recording to embed: video (a small copy with its sound), audio, or none")
	lang := fs.String("lang", "", "the report's language: ko or en (default: the app's)")
	// The attempt comes first or last: share 12 --out r.html, or share --out r.html 12.
	var id int64
	if len(args) > 0 {
		if n, err := strconv.ParseInt(args[0], 10, 64); err == nil {
			id, args = n, args[1:]
		}
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if id == 0 && fs.NArg() == 1 {
		id, _ = strconv.ParseInt(fs.Arg(0), 10, 64)
	}
	if id <= 0 || *out == "" {
		fmt.Fprintln(stderr, "usage: nevermind share ATTEMPT_ID --out FILE.html [--media video|audio|none] [--lang ko|en]")
		return 2
	}
	return withApp(stderr, func(ctx context.Context, a *app.App) error {
		l := i18n.Lang(*lang)
		if l == "" {
			if set, err := a.Store.Settings(ctx); err == nil && set.Language != "" {
				l = i18n.Lang(set.Language)
			}
		}
		b, err := share.Build(ctx, a.Practice, id, share.Options{Lang: l, Media: share.Media(*media)})
		if err != nil {
			return err
		}
		tmp := *out + ".part"
		if err := os.WriteFile(tmp, b, 0o600); err != nil {
			return err
		}
		if err := os.Rename(tmp, *out); err != nil {
			os.Remove(tmp)
			return err
		}
		abs, _ := filepath.Abs(*out)
		fmt.Fprintf(stdout, "Wrote %s (%.1f MB): open it in any browser; it asks nothing of the internet.\n", abs, float64(len(b))/1e6)
		return nil
	})
}
