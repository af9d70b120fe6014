package practice

import "time"

func secondsDuration(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
