-- History at scale: the records, the trends and the plan read aggregates
-- through indexes instead of loading every attempt.

-- Newest attempts first, and attempts of a day.
CREATE INDEX attempt_started ON attempt(started_at, id);

-- Each score and metric carries its attempt's start time (kept by the
-- triggers below when a writer leaves it out, never exported), so a trend is the newest N entries of
-- one covering index whatever the size of the history.
ALTER TABLE feedback_score ADD COLUMN at TEXT NOT NULL DEFAULT '';
ALTER TABLE feedback_metric ADD COLUMN at TEXT NOT NULL DEFAULT '';
UPDATE feedback_score SET at = (SELECT a.started_at FROM attempt a WHERE a.id = feedback_score.attempt_id);
UPDATE feedback_metric SET at = (SELECT a.started_at FROM attempt a WHERE a.id = feedback_metric.attempt_id);
DROP INDEX feedback_metric_name;
CREATE INDEX feedback_metric_series ON feedback_metric(name, at, attempt_id, value);
CREATE INDEX feedback_score_series ON feedback_score(dimension, at, attempt_id, score);

CREATE TRIGGER feedback_score_at AFTER INSERT ON feedback_score WHEN NEW.at = '' BEGIN
    UPDATE feedback_score SET at = (SELECT a.started_at FROM attempt a WHERE a.id = NEW.attempt_id)
        WHERE attempt_id = NEW.attempt_id AND dimension = NEW.dimension;
END;
CREATE TRIGGER feedback_metric_at AFTER INSERT ON feedback_metric WHEN NEW.at = '' BEGIN
    UPDATE feedback_metric SET at = (SELECT a.started_at FROM attempt a WHERE a.id = NEW.attempt_id)
        WHERE attempt_id = NEW.attempt_id AND name = NEW.name;
END;
CREATE TRIGGER attempt_started_at AFTER UPDATE OF started_at ON attempt BEGIN
    UPDATE feedback_score SET at = NEW.started_at WHERE attempt_id = NEW.id;
    UPDATE feedback_metric SET at = NEW.started_at WHERE attempt_id = NEW.id;
END;

-- Start-up recovery looks for the answers still marked recording.
CREATE INDEX attempt_status ON attempt(status);

-- Derived tables, kept by triggers whoever writes (the app, an import, a
-- migration) and never exported: the days practised, as UTC quarter hours
-- with answers (so any time zone reads its own calendar days from a few
-- thousand rows a year), and each question's count and newest answer.
CREATE TABLE practice_slot (
    slot TEXT PRIMARY KEY, -- YYYY-MM-DDTHH:MM, UTC, floored to 15 minutes
    answers INTEGER NOT NULL CHECK (answers > 0)
) STRICT, WITHOUT ROWID;

CREATE TABLE question_stat (
    question_id INTEGER PRIMARY KEY REFERENCES question(id) ON DELETE CASCADE,
    attempts INTEGER NOT NULL CHECK (attempts > 0),
    last_attempt_id INTEGER NOT NULL,
    last_at TEXT NOT NULL
) STRICT;

INSERT INTO practice_slot(slot, answers)
    SELECT substr(started_at, 1, 14) || printf('%02d', CAST(substr(started_at, 15, 2) AS INTEGER) / 15 * 15), count(*)
    FROM attempt GROUP BY 1;

INSERT INTO question_stat(question_id, attempts, last_attempt_id, last_at)
    SELECT sq.question_id, count(*), a.id, max(a.started_at)
    FROM session_question sq JOIN attempt a ON a.session_question_id = sq.id GROUP BY sq.question_id;

CREATE TRIGGER attempt_added AFTER INSERT ON attempt BEGIN
    INSERT INTO practice_slot(slot, answers)
        VALUES (substr(NEW.started_at, 1, 14) || printf('%02d', CAST(substr(NEW.started_at, 15, 2) AS INTEGER) / 15 * 15), 1)
        ON CONFLICT(slot) DO UPDATE SET answers = answers + 1;
    INSERT INTO question_stat(question_id, attempts, last_attempt_id, last_at)
        SELECT question_id, 1, NEW.id, NEW.started_at FROM session_question WHERE id = NEW.session_question_id
        ON CONFLICT(question_id) DO UPDATE SET attempts = attempts + 1,
            last_attempt_id = CASE WHEN excluded.last_at > last_at OR (excluded.last_at = last_at AND excluded.last_attempt_id > last_attempt_id)
                THEN excluded.last_attempt_id ELSE last_attempt_id END,
            last_at = max(last_at, excluded.last_at);
END;

CREATE TRIGGER attempt_removed AFTER DELETE ON attempt BEGIN
    DELETE FROM practice_slot WHERE answers = 1
        AND slot = substr(OLD.started_at, 1, 14) || printf('%02d', CAST(substr(OLD.started_at, 15, 2) AS INTEGER) / 15 * 15);
    UPDATE practice_slot SET answers = answers - 1
        WHERE slot = substr(OLD.started_at, 1, 14) || printf('%02d', CAST(substr(OLD.started_at, 15, 2) AS INTEGER) / 15 * 15);
END;

-- One answer deleted (its question's place in the session stays): count
-- it out, and when it was the newest the next newest takes its place. An
-- answer deleted with its session is counted out by the trigger below,
-- which runs while the session's rows are still there.
CREATE TRIGGER attempt_removed_stat AFTER DELETE ON attempt
    WHEN EXISTS (SELECT 1 FROM session_question WHERE id = OLD.session_question_id) BEGIN
    DELETE FROM question_stat WHERE attempts = 1 AND question_id = (SELECT question_id FROM session_question WHERE id = OLD.session_question_id);
    UPDATE question_stat SET attempts = attempts - 1 WHERE question_id = (SELECT question_id FROM session_question WHERE id = OLD.session_question_id);
    UPDATE question_stat SET (last_attempt_id, last_at) = (SELECT a.id, a.started_at FROM attempt a JOIN session_question sq ON sq.id = a.session_question_id
            WHERE sq.question_id = question_stat.question_id ORDER BY a.started_at DESC, a.id DESC LIMIT 1)
        WHERE question_id = (SELECT question_id FROM session_question WHERE id = OLD.session_question_id) AND last_attempt_id = OLD.id;
END;

CREATE TRIGGER session_question_removed BEFORE DELETE ON session_question BEGIN
    DELETE FROM question_stat WHERE question_id = OLD.question_id
        AND attempts <= (SELECT count(*) FROM attempt WHERE session_question_id = OLD.id);
    UPDATE question_stat SET attempts = attempts - (SELECT count(*) FROM attempt WHERE session_question_id = OLD.id)
        WHERE question_id = OLD.question_id;
    UPDATE question_stat SET (last_attempt_id, last_at) = (SELECT a.id, a.started_at FROM attempt a JOIN session_question sq ON sq.id = a.session_question_id
            WHERE sq.question_id = OLD.question_id AND sq.id != OLD.id ORDER BY a.started_at DESC, a.id DESC LIMIT 1)
        WHERE question_id = OLD.question_id AND last_attempt_id IN (SELECT id FROM attempt WHERE session_question_id = OLD.id);
END;
