package video

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"io"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Videos of other kinds are decoded by an ffmpeg program when one is
// installed (on the PATH): ffprobe reads the stream's size and rate, and
// ffmpeg pipes raw RGBA frames. Only the file protocol is allowed, so a
// playlist or a concat list inside a file cannot make ffmpeg open the
// network or other files.

func ffmpegAvailable() bool {
	_, e1 := exec.LookPath("ffmpeg")
	_, e2 := exec.LookPath("ffprobe")
	return e1 == nil && e2 == nil
}

// fileURL names path for ffmpeg so that nothing in it is read as a
// protocol or an option.
func fileURL(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return "file:" + path
}

type ffmpegSource struct {
	cmd    *exec.Cmd
	out    io.ReadCloser
	w, h   int
	skip   []byte
	stderr bytes.Buffer
}

func openFFmpeg(path string) (source, Info, error) {
	var info Info
	probe := exec.Command("ffprobe", "-v", "error", "-protocol_whitelist", "file",
		"-select_streams", "v:0", "-show_entries", "stream=width,height,codec_name,avg_frame_rate,r_frame_rate,nb_frames,duration",
		"-of", "json", fileURL(path))
	var perr bytes.Buffer
	probe.Stderr = &perr
	b, err := probe.Output()
	if err != nil {
		return nil, info, fmt.Errorf("ffprobe: %s", firstLine(perr.String(), err))
	}
	var doc struct {
		Streams []struct {
			Width, Height int
			Codec         string `json:"codec_name"`
			Avg           string `json:"avg_frame_rate"`
			Real          string `json:"r_frame_rate"`
			Frames        string `json:"nb_frames"`
			Duration      string `json:"duration"`
		} `json:"streams"`
	}
	if err := json.Unmarshal(b, &doc); err != nil || len(doc.Streams) == 0 {
		return nil, info, errors.New("no video stream")
	}
	s := doc.Streams[0]
	if s.Width <= 0 || s.Height <= 0 || s.Width > MaxSide || s.Height > MaxSide {
		return nil, info, fmt.Errorf("a video of %dx%d", s.Width, s.Height)
	}
	info = Info{Width: s.Width, Height: s.Height, Codec: s.Codec}
	info.FPS = ratio(s.Avg)
	if info.FPS <= 0 || info.FPS > 1000 {
		info.FPS = ratio(s.Real)
	}
	if info.FPS > 1000 {
		info.FPS = 0
	}
	info.Frames, _ = strconv.Atoi(s.Frames)
	if d, err := strconv.ParseFloat(s.Duration, 64); err == nil && d > 0 {
		info.Duration = seconds(d)
		if info.Frames == 0 && info.FPS > 0 {
			info.Frames = int(d*info.FPS + 0.5)
		}
	} else if info.FPS > 0 && info.Frames > 0 {
		info.Duration = seconds(float64(info.Frames) / info.FPS)
	}
	src := &ffmpegSource{w: s.Width, h: s.Height}
	src.cmd = exec.Command("ffmpeg", "-nostdin", "-v", "error", "-protocol_whitelist", "file", "-i", fileURL(path),
		"-map", "0:v:0", "-an", "-sn", "-dn", "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgba", "pipe:1")
	src.cmd.Stderr = &src.stderr
	if src.out, err = src.cmd.StdoutPipe(); err != nil {
		return nil, info, err
	}
	if err := src.cmd.Start(); err != nil {
		return nil, info, err
	}
	return src, info, nil
}

// ratio reads "30000/1001".
func ratio(s string) float64 {
	a, b, ok := strings.Cut(s, "/")
	n, err := strconv.ParseFloat(a, 64)
	if err != nil {
		return 0
	}
	if !ok {
		return n
	}
	d, err := strconv.ParseFloat(b, 64)
	if err != nil || d == 0 {
		return 0
	}
	return n / d
}

func firstLine(s string, err error) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return err.Error()
	}
	line, _, _ := strings.Cut(s, "\n")
	if len(line) > 200 {
		line = line[:200]
	}
	return line
}

func (s *ffmpegSource) frame(dst *image.RGBA, want bool) (*image.RGBA, time.Duration, error) {
	size := s.w * s.h * 4
	if !want {
		if len(s.skip) != size {
			s.skip = make([]byte, size)
		}
		if _, err := io.ReadFull(s.out, s.skip); err != nil {
			return nil, 0, io.EOF
		}
		return nil, -1, nil
	}
	img := newRGBA(dst, s.w, s.h)
	if _, err := io.ReadFull(s.out, img.Pix[:size]); err != nil {
		return nil, 0, io.EOF
	}
	return img, -1, nil
}

func (s *ffmpegSource) close() error {
	s.out.Close()
	if s.cmd.Process != nil {
		s.cmd.Process.Kill()
	}
	s.cmd.Wait()
	return nil
}
