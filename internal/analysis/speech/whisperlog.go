//go:build whisper

package speech

/*
#include <stdio.h>
#include <whisper.h>

// whisper.cpp logs every buffer it allocates to stderr; keep only errors.
static void nm_whisper_log(enum ggml_log_level level, const char * text, void * user_data) {
	(void)user_data;
	if (level == GGML_LOG_LEVEL_ERROR) {
		fputs(text, stderr);
	}
}

static void nm_whisper_quiet(void) {
	whisper_log_set(nm_whisper_log, NULL);
}
*/
import "C"

func init() { C.nm_whisper_quiet() }
