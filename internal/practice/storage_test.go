package practice

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"nevermind/internal/store"
)

// TestStorageAndRetention: usage by month and by application counts the
// files on disk; the retention deletes only old videos that are not their
// question's best answer, and keeps every audio, report and score;
// "delete video, keep the report" deletes that one video only.
func TestStorageAndRetention(t *testing.T) {
	ctx := context.Background()
	dir, st := tempData(t)
	svc := NewService(dir, st, nil)
	q1, _ := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeBasic, Language: store.Korean, Text: "자기소개를 해 주세요."})
	q2, _ := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeBasic, Language: store.Korean, Text: "지원 동기를 말해 주세요."})
	iv, err := st.AddInterview(ctx, store.Interview{Company: "한빛전자", Date: "2027-01-15"})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.Local)
	type answer struct {
		q       int64
		iv      int64
		age     int // days
		overall float64
		video   bool
	}
	answers := []answer{
		{q1, iv, 100, 60, true}, // old, not the best of q1: expires at 30 and 90 days
		{q1, iv, 95, 80, true},  // old, the best of q1: always kept
		{q1, 0, 40, 70, true},   // expires at 30 days only
		{q2, 0, 120, 0, true},   // q2's only scored answer... unscored here: see below
		{q2, 0, 10, 50, false},  // audio only
		{q2, 0, 5, 55, true},    // the best of q2, recent
	}
	ids := make([]int64, len(answers))
	sizes := map[int64][2]int64{}
	for i, a := range answers {
		_, sqs, err := st.StartSession(ctx, store.TypeBasic, a.iv, []int64{a.q})
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(dir.MediaDir(), "t", "a"+string(rune('0'+i)))
		os.MkdirAll(filepath.Dir(name), 0o700)
		audio, video := name+".weba", ""
		os.WriteFile(audio, make([]byte, 1000*(i+1)), 0o600)
		if a.video {
			video = name + ".webm"
			os.WriteFile(video, make([]byte, 100000*(i+1)), 0o600)
		}
		rel := func(p string) string {
			if p == "" {
				return ""
			}
			r, _ := dir.Rel(p)
			return r
		}
		id, err := st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, StartedAt: now.AddDate(0, 0, -a.age), Status: store.AttemptRecorded, AudioPath: rel(audio), VideoPath: rel(video)})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = id
		v := int64(0)
		if a.video {
			v = int64(100000 * (i + 1))
		}
		sizes[id] = [2]int64{int64(1000 * (i + 1)), v}
		if a.overall > 0 {
			sc := a.overall
			if err := st.SaveFeedback(ctx, store.Feedback{AttemptID: id, ReportVersion: 1, MetricsJSON: `{"schema_version":1}`,
				Scores: []store.Score{{Dimension: "overall", Score: &sc}}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	u, err := svc.Storage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var total, video int64
	for _, s := range sizes {
		total += s[0] + s[1]
		video += s[1]
	}
	if u.Total != total || u.Video != video || u.Answers != 6 || u.Videos != 5 {
		t.Errorf("usage %+v, want %d bytes, %d of video, 6 answers, 5 videos", u, total, video)
	}
	var months, apps int64
	for _, r := range u.ByMonth {
		months += r.Bytes
	}
	for _, r := range u.ByApplication {
		apps += r.Bytes
	}
	if months != total || apps != total || len(u.ByApplication) != 2 {
		t.Errorf("by month %d, by application %d (%+v), want %d each", months, apps, u.ByApplication, total)
	}
	if u.ByApplication[0].Name != "" || u.ByApplication[1].Name != "한빛전자" || u.ByApplication[1].Bytes != sizes[ids[0]][0]+sizes[ids[0]][1]+sizes[ids[1]][0]+sizes[ids[1]][1] {
		t.Errorf("by application: %+v", u.ByApplication)
	}
	if u.ByMonth[0].Name < u.ByMonth[len(u.ByMonth)-1].Name {
		t.Errorf("months not newest first: %+v", u.ByMonth)
	}

	// The retention picks: at 90 days answers 0 and 3 (not 1: q1's best;
	// 3 is unscored and q2 has a scored best, 5); at 30 days also 2.
	rows, _ := st.RecordingRows(ctx)
	pick := func(days int) []int64 {
		var out []int64
		for _, r := range expiring(rows, days, now) {
			out = append(out, r.AttemptID)
		}
		slices.Sort(out)
		return out
	}
	if got := pick(90); len(got) != 2 || got[0] != ids[0] || got[1] != ids[3] {
		t.Errorf("90 days deletes %v, want %v", got, []int64{ids[0], ids[3]})
	}
	if got := pick(30); len(got) != 3 || got[0] != ids[0] || got[1] != ids[2] || got[2] != ids[3] {
		t.Errorf("30 days deletes %v, want %v", got, []int64{ids[0], ids[2], ids[3]})
	}
	if got := pick(0); len(got) != 0 {
		t.Errorf("forever deletes %v", got)
	}

	// Forever: nothing goes.
	if n, _, err := svc.ApplyRetention(ctx, now); n != 0 || err != nil {
		t.Fatalf("forever: %d deleted, %v", n, err)
	}
	if err := st.SetVideoDays(ctx, 45); err == nil {
		t.Error("45 days was accepted")
	}
	if err := st.SetVideoDays(ctx, 90); err != nil {
		t.Fatal(err)
	}
	n, freed, err := svc.ApplyRetention(ctx, now)
	if err != nil || n != 2 || freed != sizes[ids[0]][1]+sizes[ids[3]][1] {
		t.Fatalf("90 days: %d deleted, %d bytes freed, %v", n, freed, err)
	}
	for i, id := range ids {
		a, err := st.Attempt(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		gone := i == 0 || i == 3
		if (a.VideoPath == "") != (gone || !answers[i].video) {
			t.Errorf("answer %d: video %q after the retention", i, a.VideoPath)
		}
		if a.AudioPath == "" {
			t.Errorf("answer %d lost its audio", i)
		}
		if answers[i].overall > 0 {
			if h, err := st.QuestionHistory(ctx, answers[i].q); err != nil || len(h) == 0 {
				t.Errorf("answer %d: history %v", i, err)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir.MediaDir(), "t", "a0.webm")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the expired video is still on disk: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir.MediaDir(), "t", "a0.weba")); err != nil {
		t.Errorf("the expired video's audio is gone: %v", err)
	}

	// Delete one video by hand: that one only.
	freed, err = svc.DeleteVideo(ctx, ids[5])
	if err != nil || freed != sizes[ids[5]][1] {
		t.Fatalf("delete video: %d, %v", freed, err)
	}
	if a, _ := st.Attempt(ctx, ids[2]); a.VideoPath == "" {
		t.Error("deleting one video took another")
	}
	if _, err := st.Feedback(ctx, ids[5]); err != nil {
		t.Errorf("the report went with the video: %v", err)
	}
	u2, _ := svc.Storage(ctx)
	if u2.Total != total-sizes[ids[0]][1]-sizes[ids[3]][1]-sizes[ids[5]][1] || u2.Videos != 2 {
		t.Errorf("after deleting: %+v", u2)
	}
}
