package cloudsync

import (
	"bytes"
	"testing"

	"nevermind/internal/store"
)

// FuzzChangeFile feeds hostile change documents (as they are once
// decrypted and unpacked) to the parser and to import's checks of every
// change: nothing may panic, and a change that passes the checks has a
// known kind, a well-formed id and clock, and only its kind's tables.
func FuzzChangeFile(f *testing.F) {
	f.Add([]byte(`{"format":"nevermind-sync","version":1,"device":"00112233445566778899aabbccddeeff","seq":1,"schema_version":6,"changes":[{"kind":"interview","gid":"abcdefghijklmnopqrstuvwxyz","op":"put","hlc":123456789,"device":"00112233445566778899aabbccddeeff","rows":{"interview":[{"company":"한빛페이","date":"2027-01-05","created_at":"2026-12-01T00:00:00Z","role":"","notes":"","resume_text":"","jd_text":""}]}}]}`))
	f.Add([]byte(`{"changes":[{"kind":"attempt","gid":"abcdefghijklmnopqrstuvwxyz","op":"put","hlc":1,"device":"00112233445566778899aabbccddeeff","media":{"audio_path":"00"},"rows":{"attempt":[{"session_question_id":"abcdefghijklmnopqrstuvwxyz/1","started_at":"2026-12-01T00:00:00Z","status":"analyzed","audio_path":"media/a.weba","video_path":"","duration_ms":1}],"transcript_segment":[{"seq":0,"start_ms":0,"end_ms":1,"text":"a"}],"transcript_word":[{"segment_id":1,"seq":0,"start_ms":0,"end_ms":1,"text":"a","probability":0.5}]}}]}`))
	f.Add([]byte(`{"changes":[{"kind":"setting","gid":"setting.ui.language","op":"put","hlc":1,"device":"00112233445566778899aabbccddeeff","rows":{"setting":[{"key":"ui.language","value":"\"ko\""}]}},{"kind":"question","gid":"bank.x","op":"del","hlc":2,"device":"00112233445566778899aabbccddeeff"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := parse(bytes.NewReader(data))
		if err != nil {
			return
		}
		for i := range doc.Changes {
			c := doc.Changes[i]
			keep, err := store.CheckSyncChange(&c)
			if err != nil || !keep {
				continue
			}
			if c.HLC <= 0 || c.HLC > store.MaxSyncHLC() || (c.Op != store.OpPut && c.Op != store.OpDel) {
				t.Fatalf("accepted %+v", c)
			}
			if c.Op == store.OpDel && c.Rows != nil {
				t.Fatalf("accepted a deletion with rows: %+v", c)
			}
		}
	})
}
