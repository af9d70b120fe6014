// Command nevermind is NEVER MIND, an offline interview practice app. With no
// arguments it opens the desktop app; subcommands serve checks and scripting.
package main

import (
	"fmt"
	"io"
	"nevermind/internal/safetext"
	"os"
	"runtime"
)

const usage = `NEVER MIND: offline interview practice.

usage:
  nevermind                      open the app (nevermind-app, installed beside this program)
  nevermind --version            the version of this build
  nevermind analyze [--audio FILE.wav|weba] [--video FILE.webm|avi|mp4] [--transcript T.json]
                   [--lang ko|en|auto] [--model NAME] [--sample-fps N] [--json] [--tracks] [--no-silero]
                                 voice, speech, face and posture metrics of a recording
  nevermind record --seconds N [--out DIR] [--no-video] [--mic ID] [--camera ID]
                                 record from the microphone and camera; prints where the files went
  nevermind practice --headless --question ID --audio F [--video F] [--lang ko|en] [--json]
                                 store an attempt from existing files and print its report
  nevermind practice --reanalyze ATTEMPT_ID [--json]
                                 analyse a stored attempt again (after an upgrade, or with a new model)
  nevermind share ATTEMPT_ID --out FILE.html [--media video|audio|none] [--lang ko|en]
                                 a report for a mentor: one HTML file any browser opens offline
  nevermind sync --folder DIR --passphrase-file F [--json]
                                 one sync pass with the folder your cloud client keeps: this laptop's
                                 changes written there (encrypted), the other laptops' applied here
  nevermind records [--json]     the stored attempts with their scores
  nevermind records --convert    rewrite answers kept as WAV and MJPEG AVI as Opus and VP8 WebM, originals deleted once verified
  nevermind rescore              score again the answers an older version scored (the app does it at start)
  nevermind export --out FILE [--no-media] [--passphrase-file F]
                                 everything in one archive (checksummed; optionally encrypted)
  nevermind import FILE [--passphrase-file F]
                                 merge an archive in, without duplicates; refuses damaged ones
  nevermind plan [--interview-date YYYY-MM-DD] [--company C] [--lang ko|en] [--json]
                                 the D-Day routine up to each interview, every task with its reason
  nevermind questions --resume F --jd F [--lang ko|en] [--n 10] [--save [--application ID]] [--json]
                                 personalised questions (Ollama when running, else the offline generator)
  nevermind evaluate --question TEXT --transcript F [--resume F] [--jd F] [--json]
                                 content feedback on an answer (STAR, relevance, specifics) and follow-ups
  nevermind models list|pull NAME|import FILE|verify [NAME]|remove NAME|fit [--json]
                                 whisper speech models in the data folder; fit measures which suits this computer
  nevermind doctor [--json]      check every component and say how to fix it
  nevermind bank list [--type T] [--lang ko|en] [--json]
  nevermind bank add --type T --lang ko|en --text "..." [--tip "..."]
  nevermind interview --headless --answers DIR [--n N] [--lang ko|en] [--json]
                                 a mock interview answered from files (a1.wav: the self-introduction, a2.wav, …), and its review
  nevermind voices [--try] [--json]  the interviewer's voices this system has, per language
  nevermind doc FILE [--json]    the text read from a document (HWP, HWPX, DOCX, PDF, or text in UTF-8, UTF-16 or EUC-KR)

The data folder is %s (set NEVERMIND_HOME to move it).
`

// version is stamped at build time (-ldflags "-X main.version=…", from
// git describe; see scripts/version.sh).
var version = "dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches a command line and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	// What is printed can hold text from outside (an archive, an LLM, a
	// pasted document, data an older version stored unchecked): nothing
	// in it may drive the terminal.
	stdout = safetext.NewWriter(stdout)
	if len(args) == 0 {
		return runGUI(stderr)
	}
	switch args[0] {
	case "models":
		return runModels(args[1:], stdout, stderr)
	case "analyze":
		return runAnalyze(args[1:], stdout, stderr)
	case "record":
		return runRecord(args[1:], stdout, stderr)
	case "practice":
		return runPractice(args[1:], stdout, stderr)
	case "records":
		return runRecords(args[1:], stdout, stderr)
	case "rescore":
		return runRescore(args[1:], stdout, stderr)
	case "export":
		return runExport(args[1:], stdout, stderr)
	case "import":
		return runImport(args[1:], stdout, stderr)
	case "plan":
		return runPlan(args[1:], stdout, stderr)
	case "questions":
		return runQuestions(args[1:], stdout, stderr)
	case "evaluate":
		return runEvaluate(args[1:], stdout, stderr)
	case "doctor":
		return runDoctor(args[1:], stdout, stderr)
	case "bank":
		return runBank(args[1:], stdout, stderr)
	case "share":
		return runShare(args[1:], stdout, stderr)
	case "sync":
		return runSync(args[1:], stdout, stderr)
	case "doc":
		return runDoc(args[1:], stdout, stderr)
	case "voices":
		return runVoices(args[1:], stdout, stderr)
	case "interview":
		return runInterview(args[1:], stdout, stderr)
	case "gui":
		return runGUI(stderr)
	case "help", "-h", "--help":
		printUsage(stdout)
		return 0
	case "version", "--version":
		fmt.Fprintf(stdout, "NEVER MIND %s (%s/%s, %s)\n", version, runtime.GOOS, runtime.GOARCH, runtime.Version())
		return 0
	default:
		fmt.Fprintf(stderr, "nevermind: unknown command %q\n\n", args[0])
		printUsage(stderr)
		return 2
	}
}

func printUsage(w io.Writer) {
	root, err := dataRoot()
	if err != nil {
		root = "(unknown: " + err.Error() + ")"
	}
	fmt.Fprintf(w, usage, root)
}
