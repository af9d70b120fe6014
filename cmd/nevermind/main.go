// Command nevermind is NEVER MIND, an offline interview practice app. With no
// arguments it opens the desktop app; subcommands serve checks and scripting.
package main

import (
	"fmt"
	"os"
)

const usage = `NEVER MIND: offline interview practice.

usage:
  nevermind                      open the app
  nevermind doctor [--json]      check every component and say how to fix it
  nevermind bank list [--type T] [--lang ko|en] [--json]
  nevermind bank add --type T --lang ko|en --text "..." [--tip "..."]

The data folder is %s (set NEVERMIND_HOME to move it).
`

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) == 0 {
		return runGUI()
	}
	switch args[0] {
	case "doctor":
		return runDoctor(args[1:])
	case "bank":
		return runBank(args[1:])
	case "gui":
		return runGUI()
	case "help", "-h", "--help":
		printUsage(os.Stdout)
		return 0
	default:
		fmt.Fprintf(os.Stderr, "nevermind: unknown command %q\n\n", args[0])
		printUsage(os.Stderr)
		return 2
	}
}

func printUsage(w *os.File) {
	root, err := dataRoot()
	if err != nil {
		root = "(unknown: " + err.Error() + ")"
	}
	fmt.Fprintf(w, usage, root)
}
