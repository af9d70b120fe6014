package ui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/i18n"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// TestTwoApplications: two applications (different companies, JDs and
// dates) each get their own documents and questions on 자기소개서·공고,
// both show on Home, each one's practice asks its own questions and is
// filed under it, and their histories stay apart.
func TestTwoApplications(t *testing.T) {
	a := newTestApp(t)
	useKoreanTheme(t, a)
	st, _ := appFixture(t)
	ctx := context.Background()
	now := func() time.Time { return time.Date(2026, 12, 6, 9, 0, 0, 0, time.Local) }
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("..", "coach", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	type app struct {
		id                        int64
		company, role, date, r, j string
	}
	apps := []*app{
		{company: "한빛페이", role: "백엔드 개발자", date: "2026-12-20", r: read("ko_backend_resume.txt"), j: read("ko_backend_jd.txt")},
		{company: "한결로지스", role: "물류 데이터 분석가", date: "2026-12-28", r: read("ko_newgrad_resume.txt"), j: read("ko_newgrad_jd.txt")},
	}
	for _, ap := range apps {
		id, err := practice.SaveInterview(ctx, st, store.Interview{Company: ap.company, Role: ap.role, Date: ap.date, ResumeText: ap.r, JDText: ap.j}, i18n.KO)
		if err != nil {
			t.Fatal(err)
		}
		ap.id = id
	}

	// 자기소개서·공고: each application shows its own documents, and the
	// questions written from them are kept under it.
	p := newProfileScreen(i18n.KO, st, nil, func(practice.Spec) {})
	p.now = now
	w := test.NewWindow(p.content)
	defer w.Close()
	w.Resize(fyne.NewSize(1000, 800))
	for _, ap := range apps {
		p.selectApp(ap.id)
		if p.app != ap.id || p.jd.Text != ap.j || p.resume.Text != ap.r || p.role.Text != ap.role {
			t.Fatalf("%s selected: app %d, role %q, JD %.40q", ap.company, p.app, p.role.Text, p.jd.Text)
		}
		p.generate()
		eventually(t, ap.company+"'s questions", func() bool { return p.cancel == nil && p.keepBtn.Visible() })
		test.Tap(p.keepBtn)
	}
	var own [][]int64
	for _, ap := range apps {
		ids, err := st.ApplicationQuestionIDs(ctx, ap.id, store.Korean)
		if err != nil || len(ids) < 5 {
			t.Fatalf("%s has %d questions: %v", ap.company, len(ids), err)
		}
		own = append(own, ids)
	}
	for _, id := range own[0] {
		if slices.Contains(own[1], id) {
			t.Fatalf("question %d is filed under both applications", id)
		}
	}
	// An edit typed into one application's box and a switch to the other
	// loses nothing: it was filed under the first.
	p.selectApp(apps[0].id)
	p.jd.SetText(apps[0].j + "\n- Kafka 운영 경험")
	p.selectApp(apps[1].id)
	if ivs, _ := st.Interviews(ctx); !strings.HasSuffix(ivs[slices.IndexFunc(ivs, func(iv store.Interview) bool { return iv.ID == apps[0].id })].JDText, "Kafka 운영 경험") {
		t.Error("the edit to the first application's JD was lost on switching")
	}

	// Home lists both, soonest first, each with its own practice.
	var started []practice.Spec
	h := newHomeScreen(i18n.KO, st, now, func(sp practice.Spec) { started = append(started, sp) })
	all := strings.Join(texts(h.content), "\n")
	for _, want := range []string{"한빛페이 · 백엔드 개발자 · 2026-12-20 (D-14)", "한결로지스 · 물류 데이터 분석가 · 2026-12-28 (D-22)"} {
		if !strings.Contains(all, want) {
			t.Errorf("Home does not show %q:\n%s", want, all)
		}
	}
	buttons := func() []*widget.Button {
		var bs []*widget.Button
		for _, row := range h.apps.Objects {
			bs = append(bs, row.(*fyne.Container).Objects[2].(*fyne.Container).Objects[0].(*widget.Button))
		}
		return bs
	}
	if len(buttons()) != 2 {
		t.Fatalf("%d applications on Home", len(buttons()))
	}
	// Practise each: the first twice, the second once.
	for i, times := range []int{2, 1} {
		for n := 0; n < times; n++ {
			test.Tap(buttons()[i])
			sp := started[len(started)-1]
			if sp.InterviewID != apps[i].id || len(sp.IDs) == 0 {
				t.Fatalf("%s's practice: %+v", apps[i].company, sp)
			}
			for _, id := range sp.IDs {
				if !slices.Contains(own[i], id) {
					t.Fatalf("%s's practice asks question %d, not one of its own", apps[i].company, id)
				}
			}
			// The session the practice screen starts for this spec, and
			// an answer recorded in it.
			_, sqs, err := st.StartSession(ctx, store.TypeBasic, sp.InterviewID, sp.IDs)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, StartedAt: now(), Status: store.AttemptRecorded, Duration: 40 * time.Second}); err != nil {
				t.Fatal(err)
			}
			h.show(h.load()) // as the store's notification does
		}
	}
	// The least practised first: the second practice of the first
	// application starts with a question the first did not ask first.
	if started[0].IDs[0] == started[1].IDs[0] {
		t.Errorf("practising again starts with the same question %d", started[0].IDs[0])
	}
	counts, err := st.ApplicationsCounts(ctx)
	if err != nil || counts[apps[0].id].Answers != 2 || counts[apps[1].id].Answers != 1 {
		t.Fatalf("answers by application: %+v %v", counts, err)
	}
	h.show(h.load())
	all = strings.Join(texts(h.content), "\n")
	if !strings.Contains(all, "이 지원 건으로 답변 2개") || !strings.Contains(all, "이 지원 건으로 답변 1개") {
		t.Errorf("Home does not keep the histories apart:\n%s", all)
	}
	render(t, "home_apps_ko.png", h.content, 1000, 760)

	// With the screens in English, an application whose questions are
	// Korean still offers them, practised in Korean (not "write its
	// questions"), and its mock interview is in Korean too.
	started = nil
	he := newHomeScreen(i18n.EN, st, now, func(sp practice.Spec) { started = append(started, sp) })
	row := he.apps.Objects[0].(*fyne.Container).Objects[2].(*fyne.Container)
	first, mock := row.Objects[0].(*widget.Button), row.Objects[1].(*widget.Button)
	if first.Text != i18n.T(i18n.EN, "home.app.practise") {
		t.Fatalf("English Home offers %q for an application with Korean questions", first.Text)
	}
	test.Tap(first)
	test.Tap(mock)
	if len(started) != 2 || started[0].Lang != store.Korean || started[1].Lang != store.Korean || !slices.Contains(own[0], started[0].IDs[0]) {
		t.Errorf("English Home practises %+v", started)
	}
}
