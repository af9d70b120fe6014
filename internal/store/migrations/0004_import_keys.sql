-- An import looks each row up by its natural key before adding it (see
-- tableSpec in snapshot.go); these are the keys no other index covers, so
-- that an import is linear in its rows instead of quadratic.
CREATE INDEX interview_key ON interview(company, date);
CREATE INDEX question_key ON question(origin, language, text);
CREATE INDEX practice_session_key ON practice_session(started_at, practice_type);

-- Deleting an answer checks that no other answer uses its recordings.
CREATE INDEX attempt_audio ON attempt(audio_path);
CREATE INDEX attempt_video ON attempt(video_path);
