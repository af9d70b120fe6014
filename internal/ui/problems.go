package ui

import (
	"context"
	"errors"
	"fmt"
	"os"

	"nevermind/internal/appdata"
	"nevermind/internal/capture"
	"nevermind/internal/cloudsync"
	"nevermind/internal/coach"
	"nevermind/internal/document"
	"nevermind/internal/engines"
	"nevermind/internal/export"
	"nevermind/internal/i18n"
	"nevermind/internal/media"
	"nevermind/internal/media/video"
	"nevermind/internal/models"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// problem is one row of the app's one table of typed errors: a sentinel
// (matched with errors.Is) or an error type (matched with errors.As),
// and the text that words it in the user's language, with the way out in
// the app's own terms (a tab, a button), never a command line.
type problem struct {
	err error            // a sentinel
	is  func(error) bool // or a test for an error type
	key string
}

// isA matches an error of type T anywhere in a chain.
func isA[T error](err error) bool {
	var t T
	return errors.As(err, &t)
}

// problems is the table; the first row that matches words the error.
// Types come first: an error of one may also wrap a sentinel below.
var problems = []problem{
	{is: isA[*engines.ModelError], key: "problem.engines"},
	{is: isA[*engines.WhisperError], key: "problem.nowhisper"},
	{is: isA[*models.NoSpaceError], key: "export.problem.disk_full"},
	{is: isA[*coach.NoSpaceError], key: "settings.llm.problem.nospace"},
	{is: isA[*coach.PullError], key: "settings.llm.problem.pullfailed"},
	{is: appdata.IsDiskFull, key: "export.problem.disk_full"},
	{err: practice.ErrLoading, key: "practice.loading"},
	{err: cloudsync.ErrWrongPassphrase, key: "sync.problem.passphrase"},
	{err: cloudsync.ErrNoFolder, key: "sync.problem.nofolder"},
	{err: cloudsync.ErrNewerFolder, key: "sync.problem.newer"},
	{err: cloudsync.ErrNeedPassphrase, key: "sync.problem.needpass"},
	{err: cloudsync.ErrBusy, key: "sync.problem.busy"},
	{err: cloudsync.ErrKeyChanged, key: "sync.problem.keychanged"},
	{err: practice.ErrNoQuestions, key: "problem.noquestions"},
	{err: practice.ErrNoDevices, key: "problem.nodevices"},
	{err: practice.ErrBusy, key: "problem.busy"},
	{err: practice.ErrNoAnswer, key: "problem.noanswer"},
	{err: practice.ErrNotAnalyzed, key: "records.notanalysed"},
	{err: practice.ErrBadDate, key: "plan.baddate.any"},
	{err: practice.ErrNotSameQuestion, key: "compare.notsame"},
	{err: engines.ErrNoRuntime, key: "problem.engines"},
	{err: engines.ErrNotBuilt, key: "problem.nowhisper"},
	{err: models.ErrNoWhisperModel, key: "problem.nowhisper"},
	{err: models.ErrWhisperNotInstalled, key: "problem.nowhisper"},
	{err: document.ErrEncrypted, key: "doc.problem.encrypted"},
	{err: document.ErrDistribution, key: "doc.problem.distribution"},
	{err: document.ErrNoTextLayer, key: "doc.problem.scan"},
	{err: document.ErrTooLarge, key: "doc.problem.toolarge"},
	{err: document.ErrNotDocument, key: "doc.problem.notdoc"},
	{err: document.ErrEmpty, key: "doc.problem.empty"},
	{err: coach.ErrNoDocuments, key: "profile.nodocs"},
	{err: coach.ErrNothingToAsk, key: "profile.nothing"},
	{err: coach.ErrNoLLM, key: "llm.none"},
	{err: coach.ErrTimeout, key: "llm.timeout"},
	{err: coach.ErrUnreachable, key: "llm.unreachable"},
	{err: coach.ErrJunk, key: "llm.junk"},
	{err: coach.ErrTooLarge, key: "llm.toolarge"},
	{err: coach.ErrModelNotFound, key: "llm.nomodel"},
	{err: coach.ErrRefused, key: "llm.refused"},
	{err: coach.ErrNoModels, key: "llm.nomodels"},
	{err: coach.ErrBadHost, key: "llm.badhost"},
	{err: coach.ErrPullFailed, key: "settings.llm.problem.pullfailed"},
	{err: coach.ErrPullCut, key: "settings.llm.problem.cut"},
	{err: models.ErrNetwork, key: "problem.network"},
	{err: models.ErrServer, key: "problem.server"},
	{err: models.ErrGone, key: "problem.server"},
	{err: models.ErrChecksum, key: "problem.checksum"},
	{err: models.ErrNotCatalogueModel, key: "settings.model.notofficial"},
	{err: capture.ErrNoMicrophone, key: "problem.nomic"},
	{err: capture.ErrNoCamera, key: "problem.nocamera"},
	{err: capture.ErrDiskFull, key: "export.problem.disk_full"},
	{err: practice.ErrCannotConvert, key: "storage.problem.cannotconvert"},
	{err: appdata.ErrUnsafePath, key: "replay.notours"},
	{err: video.ErrNeedsDecoder, key: "problem.badvideo"},
	{err: video.ErrNoFrames, key: "problem.badvideo"},
	{err: video.ErrTooLarge, key: "problem.videotoolarge"},
	{err: video.ErrFrameSize, key: "problem.badvideo"},
	{err: media.ErrTooLong, key: "problem.toolong"},
	{err: media.ErrNotWAV, key: "problem.badaudio"},
	{err: media.ErrCorrupt, key: "problem.badaudio"},
	{err: media.ErrUnsupported, key: "problem.badaudio"},
	{err: media.ErrEmpty, key: "problem.badaudio"},
	{err: store.ErrReadOnly, key: "start.readonly"},
	{err: store.ErrDamaged, key: "start.damaged"},
	{err: store.ErrDiskFull, key: "export.problem.disk_full"},
	{err: store.ErrNewerSchema, key: "start.newer"},
	{err: store.ErrNotFound, key: "problem.gone"},
	{err: context.Canceled, key: "problem.cancelled"},
	{err: context.DeadlineExceeded, key: "problem.timeout"},
	{err: os.ErrPermission, key: "problem.permission"},
}

// problemKey is the text key of the first row matching err ("" for an
// error nobody typed).
func problemKey(err error) string {
	for _, p := range problems {
		if (p.err != nil && errors.Is(err, p.err)) || (p.is != nil && p.is(err)) {
			return p.key
		}
	}
	return ""
}

// problemText is err in the user's language: an export or import problem
// by its code (naming the row of a refused archive), else the table's
// text. An error nobody typed is said as "something unexpected
// happened", with its own words after it (English, as the libraries
// write them) for a bug report.
func problemText(lang i18n.Lang, err error) string {
	if err == nil {
		return ""
	}
	var ee *export.Error
	if errors.As(err, &ee) {
		msg := i18n.T(lang, "export.problem."+string(ee.Problem))
		var re *store.RowError
		if errors.As(err, &re) {
			msg += " " + fmt.Sprintf(i18n.T(lang, "export.row"), re.Table, re.Row, re.Column, re.Value)
		}
		return msg
	}
	if k := problemKey(err); k != "" {
		return i18n.T(lang, k)
	}
	if lang == i18n.EN {
		return err.Error()
	}
	return i18n.T(lang, "problem.unexpected") + " (" + err.Error() + ")"
}

// problemOr is err's text from the table, else the text of key (for a
// place that has a better general sentence than "something unexpected").
func problemOr(lang i18n.Lang, err error, key string) string {
	var ee *export.Error
	if k := problemKey(err); k != "" || errors.As(err, &ee) {
		return problemText(lang, err)
	}
	return i18n.T(lang, key)
}
