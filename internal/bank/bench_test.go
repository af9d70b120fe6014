package bank

import (
	"context"
	"path/filepath"
	"testing"

	"nevermind/internal/store"
)

// BenchmarkSeedAtStartup is the bank check every start pays once the bank
// is already seeded.
func BenchmarkSeedAtStartup(b *testing.B) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(b.TempDir(), "nevermind.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := Seed(ctx, s); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Seed(ctx, s); err != nil {
			b.Fatal(err)
		}
	}
}
