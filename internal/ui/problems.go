package ui

import (
	"context"
	"errors"
	"os"

	"nevermind/internal/appdata"
	"nevermind/internal/capture"
	"nevermind/internal/coach"
	"nevermind/internal/engines"
	"nevermind/internal/i18n"
	"nevermind/internal/media"
	"nevermind/internal/models"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// problems word the typed errors of the packages below the UI, in the
// user's language, with the way out in the app's own terms (a tab, a
// button), never a command line.
var problems = []struct {
	err error
	key string
}{
	{practice.ErrNoQuestions, "problem.noquestions"},
	{practice.ErrNoDevices, "problem.nodevices"},
	{practice.ErrBusy, "problem.busy"},
	{practice.ErrNoAnswer, "problem.noanswer"},
	{practice.ErrNotAnalysed, "records.notanalysed"},
	{practice.ErrBadDate, "plan.baddate"},
	{engines.ErrNoRuntime, "problem.engines"},
	{engines.ErrNotBuilt, "problem.nowhisper"},
	{models.ErrNoWhisperModel, "problem.nowhisper"},
	{models.ErrWhisperNotInstalled, "problem.nowhisper"},
	{coach.ErrNoDocuments, "profile.nodocs"},
	{coach.ErrNothingToAsk, "profile.nothing"},
	{coach.ErrTimeout, "llm.timeout"},
	{coach.ErrUnreachable, "llm.unreachable"},
	{coach.ErrJunk, "llm.junk"},
	{coach.ErrTooLarge, "llm.toolarge"},
	{coach.ErrModelNotFound, "llm.nomodel"},
	{coach.ErrRefused, "llm.refused"},
	{coach.ErrNoModels, "llm.nomodels"},
	{coach.ErrBadHost, "llm.badhost"},
	{models.ErrNetwork, "problem.network"},
	{models.ErrServer, "problem.server"},
	{models.ErrGone, "problem.server"},
	{models.ErrChecksum, "problem.checksum"},
	{models.ErrNotCatalogueModel, "settings.model.notofficial"},
	{capture.ErrNoMicrophone, "problem.nomic"},
	{capture.ErrNoCamera, "problem.nocamera"},
	{capture.ErrDiskFull, "export.problem.disk_full"},
	{appdata.ErrUnsafePath, "replay.notours"},
	{media.ErrNotWAV, "problem.badaudio"},
	{media.ErrCorrupt, "problem.badaudio"},
	{media.ErrUnsupported, "problem.badaudio"},
	{media.ErrEmpty, "problem.badaudio"},
	{store.ErrReadOnly, "start.readonly"},
	{store.ErrDamaged, "start.damaged"},
	{store.ErrNotFound, "problem.gone"},
	{context.Canceled, "problem.cancelled"},
	{context.DeadlineExceeded, "problem.timeout"},
	{os.ErrPermission, "problem.permission"},
}

// problemText is err in the user's language. An error nobody typed is
// said as "something unexpected happened", with its own words after it
// (English, as the libraries write them) for a bug report.
func problemText(lang i18n.Lang, err error) string {
	if err == nil {
		return ""
	}
	var me *engines.ModelError
	var nospace *models.NoSpaceError
	switch {
	case errors.As(err, &me):
		return i18n.T(lang, "problem.engines")
	case errors.As(err, &nospace), appdata.IsDiskFull(err):
		return i18n.T(lang, "export.problem.disk_full")
	}
	for _, p := range problems {
		if errors.Is(err, p.err) {
			return i18n.T(lang, p.key)
		}
	}
	if lang == i18n.EN {
		return err.Error()
	}
	return i18n.T(lang, "problem.unexpected") + " (" + err.Error() + ")"
}

// ErrLoading means the analysis engines are still loading (the app opens
// before they are ready).
var ErrLoading = errors.New("the analysis engines are still loading")

func init() {
	problems = append(problems, struct {
		err error
		key string
	}{ErrLoading, "practice.loading"})
}
