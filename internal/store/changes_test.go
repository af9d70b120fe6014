package store

import (
	"context"
	"testing"
	"time"
)

func received(ch <-chan struct{}, within time.Duration) bool {
	select {
	case <-ch:
		return true
	case <-time.After(within):
		return false
	}
}

// TestWritesNotify: a write of this Store notifies at once; a write by
// another process (another Store on the file) reaches a watching Store
// within 2 s; reads notify nothing.
func TestWritesNotify(t *testing.T) {
	s, p := openTemp(t)
	ctx := context.Background()
	ch, stop := s.Subscribe()
	defer stop()
	if _, err := s.AddInterview(ctx, Interview{Company: "토스랩", Date: "2026-12-09"}); err != nil {
		t.Fatal(err)
	}
	if !received(ch, time.Second) {
		t.Fatal("no notice after adding an interview")
	}
	if _, err := s.Interviews(ctx); err != nil {
		t.Fatal(err)
	}
	if received(ch, 100*time.Millisecond) {
		t.Fatal("a read notified")
	}
	// A failed write notifies nothing.
	if err := s.UpdateInterview(ctx, Interview{ID: 999, Company: "x", Date: "2026-12-09"}); err == nil {
		t.Fatal("updating a missing interview worked")
	}

	other, err := Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go s.Watch(wctx, 200*time.Millisecond)
	time.Sleep(300 * time.Millisecond)
	for len(ch) > 0 {
		<-ch
	}
	if _, err := other.AddInterview(ctx, Interview{Company: "한빛페이", Date: "2026-12-19"}); err != nil {
		t.Fatal(err)
	}
	if !received(ch, 2*time.Second) {
		t.Fatal("another process's write was not noticed within 2 s")
	}
	ivs, _ := s.Interviews(ctx)
	if len(ivs) != 2 {
		t.Fatalf("%d interviews after the other process's write", len(ivs))
	}
	stop()
	if _, err := s.AddInterview(ctx, Interview{Company: "c", Date: "2026-12-20"}); err != nil {
		t.Fatal(err)
	}
	if received(ch, 300*time.Millisecond) {
		t.Fatal("notified after unsubscribing")
	}
}
