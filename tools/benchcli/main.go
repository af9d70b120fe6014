// Command benchcli times the nevermind command line as a user meets it,
// process against process: `nevermind --help` (start-up time and peak
// resident memory), and `nevermind analyze --audio` of a 60 s WAV side by
// side with Praat's pitch and intensity on the same file. `make bench`
// runs it and prints the table; it fails when a target is missed. With
// -history N it also times `nevermind records --json` and `nevermind plan
// --json` on a data folder holding N synthetic analysed answers.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"syscall"
	"time"

	"nevermind/internal/appdata"
	"nevermind/internal/store"
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
	history := flag.Int("history", 0, "also time records and plan on a data folder with this many answers")
	flag.Parse()
	ok := true
	if *history > 0 {
		ok = benchHistory(*bin, *history, *runs) && ok
	}
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

// benchHistory fills a fresh data folder with n analysed answers over a
// year and times the commands that read all of them: the records (summary,
// streak, trends, per-question stats, the newest page) and the D-Day plan.
func benchHistory(bin string, n, runs int) bool {
	root, err := os.MkdirTemp("", "benchcli-history")
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchcli:", err)
		os.Exit(1)
	}
	defer os.RemoveAll(root)
	defer os.Setenv(appdata.EnvHome, os.Getenv(appdata.EnvHome))
	os.Setenv(appdata.EnvHome, root)
	// The first run creates the database and seeds the question bank.
	if _, _, err := run(bin, "records", "--json"); err != nil {
		fmt.Fprintln(os.Stderr, "benchcli: records:", err)
		os.Exit(1)
	}
	dir, err := appdata.OpenAt(root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchcli:", err)
		os.Exit(1)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, dir.DatabasePath())
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchcli:", err)
		os.Exit(1)
	}
	t0 := time.Now()
	err = st.SynthesizeHistory(ctx, n, 365, time.Now(), 1)
	st.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchcli:", err)
		os.Exit(1)
	}
	fmt.Printf("%-44s %8.1f s\n", fmt.Sprintf("(writing %d synthetic answers)", n), time.Since(t0).Seconds())
	if _, _, err := run(bin, "plan", "--interview-date", time.Now().AddDate(0, 0, 10).Format("2006-01-02"), "--company", "bench"); err != nil {
		fmt.Fprintln(os.Stderr, "benchcli: plan:", err)
		os.Exit(1)
	}
	ok := true
	for _, c := range []struct {
		args   []string
		target time.Duration
	}{
		{[]string{"records", "--json"}, 300 * time.Millisecond},
		{[]string{"plan", "--json"}, 300 * time.Millisecond},
	} {
		var ts []time.Duration
		var rss int64
		for i := 0; i < runs/3+2; i++ {
			d, r, err := run(bin, c.args...)
			if err != nil {
				fmt.Fprintf(os.Stderr, "benchcli: %v: %v\n", c.args, err)
				os.Exit(1)
			}
			if i >= 1 {
				ts, rss = append(ts, d), max(rss, r)
			}
		}
		m := median(ts)
		fmt.Printf("%-44s %8.1f ms (median of %d) %6.1f MB peak resident   target <= %d ms\n",
			fmt.Sprintf("nevermind %s (%d answers)", c.args[0], n), float64(m.Microseconds())/1000, len(ts), float64(rss)/(1<<20), c.target.Milliseconds())
		if m > c.target {
			ok = false
		}
	}
	return ok
}
