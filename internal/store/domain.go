package store

import (
	"nevermind/internal/i18n"
	"time"
)

// Language is a UI and speech language: "ko" or "en". It is i18n.Lang,
// so the store and the screens share one language type.
type Language = i18n.Lang

// The languages NEVER MIND speaks.
const (
	Korean  = i18n.KO
	English = i18n.EN
)

// PracticeType groups questions the way Korean interview prep does.
type PracticeType string

// The practice types of the built-in bank. Generated questions may use others.
const (
	TypeBasic       PracticeType = "basic"       // 기본/인성
	TypeJob         PracticeType = "job"         // 직무
	TypeSituational PracticeType = "situational" // 상황/압박
	TypeEnglish     PracticeType = "english"     // 영어 면접
)

// SessionInterview is the practice type of a mock interview's session
// (never a question's).
const SessionInterview PracticeType = "interview"

// PracticeTypes lists the bank's practice types in display order.
var PracticeTypes = []PracticeType{TypeBasic, TypeJob, TypeSituational, TypeEnglish}

// Origin says where a question came from.
type Origin string

// Question origins.
const (
	OriginBank      Origin = "bank"
	OriginUser      Origin = "user"
	OriginGenerated Origin = "generated"
)

// Profile is the one local user's preparation material.
type Profile struct {
	Name       string
	TargetRole string
	ResumeText string // 자기소개서 or resume, pasted
	JDText     string // job description, pasted
	Language   Language
	UpdatedAt  time.Time
}

// Interview is a real interview the user is preparing for; Date is the D-Day.
type Interview struct {
	ID        int64
	Company   string
	Role      string
	Date      string // YYYY-MM-DD
	Notes     string
	CreatedAt time.Time
	// An interview is an application (지원 건): the job description and
	// the version of the 자기소개서 used for it.
	ResumeText, JDText string
}

// Plan is a D-Day practice routine for one interview.
type Plan struct {
	ID          int64
	InterviewID int64
	StartDate   string
	EndDate     string
	CreatedAt   time.Time
	Items       []PlanItem
}

// PlanItem is one task of a plan on one day.
type PlanItem struct {
	ID           int64
	Day          string // YYYY-MM-DD
	Position     int
	Kind         string
	PracticeType PracticeType
	TargetMetric string
	Title        string
	DoneAt       *time.Time
}

// Question is one practisable question.
type Question struct {
	ID           int64
	BankKey      string // set for built-in questions only
	Origin       Origin
	PracticeType PracticeType
	Category     string
	Language     Language
	Text         string
	Tip          string
	Edited       bool // a built-in question the user changed
	Hidden       bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// GeneratedSource says what a generated question was derived from.
type GeneratedSource string

// Sources of generated questions.
const (
	FromResume   GeneratedSource = "resume"
	FromJD       GeneratedSource = "jd"
	FromFollowUp GeneratedSource = "followup"
)

// Generation describes how the coach produced a question.
type Generation struct {
	Source           GeneratedSource
	Model            string
	ParentQuestionID int64 // 0 when none
	Rationale        string
	Difficulty       int
	ApplicationID    int64 // the application (interview) it was written for; 0 for none
}

// Session is one practice session.
type Session struct {
	ID           int64
	PracticeType PracticeType
	InterviewID  int64 // 0 when not tied to an interview
	StartedAt    time.Time
	EndedAt      *time.Time
}

// SessionQuestion is a question placed in a session at a position.
type SessionQuestion struct {
	ID         int64
	SessionID  int64
	QuestionID int64
	Position   int
}

// AttemptStatus is where an attempt is in its life.
type AttemptStatus string

// Attempt statuses.
const (
	AttemptRecording   AttemptStatus = "recording"
	AttemptRecorded    AttemptStatus = "recorded"
	AttemptAnalyzed    AttemptStatus = "analyzed"
	AttemptInterrupted AttemptStatus = "interrupted"
	AttemptFailed      AttemptStatus = "failed"
)

// Attempt is one recorded answer. Media paths are relative to the data folder.
type Attempt struct {
	ID                int64
	SessionQuestionID int64
	StartedAt         time.Time
	Duration          time.Duration
	Status            AttemptStatus
	AudioPath         string
	VideoPath         string
}

// Transcript is the recognised text of an attempt.
type Transcript struct {
	AttemptID int64
	Language  Language
	Engine    string
	Model     string
	Text      string
	Segments  []Segment
	CreatedAt time.Time
}

// Segment is a stretch of transcript with times from the start of the attempt.
type Segment struct {
	Start, End time.Duration
	Text       string
	Words      []Word
}

// Word is one recognised word or token with its times.
type Word struct {
	Start, End  time.Duration
	Text        string
	Probability float64
}

// Severity ranks a finding.
type Severity string

// Finding severities.
const (
	SeverityInfo  Severity = "info"
	SeverityMinor Severity = "minor"
	SeverityMajor Severity = "major"
)

// Score is one dimension's 0-100 score. Score is nil when the dimension was
// not measured (absent), which is different from a low score.
type Score struct {
	Dimension string
	Score     *float64
	Reason    string
}

// Finding is a timestamped observation with advice, in Korean and English.
type Finding struct {
	Dimension  string
	Severity   Severity
	Code       string
	At         time.Duration
	End        *time.Duration
	Message    i18n.Text
	Suggestion i18n.Text
}

// Feedback is the report of one attempt. MetricsJSON is a JSON document that
// carries its own "schema_version"; Metrics holds the flat values that record
// queries chart over time.
type Feedback struct {
	AttemptID     int64
	ReportVersion int
	MetricsJSON   string
	Metrics       map[string]float64
	Scores        []Score
	Findings      []Finding
	Summary       i18n.Text
	CreatedAt     time.Time
}
