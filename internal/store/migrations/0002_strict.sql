-- 0002: every table STRICT, so a value of the wrong type (text in a number
-- column, a number in a text column) is refused by SQLite itself, plus checks
-- that times and dates have their shape and that recording paths stay under
-- media/. The tables are rebuilt the way SQLite documents (create, copy,
-- drop, rename) with foreign keys off; the runner checks them before commit.
-- Values stored by an earlier version are cast to their column's type on the
-- way; a time or date that does not have its shape (only a hand-crafted
-- import could have stored one) becomes 1970-01-01, and a recording path
-- outside media/ becomes empty.

CREATE TABLE new_setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
INSERT INTO new_setting (key, value)
    SELECT CAST(key AS TEXT),
        CAST(value AS TEXT)
    FROM setting;
DROP TABLE setting;
ALTER TABLE new_setting RENAME TO setting;

CREATE TABLE new_profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL DEFAULT '',
    target_role TEXT NOT NULL DEFAULT '',
    resume_text TEXT NOT NULL DEFAULT '',
    jd_text TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT 'ko' CHECK (language IN ('ko', 'en')),
    updated_at TEXT NOT NULL CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*')
) STRICT;
INSERT INTO new_profile (id, name, target_role, resume_text, jd_text, language, updated_at)
    SELECT CAST(id AS INTEGER),
        CAST(name AS TEXT),
        CAST(target_role AS TEXT),
        CAST(resume_text AS TEXT),
        CAST(jd_text AS TEXT),
        CAST(language AS TEXT),
        CASE WHEN CAST(updated_at AS TEXT) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' THEN CAST(updated_at AS TEXT) ELSE '1970-01-01T00:00:00Z' END
    FROM profile;
DROP TABLE profile;
ALTER TABLE new_profile RENAME TO profile;

CREATE TABLE new_interview (
    id INTEGER PRIMARY KEY,
    company TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*')
) STRICT;
INSERT INTO new_interview (id, company, role, date, notes, created_at)
    SELECT CAST(id AS INTEGER),
        CAST(company AS TEXT),
        CAST(role AS TEXT),
        CASE WHEN CAST(date AS TEXT) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN CAST(date AS TEXT) ELSE '1970-01-01' END,
        CAST(notes AS TEXT),
        CASE WHEN CAST(created_at AS TEXT) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' THEN CAST(created_at AS TEXT) ELSE '1970-01-01T00:00:00Z' END
    FROM interview;
DROP TABLE interview;
ALTER TABLE new_interview RENAME TO interview;

CREATE TABLE new_plan (
    id INTEGER PRIMARY KEY,
    interview_id INTEGER NOT NULL REFERENCES interview(id) ON DELETE CASCADE,
    start_date TEXT NOT NULL CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    end_date TEXT NOT NULL CHECK (end_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*')
) STRICT;
INSERT INTO new_plan (id, interview_id, start_date, end_date, created_at)
    SELECT CAST(id AS INTEGER),
        CAST(interview_id AS INTEGER),
        CASE WHEN CAST(start_date AS TEXT) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN CAST(start_date AS TEXT) ELSE '1970-01-01' END,
        CASE WHEN CAST(end_date AS TEXT) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN CAST(end_date AS TEXT) ELSE '1970-01-01' END,
        CASE WHEN CAST(created_at AS TEXT) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' THEN CAST(created_at AS TEXT) ELSE '1970-01-01T00:00:00Z' END
    FROM plan;
DROP TABLE plan;
ALTER TABLE new_plan RENAME TO plan;
CREATE INDEX plan_interview ON plan(interview_id);

CREATE TABLE new_plan_item (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    practice_type TEXT NOT NULL DEFAULT '',
    target_metric TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    done_at TEXT CHECK (done_at IS NULL OR done_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*'),
    UNIQUE (plan_id, day, position)
) STRICT;
INSERT INTO new_plan_item (id, plan_id, day, position, kind, practice_type, target_metric, title, done_at)
    SELECT CAST(id AS INTEGER),
        CAST(plan_id AS INTEGER),
        CASE WHEN CAST(day AS TEXT) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN CAST(day AS TEXT) ELSE '1970-01-01' END,
        CAST(position AS INTEGER),
        CAST(kind AS TEXT),
        CAST(practice_type AS TEXT),
        CAST(target_metric AS TEXT),
        CAST(title AS TEXT),
        CASE WHEN done_at IS NULL THEN NULL WHEN CAST(done_at AS TEXT) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' THEN CAST(done_at AS TEXT) ELSE '1970-01-01T00:00:00Z' END
    FROM plan_item;
DROP TABLE plan_item;
ALTER TABLE new_plan_item RENAME TO plan_item;

CREATE TABLE new_question (
    id INTEGER PRIMARY KEY,
    bank_key TEXT UNIQUE,
    origin TEXT NOT NULL CHECK (origin IN ('bank', 'user', 'generated')),
    practice_type TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL CHECK (language IN ('ko', 'en')),
    text TEXT NOT NULL CHECK (length(trim(text)) > 0),
    tip TEXT NOT NULL DEFAULT '',
    edited INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1)),
    hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*'),
    updated_at TEXT NOT NULL CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*'),
    CHECK ((origin = 'bank') = (bank_key IS NOT NULL))
) STRICT;
INSERT INTO new_question (id, bank_key, origin, practice_type, category, language, text, tip, edited, hidden, created_at, updated_at)
    SELECT CAST(id AS INTEGER),
        CAST(bank_key AS TEXT),
        CAST(origin AS TEXT),
        CAST(practice_type AS TEXT),
        CAST(category AS TEXT),
        CAST(language AS TEXT),
        CAST(text AS TEXT),
        CAST(tip AS TEXT),
        CAST(edited AS INTEGER),
        CAST(hidden AS INTEGER),
        CASE WHEN CAST(created_at AS TEXT) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' THEN CAST(created_at AS TEXT) ELSE '1970-01-01T00:00:00Z' END,
        CASE WHEN CAST(updated_at AS TEXT) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' THEN CAST(updated_at AS TEXT) ELSE '1970-01-01T00:00:00Z' END
    FROM question;
