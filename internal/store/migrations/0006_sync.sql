-- 0006: sync between laptops through a folder (docs/SYNC.md).
--
-- Synced data travels as entities: a setting, the profile, an interview,
-- a plan with its items, a question with its generation record, a practice
-- session with its questions, an answer with its transcript and report.
-- sync_entity gives each one a global id (gid) and remembers the clock
-- (hybrid logical clock and device) of its last change and the hash of
-- its content as last written or applied; deleted = 1 is a tombstone.
-- local_id is NULL once the local row is gone: a deletion not yet sent
-- while deleted = 0.
CREATE TABLE sync_entity (
    gid TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    local_id INTEGER,
    hash TEXT NOT NULL DEFAULT '',
    hlc INTEGER NOT NULL DEFAULT 0,
    device TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX sync_entity_local ON sync_entity(kind, local_id) WHERE local_id IS NOT NULL;
CREATE INDEX sync_entity_gone ON sync_entity(kind) WHERE local_id IS NULL AND deleted = 0;

-- sync_dirty: entities written since the last pass (kept by the triggers
-- below, whatever wrote them; an upsert, because a conflict clause such as
-- OR REPLACE in a trigger gives way to the statement's own, ABORT for a
-- foreign key's ON DELETE SET NULL). gen is the pass generation when the mark
-- was made: a pass clears only the marks older than its own start, so a
-- write during a pass is sent by the next one.
CREATE TABLE sync_dirty (
    kind TEXT NOT NULL,
    local_id INTEGER NOT NULL,
    gen INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, local_id)
) STRICT, WITHOUT ROWID;

-- sync_pending: other devices' changes that wait for something (the row
-- they belong to, or their recording) before they can be applied.
CREATE TABLE sync_pending (
    gid TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    device TEXT NOT NULL,
    body TEXT NOT NULL
) STRICT;

-- sync_state: this installation's sync bookkeeping (device id, clock, the
-- sequence numbers written and applied per device). Never synced.
CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;


CREATE TRIGGER sync_setting_ins AFTER INSERT ON setting BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('setting', NEW.rowid, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_setting_upd AFTER UPDATE ON setting BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('setting', NEW.rowid, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_setting_del AFTER DELETE ON setting BEGIN
    UPDATE sync_entity SET local_id = NULL WHERE kind = 'setting' AND local_id = OLD.rowid;
    DELETE FROM sync_dirty WHERE kind = 'setting' AND local_id = OLD.rowid;
END;

CREATE TRIGGER sync_profile_ins AFTER INSERT ON profile BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('profile', NEW.id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_profile_upd AFTER UPDATE ON profile BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('profile', NEW.id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_profile_del AFTER DELETE ON profile BEGIN
    UPDATE sync_entity SET local_id = NULL WHERE kind = 'profile' AND local_id = OLD.id;
    DELETE FROM sync_dirty WHERE kind = 'profile' AND local_id = OLD.id;
END;

CREATE TRIGGER sync_interview_ins AFTER INSERT ON interview BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('interview', NEW.id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_interview_upd AFTER UPDATE ON interview BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('interview', NEW.id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_interview_del AFTER DELETE ON interview BEGIN
    UPDATE sync_entity SET local_id = NULL WHERE kind = 'interview' AND local_id = OLD.id;
    DELETE FROM sync_dirty WHERE kind = 'interview' AND local_id = OLD.id;
END;

CREATE TRIGGER sync_plan_ins AFTER INSERT ON plan BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('plan', NEW.id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_plan_upd AFTER UPDATE ON plan BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('plan', NEW.id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_plan_del AFTER DELETE ON plan BEGIN
    UPDATE sync_entity SET local_id = NULL WHERE kind = 'plan' AND local_id = OLD.id;
    DELETE FROM sync_dirty WHERE kind = 'plan' AND local_id = OLD.id;
END;

CREATE TRIGGER sync_question_ins AFTER INSERT ON question BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('question', NEW.id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_question_upd AFTER UPDATE ON question BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('question', NEW.id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_question_del AFTER DELETE ON question BEGIN
    UPDATE sync_entity SET local_id = NULL WHERE kind = 'question' AND local_id = OLD.id;
    DELETE FROM sync_dirty WHERE kind = 'question' AND local_id = OLD.id;
END;

CREATE TRIGGER sync_practice_session_ins AFTER INSERT ON practice_session BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('session', NEW.id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_practice_session_upd AFTER UPDATE ON practice_session BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('session', NEW.id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_practice_session_del AFTER DELETE ON practice_session BEGIN
    UPDATE sync_entity SET local_id = NULL WHERE kind = 'session' AND local_id = OLD.id;
    DELETE FROM sync_dirty WHERE kind = 'session' AND local_id = OLD.id;
END;

CREATE TRIGGER sync_attempt_ins AFTER INSERT ON attempt BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('attempt', NEW.id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_attempt_upd AFTER UPDATE ON attempt BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('attempt', NEW.id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_attempt_del AFTER DELETE ON attempt BEGIN
    UPDATE sync_entity SET local_id = NULL WHERE kind = 'attempt' AND local_id = OLD.id;
    DELETE FROM sync_dirty WHERE kind = 'attempt' AND local_id = OLD.id;
END;

CREATE TRIGGER sync_plan_item_ins AFTER INSERT ON plan_item BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('plan', NEW.plan_id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_plan_item_upd AFTER UPDATE ON plan_item BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('plan', NEW.plan_id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_plan_item_del AFTER DELETE ON plan_item BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('plan', OLD.plan_id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;

CREATE TRIGGER sync_generated_question_ins AFTER INSERT ON generated_question BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('question', NEW.question_id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_generated_question_upd AFTER UPDATE ON generated_question BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('question', NEW.question_id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_generated_question_del AFTER DELETE ON generated_question BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('question', OLD.question_id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;

CREATE TRIGGER sync_session_question_ins AFTER INSERT ON session_question BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('session', NEW.session_id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_session_question_upd AFTER UPDATE ON session_question BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('session', NEW.session_id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_session_question_del AFTER DELETE ON session_question BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('session', OLD.session_id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;

CREATE TRIGGER sync_transcript_ins AFTER INSERT ON transcript BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('attempt', NEW.attempt_id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_transcript_upd AFTER UPDATE ON transcript BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('attempt', NEW.attempt_id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_transcript_del AFTER DELETE ON transcript BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('attempt', OLD.attempt_id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;

CREATE TRIGGER sync_feedback_ins AFTER INSERT ON feedback BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('attempt', NEW.attempt_id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_feedback_upd AFTER UPDATE ON feedback BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('attempt', NEW.attempt_id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER sync_feedback_del AFTER DELETE ON feedback BEGIN
    INSERT INTO sync_dirty(kind, local_id, gen) VALUES ('attempt', OLD.attempt_id, coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'gen'), 0))
        ON CONFLICT(kind, local_id) DO UPDATE SET gen = excluded.gen;
END;
