package capture

// Follow is the one loop that follows a recording as it goes, for every
// front end (the practice screen's controller, the device check, the
// command line's meter): it hands each level to level and each frame of
// frames to frame (any may be nil; frames nil means the recorder's own
// preview), until the recording is done or stop is closed. It reports
// whether anything audible (Audible) was heard, and whether it ended
// because the recording did (the device went away, or Stop).
func (r *Recorder) Follow(stop <-chan struct{}, level func(Level), frames <-chan Frame, frame func(Frame)) (heard, done bool) {
	if frames == nil {
		frames = r.Frames()
	}
	for {
		select {
		case l := <-r.Levels():
			heard = heard || Audible(l)
			if level != nil {
				level(l)
			}
		case f := <-frames:
			if frame != nil {
				frame(f)
			}
		case <-r.Done():
			return heard, true
		case <-stop:
			return heard, false
		}
	}
}
