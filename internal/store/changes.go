package store

import (
	"context"
	"sync"
	"time"
)

// Change notifications: every committed write of this Store notifies the
// subscribers at once, and Watch notices the writes of other processes
// (the command line on the same data folder) by polling SQLite's
// data_version, which changes when another connection commits.

type subscribers struct {
	mu   sync.Mutex
	subs map[chan struct{}]struct{}
}

// Subscribe returns a channel that receives a value after data changed
// (several changes close together may arrive as one), and the function
// that ends the subscription.
func (s *Store) Subscribe() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	s.subs.mu.Lock()
	if s.subs.subs == nil {
		s.subs.subs = map[chan struct{}]struct{}{}
	}
	s.subs.subs[ch] = struct{}{}
	s.subs.mu.Unlock()
	return ch, func() {
		s.subs.mu.Lock()
		delete(s.subs.subs, ch)
		s.subs.mu.Unlock()
	}
}

// changed tells every subscriber, never blocking: a subscriber that has
// not read the last notice gets this one with it.
func (s *Store) changed() {
	s.subs.mu.Lock()
	defer s.subs.mu.Unlock()
	for ch := range s.subs.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// Watch polls the database every interval (1 s when 0) for writes by other
// processes and notifies the subscribers, until ctx is done. Writes of this
// Store are noticed too, which costs one refresh more.
func (s *Store) Watch(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = time.Second
	}
	conn, err := s.r.Conn(ctx)
	if err != nil {
		return
	}
	defer conn.Close()
	version := func() int64 {
		var v int64
		if err := conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
			return -1
		}
		return v
	}
	last := version()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if v := version(); v != last && v != -1 {
				last = v
				s.changed()
			}
		}
	}
}
