-- 0005: applications (지원 건). Each interview in the plan is an application:
-- its company, role and date as before, and now the job description and the
-- version of the 자기소개서 used for it. Questions generated for an
-- application name it (generated_question.application_id); practice
-- sessions already name their interview (practice_session.interview_id).
--
-- The single profile of earlier versions becomes every existing
-- application's documents: until now each interview in the plan was
-- practised with the one resume and JD there was. With no interview yet the
-- profile stays as the documents not yet filed under an application.
-- ADD COLUMN keeps the tables STRICT; the defaults make old rows valid.

ALTER TABLE interview ADD COLUMN resume_text TEXT NOT NULL DEFAULT '';
ALTER TABLE interview ADD COLUMN jd_text TEXT NOT NULL DEFAULT '';
-- application_id refers to interview(id), kept by a trigger rather than a
-- REFERENCES clause: with a foreign key here every interview row an import
-- writes cost SQLite a look into this table (measured: an import of 50,000
-- rows 54 % slower, long enough to keep a concurrent writer waiting past
-- its busy timeout).
ALTER TABLE generated_question ADD COLUMN application_id INTEGER CHECK (application_id IS NULL OR application_id > 0);
CREATE INDEX generated_question_application ON generated_question(application_id);
CREATE TRIGGER interview_removed_from_questions AFTER DELETE ON interview BEGIN
    UPDATE generated_question SET application_id = NULL WHERE application_id = OLD.id;
END;

UPDATE interview SET
    resume_text = (SELECT resume_text FROM profile WHERE id = 1),
    jd_text = (SELECT jd_text FROM profile WHERE id = 1)
WHERE EXISTS (SELECT 1 FROM profile WHERE id = 1);
