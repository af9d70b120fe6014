package media

import "time"

// Seconds is a time in seconds (as the analysis reports it) as a
// time.Duration, the one conversion every package uses.
func Seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
