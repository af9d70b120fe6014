// Command bundle prints, from models/manifest.json, what the packages
// carry, so the packaging scripts never write the list themselves:
//
//	bundle -platform linux/amd64 -list models   the model files, one a line
//	bundle -platform windows/amd64 -notice      the NOTICE text
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"nevermind/internal/models"
)

func main() {
	platform := flag.String("platform", "linux/amd64", "GOOS/GOARCH of the package")
	list := flag.String("list", "", "print the bundled files under this folder: models, fonts or lib")
	notice := flag.Bool("notice", false, "print the NOTICE text")
	flag.Parse()
	goos, goarch, ok := strings.Cut(*platform, "/")
	if !ok || (*list == "") == !*notice {
		fmt.Fprintln(os.Stderr, "usage: bundle -platform GOOS/GOARCH (-list models|fonts|lib | -notice)")
		os.Exit(2)
	}
	m, err := models.Load()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bundle:", err)
		os.Exit(1)
	}
	if *notice {
		fmt.Print(m.Notice(goos, goarch))
		return
	}
	names := m.BundledUnder(goos, goarch, *list)
	if len(names) == 0 {
		fmt.Fprintf(os.Stderr, "bundle: nothing bundled under %s for %s\n", *list, *platform)
		os.Exit(1)
	}
	for _, n := range names {
		fmt.Println(n)
	}
}
