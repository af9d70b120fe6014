// Command benchcli times the nevermind command line as a user meets it,
// process against process: `nevermind --help` (start-up time and peak
// resident memory), and `nevermind analyze --audio` of a 60 s WAV side by
// side with Praat's pitch and intensity on the same file. `make bench`
// runs it and prints the table; it fails when a target is missed.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"syscall"
	"time"
)

// run starts the command once and returns its wall time and peak resident
// memory (from wait4; this program is small, so the figure is the child's).
func run(name string, args ...string) (time.Duration, int64, error) {
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = nil, nil
	t0 := time.Now()
	err := cmd.Run()
	d := time.Since(t0)
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss * 1024
	}
	return d, rss, err
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

const praatScript = `form Pitch and intensity
  sentence file
endform
sound = Read from file: file$
pitch = To Pitch: 0, 75, 600
selectObject: sound
intensity = To Intensity: 100, 0, "yes"
`

func main() {
	bin := flag.String("bin", "bin/nevermind", "the nevermind command line")
	wav := flag.String("wav", "", "a 60 s WAV for the analyze comparison")
	runs := flag.Int("runs", 15, "runs of each")
	flag.Parse()
	ok := true
	var helpT []time.Duration
	var helpRSS int64
	for i := 0; i < *runs+2; i++ {
		d, rss, err := run(*bin, "--help")
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchcli:", err)
			os.Exit(1)
		}
		if i >= 2 { // the first runs warm the page cache
			helpT = append(helpT, d)
			helpRSS = max(helpRSS, rss)
		}
	}
	mh := median(helpT)
	fmt.Printf("%-44s %8.1f ms (median of %d) %6.1f MB peak resident   target <= 20 ms, <= 40 MB\n",
		"nevermind --help", float64(mh.Microseconds())/1000, len(helpT), float64(helpRSS)/(1<<20))
	if mh > 20*time.Millisecond || helpRSS > 40<<20 {
		ok = false
	}
	if *wav != "" {
		dir, _ := os.MkdirTemp("", "benchcli")
		defer os.RemoveAll(dir)
		script := filepath.Join(dir, "pi.praat")
		os.WriteFile(script, []byte(praatScript), 0o600)
		var nm, pr []time.Duration
		var nmRSS int64
		for i := 0; i < *runs/2+2; i++ {
			// Side by side: alternate, so both meet the same machine state.
			d1, rss, err := run(*bin, "analyze", "--audio", *wav, "--json")
			if err != nil {
				fmt.Fprintln(os.Stderr, "benchcli: analyze:", err)
				os.Exit(1)
			}
			d2, _, err := run("praat", "--run", script, *wav)
			if err != nil {
				fmt.Fprintln(os.Stderr, "benchcli: praat:", err)
				os.Exit(1)
			}
			if i >= 1 {
				nm, pr = append(nm, d1), append(pr, d2)
				nmRSS = max(nmRSS, rss)
			}
		}
		a, p := median(nm), median(pr)
		fmt.Printf("%-44s %8.1f ms (median of %d) %6.1f MB peak resident\n", "nevermind analyze --audio (60 s)", float64(a.Microseconds())/1000, len(nm), float64(nmRSS)/(1<<20))
		fmt.Printf("%-44s %8.1f ms (median of %d)   target: analyze <= Praat\n", "praat To Pitch + To Intensity (same file)", float64(p.Microseconds())/1000, len(pr))
		if a > p {
			ok = false
		}
	}
	if !ok {
		fmt.Println("benchcli: a target was missed")
		os.Exit(1)
	}
}
