package practice

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"nevermind/internal/i18n"
	"nevermind/internal/store"
)

// ErrBadDate means an interview date that is not a day (YYYY-MM-DD).
var ErrBadDate = errors.New("the interview date must be a day written as YYYY-MM-DD")

// SaveInterview adds an interview (iv.ID 0) or changes one. The date must
// be a day (YYYY-MM-DD, spaces ignored); a blank company is called
// 면접 / Interview in lang. Adding an interview already there (same company
// and day) adds nothing and returns its id. A new interview is a new
// application: it starts with the profile's documents.
func SaveInterview(ctx context.Context, st *store.Store, iv store.Interview, lang i18n.Lang) (int64, error) {
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(iv.Date))
	if err != nil {
		return 0, fmt.Errorf("%w: %q", ErrBadDate, iv.Date)
	}
	iv.Date = d.Format(time.DateOnly)
	iv.Company = strings.TrimSpace(iv.Company)
	if iv.Company == "" {
		iv.Company = i18n.T(lang, "plan.interview")
	}
	if iv.ID != 0 {
		return iv.ID, st.UpdateInterview(ctx, iv)
	}
	ivs, err := st.Interviews(ctx)
	if err != nil {
		return 0, err
	}
	for _, x := range ivs {
		if x.Date == iv.Date && x.Company == iv.Company {
			return x.ID, nil
		}
	}
	// A new application starts with the documents not yet filed under
	// one: the 자기소개서 and JD the candidate has been working on.
	if iv.ResumeText == "" && iv.JDText == "" {
		if p, err := st.Profile(ctx); err == nil {
			iv.ResumeText, iv.JDText = p.ResumeText, p.JDText
			if iv.Role == "" {
				iv.Role = p.TargetRole
			}
		}
	}
	return st.AddInterview(ctx, iv)
}
