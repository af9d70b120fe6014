// Package bank loads the built-in question bank embedded in the binary and
// seeds it into the store.
package bank

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"

	"nevermind/assets"
	"nevermind/internal/i18n"
	"nevermind/internal/store"
)

// Entry is one built-in question as written in assets/questions/*.json.
type Entry struct {
	Key      string             `json:"key"`
	Type     store.PracticeType `json:"type"`
	Category string             `json:"category"`
	Lang     store.Language     `json:"lang"`
	Text     string             `json:"text"`
	Tip      string             `json:"tip"`
}

// Load reads and checks the embedded bank. Keys are unique, every field is
// filled, and Korean entries contain Hangul.
func Load() ([]Entry, error) {
	return load(assets.Questions)
}

func load(fsys fs.FS) ([]Entry, error) {
	files, err := fs.Glob(fsys, "questions/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	seen := map[string]string{}
	var out []Entry
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		var es []Entry
		if err := json.Unmarshal(b, &es); err != nil {
			return nil, fmt.Errorf("question bank %s: %w", path.Base(f), err)
		}
		for i, e := range es {
			where := fmt.Sprintf("question bank %s entry %d (%q)", path.Base(f), i+1, e.Key)
			if e.Key == "" || e.Type == "" || e.Category == "" || e.Text == "" || e.Tip == "" {
				return nil, fmt.Errorf("%s: every field must be filled", where)
			}
			if e.Lang != store.Korean && e.Lang != store.English {
				return nil, fmt.Errorf("%s: lang must be ko or en", where)
			}
			if (e.Lang == store.Korean) != i18n.HasHangul(e.Text) {
				return nil, fmt.Errorf("%s: text language does not match lang %s", where, e.Lang)
			}
			if prev, dup := seen[e.Key]; dup {
				return nil, fmt.Errorf("%s: key already used in %s", where, prev)
			}
			seen[e.Key] = path.Base(f)
			out = append(out, e)
		}
	}
	return out, nil
}

// Digest identifies the bank's contents, so seeding can be skipped when the
// database already holds this exact bank.
func Digest(es []Entry) string {
	h := sha256.New()
	for _, e := range es {
		fmt.Fprintf(h, "%q %q %q %q %q %q\n", e.Key, e.Type, e.Category, e.Lang, e.Text, e.Tip)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Seed brings the store's built-in questions up to date with the embedded
// bank. It does nothing when the store already has this bank; otherwise it
// adds new questions and refreshes unedited ones, never touching the user's
// own questions or edits.
func Seed(ctx context.Context, s *store.Store) (store.SeedResult, error) {
	es, err := Load()
	if err != nil {
		return store.SeedResult{}, err
	}
	return seed(ctx, s, es)
}

func seed(ctx context.Context, s *store.Store, es []Entry) (store.SeedResult, error) {
	d := Digest(es)
	if set, err := s.Settings(ctx); err != nil {
		return store.SeedResult{}, err
	} else if set.BankDigest == d {
		return store.SeedResult{Kept: len(es)}, nil
	}
	ents := make([]store.BankEntry, len(es))
	for i, e := range es {
		ents[i] = store.BankEntry{Key: e.Key, PracticeType: e.Type, Category: e.Category, Language: e.Lang, Text: e.Text, Tip: e.Tip}
	}
	r, err := s.SeedBank(ctx, ents)
	if err != nil {
		return r, err
	}
	return r, s.SetBankDigest(ctx, d)
}