DROP TABLE question;
ALTER TABLE new_question RENAME TO question;
CREATE INDEX question_type_lang ON question(practice_type, language);

CREATE TABLE new_generated_question (
    question_id INTEGER PRIMARY KEY REFERENCES question(id) ON DELETE CASCADE,
    source TEXT NOT NULL CHECK (source IN ('resume', 'jd', 'followup')),
    model TEXT NOT NULL,
    parent_question_id INTEGER REFERENCES question(id) ON DELETE SET NULL,
    rationale TEXT NOT NULL DEFAULT '',
    difficulty INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO new_generated_question (question_id, source, model, parent_question_id, rationale, difficulty)
    SELECT CAST(question_id AS INTEGER),
        CAST(source AS TEXT),
        CAST(model AS TEXT),
        CAST(parent_question_id AS INTEGER),
        CAST(rationale AS TEXT),
        CAST(difficulty AS INTEGER)
    FROM generated_question;
DROP TABLE generated_question;
ALTER TABLE new_generated_question RENAME TO generated_question;

CREATE TABLE new_practice_session (
    id INTEGER PRIMARY KEY,
    practice_type TEXT NOT NULL,
    interview_id INTEGER REFERENCES interview(id) ON DELETE SET NULL,
    started_at TEXT NOT NULL CHECK (started_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*'),
    ended_at TEXT CHECK (ended_at IS NULL OR ended_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*')
) STRICT;
INSERT INTO new_practice_session (id, practice_type, interview_id, started_at, ended_at)
    SELECT CAST(id AS INTEGER),
        CAST(practice_type AS TEXT),
        CAST(interview_id AS INTEGER),
        CASE WHEN CAST(started_at AS TEXT) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' THEN CAST(started_at AS TEXT) ELSE '1970-01-01T00:00:00Z' END,
        CASE WHEN ended_at IS NULL THEN NULL WHEN CAST(ended_at AS TEXT) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' THEN CAST(ended_at AS TEXT) ELSE '1970-01-01T00:00:00Z' END
    FROM practice_session;
DROP TABLE practice_session;
ALTER TABLE new_practice_session RENAME TO practice_session;

CREATE TABLE new_session_question (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES practice_session(id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL REFERENCES question(id) ON DELETE RESTRICT,
    position INTEGER NOT NULL,
    UNIQUE (session_id, position)
) STRICT;
INSERT INTO new_session_question (id, session_id, question_id, position)
    SELECT CAST(id AS INTEGER),
        CAST(session_id AS INTEGER),
        CAST(question_id AS INTEGER),
        CAST(position AS INTEGER)
    FROM session_question;
DROP TABLE session_question;
ALTER TABLE new_session_question RENAME TO session_question;
CREATE INDEX session_question_question ON session_question(question_id);

CREATE TABLE new_attempt (
    id INTEGER PRIMARY KEY,
    session_question_id INTEGER NOT NULL REFERENCES session_question(id) ON DELETE CASCADE,
    started_at TEXT NOT NULL CHECK (started_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*'),
    duration_ms INTEGER NOT NULL DEFAULT 0 CHECK (duration_ms >= 0),
    status TEXT NOT NULL CHECK (status IN ('recording', 'recorded', 'analyzed', 'interrupted', 'failed')),
    audio_path TEXT NOT NULL DEFAULT '' CHECK (audio_path = '' OR (substr(audio_path, 1, 6) = 'media/' AND instr(audio_path, '/.') = 0 AND instr(audio_path, char(92)) = 0 AND instr(audio_path, ':') = 0)),
    video_path TEXT NOT NULL DEFAULT '' CHECK (video_path = '' OR (substr(video_path, 1, 6) = 'media/' AND instr(video_path, '/.') = 0 AND instr(video_path, char(92)) = 0 AND instr(video_path, ':') = 0))
) STRICT;
INSERT INTO new_attempt (id, session_question_id, started_at, duration_ms, status, audio_path, video_path)
    SELECT CAST(id AS INTEGER),
        CAST(session_question_id AS INTEGER),
        CASE WHEN CAST(started_at AS TEXT) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' THEN CAST(started_at AS TEXT) ELSE '1970-01-01T00:00:00Z' END,
        max(0, CAST(duration_ms AS INTEGER)),
        CAST(status AS TEXT),
        CASE WHEN (CAST(audio_path AS TEXT) = '' OR (substr(CAST(audio_path AS TEXT), 1, 6) = 'media/' AND instr(CAST(audio_path AS TEXT), '/.') = 0 AND instr(CAST(audio_path AS TEXT), char(92)) = 0 AND instr(CAST(audio_path AS TEXT), ':') = 0)) THEN CAST(audio_path AS TEXT) ELSE '' END,
        CASE WHEN (CAST(video_path AS TEXT) = '' OR (substr(CAST(video_path AS TEXT), 1, 6) = 'media/' AND instr(CAST(video_path AS TEXT), '/.') = 0 AND instr(CAST(video_path AS TEXT), char(92)) = 0 AND instr(CAST(video_path AS TEXT), ':') = 0)) THEN CAST(video_path AS TEXT) ELSE '' END
    FROM attempt;
DROP TABLE attempt;
ALTER TABLE new_attempt RENAME TO attempt;
CREATE INDEX attempt_session_question ON attempt(session_question_id);

CREATE TABLE new_transcript (
    attempt_id INTEGER PRIMARY KEY REFERENCES attempt(id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    engine TEXT NOT NULL,
    model TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*')
) STRICT;
INSERT INTO new_transcript (attempt_id, language, engine, model, text, created_at)
    SELECT CAST(attempt_id AS INTEGER),
        CAST(language AS TEXT),
        CAST(engine AS TEXT),
        CAST(model AS TEXT),
        CAST(text AS TEXT),
        CASE WHEN CAST(created_at AS TEXT) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' THEN CAST(created_at AS TEXT) ELSE '1970-01-01T00:00:00Z' END
    FROM transcript;
DROP TABLE transcript;
ALTER TABLE new_transcript RENAME TO transcript;

CREATE TABLE new_transcript_segment (
    id INTEGER PRIMARY KEY,
    attempt_id INTEGER NOT NULL REFERENCES transcript(attempt_id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start_ms INTEGER NOT NULL,
    end_ms INTEGER NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (attempt_id, seq)
) STRICT;
INSERT INTO new_transcript_segment (id, attempt_id, seq, start_ms, end_ms, text)
    SELECT CAST(id AS INTEGER),
        CAST(attempt_id AS INTEGER),
        CAST(seq AS INTEGER),
        CAST(start_ms AS INTEGER),
        CAST(end_ms AS INTEGER),
        CAST(text AS TEXT)
    FROM transcript_segment;
DROP TABLE transcript_segment;
ALTER TABLE new_transcript_segment RENAME TO transcript_segment;

CREATE TABLE new_transcript_word (
    id INTEGER PRIMARY KEY,
    segment_id INTEGER NOT NULL REFERENCES transcript_segment(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start_ms INTEGER NOT NULL,
    end_ms INTEGER NOT NULL,
    text TEXT NOT NULL,
    probability REAL NOT NULL DEFAULT 0,
    UNIQUE (segment_id, seq)
) STRICT;
INSERT INTO new_transcript_word (id, segment_id, seq, start_ms, end_ms, text, probability)
    SELECT CAST(id AS INTEGER),
        CAST(segment_id AS INTEGER),
        CAST(seq AS INTEGER),
        CAST(start_ms AS INTEGER),
        CAST(end_ms AS INTEGER),
        CAST(text AS TEXT),
        CAST(probability AS REAL)
    FROM transcript_word;
DROP TABLE transcript_word;
ALTER TABLE new_transcript_word RENAME TO transcript_word;

CREATE TABLE new_feedback (
    attempt_id INTEGER PRIMARY KEY REFERENCES attempt(id) ON DELETE CASCADE,
    report_version INTEGER NOT NULL,
    metrics_json TEXT NOT NULL CHECK (json_valid(metrics_json)),
    summary_ko TEXT NOT NULL DEFAULT '',
    summary_en TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*')
) STRICT;
INSERT INTO new_feedback (attempt_id, report_version, metrics_json, summary_ko, summary_en, created_at)
    SELECT CAST(attempt_id AS INTEGER),
        CAST(report_version AS INTEGER),
        CAST(metrics_json AS TEXT),
        CAST(summary_ko AS TEXT),
        CAST(summary_en AS TEXT),
        CASE WHEN CAST(created_at AS TEXT) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' THEN CAST(created_at AS TEXT) ELSE '1970-01-01T00:00:00Z' END
    FROM feedback;
DROP TABLE feedback;
ALTER TABLE new_feedback RENAME TO feedback;

CREATE TABLE new_feedback_score (
    attempt_id INTEGER NOT NULL REFERENCES feedback(attempt_id) ON DELETE CASCADE,
    dimension TEXT NOT NULL,
    score REAL CHECK (score IS NULL OR (score >= 0 AND score <= 100)),
    reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (attempt_id, dimension)
) STRICT;
INSERT INTO new_feedback_score (attempt_id, dimension, score, reason)
    SELECT CAST(attempt_id AS INTEGER),
        CAST(dimension AS TEXT),
        CAST(score AS REAL),
        CAST(reason AS TEXT)
    FROM feedback_score;
DROP TABLE feedback_score;
ALTER TABLE new_feedback_score RENAME TO feedback_score;

CREATE TABLE new_feedback_metric (
    attempt_id INTEGER NOT NULL REFERENCES feedback(attempt_id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (attempt_id, name)
) STRICT;
INSERT INTO new_feedback_metric (attempt_id, name, value)
    SELECT CAST(attempt_id AS INTEGER),
        CAST(name AS TEXT),
        CAST(value AS REAL)
    FROM feedback_metric;
DROP TABLE feedback_metric;
ALTER TABLE new_feedback_metric RENAME TO feedback_metric;
CREATE INDEX feedback_metric_name ON feedback_metric(name);

CREATE TABLE new_finding (
    id INTEGER PRIMARY KEY,
    attempt_id INTEGER NOT NULL REFERENCES feedback(attempt_id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    dimension TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('info', 'minor', 'major')),
    code TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    end_ms INTEGER,
    message_ko TEXT NOT NULL,
    message_en TEXT NOT NULL,
    suggestion_ko TEXT NOT NULL DEFAULT '',
    suggestion_en TEXT NOT NULL DEFAULT '',
    UNIQUE (attempt_id, seq)
) STRICT;
INSERT INTO new_finding (id, attempt_id, seq, dimension, severity, code, at_ms, end_ms, message_ko, message_en, suggestion_ko, suggestion_en)
    SELECT CAST(id AS INTEGER),
        CAST(attempt_id AS INTEGER),
        CAST(seq AS INTEGER),
        CAST(dimension AS TEXT),
        CAST(severity AS TEXT),
        CAST(code AS TEXT),
        CAST(at_ms AS INTEGER),
        CAST(end_ms AS INTEGER),
        CAST(message_ko AS TEXT),
        CAST(message_en AS TEXT),
        CAST(suggestion_ko AS TEXT),
        CAST(suggestion_en AS TEXT)
    FROM finding;
DROP TABLE finding;
ALTER TABLE new_finding RENAME TO finding;
