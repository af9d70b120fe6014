package ui

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/analysis/feedback"
	"nevermind/internal/analysis/voice"
)

var (
	plotBG     = color.NRGBA{0x20, 0x21, 0x24, 0xff}
	plotLevel  = color.NRGBA{0x5a, 0x9b, 0xff, 0xff} // loudness
	plotPitch  = color.NRGBA{0xff, 0xb3, 0x47, 0xff} // pitch
	plotMark   = color.NRGBA{0xe0, 0x55, 0x55, 0xff} // flagged moments
	plotSpeech = color.NRGBA{0x2c, 0x3a, 0x2c, 0xff} // speaking
)

// newTrackPlot draws the answer over time: loudness (blue, -60..0 dBFS),
// pitch (orange dots, on a log scale over the speaker's range), speech
// stretches shaded, and the flagged moments as red marks.
func newTrackPlot(tr *voice.Tracks, findings []feedback.ViewFinding) fyne.CanvasObject {
	r := canvas.NewRaster(func(w, h int) image.Image {
		img := image.NewNRGBA(image.Rect(0, 0, w, h))
		for i := 0; i < len(img.Pix); i += 4 {
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = plotBG.R, plotBG.G, plotBG.B, 0xff
		}
		n := len(tr.LevelDBFS)
		if n < 2 || w < 2 || h < 2 {
			return img
		}
		x := func(i int) int { return i * (w - 1) / (n - 1) }
		for i, sp := range tr.Speech {
			if sp {
				for y := 0; y < h; y++ {
					img.Set(x(i), y, plotSpeech)
				}
			}
		}
		// Pitch range from the voiced frames.
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, f := range tr.F0Hz {
			if f > 0 {
				lo, hi = math.Min(lo, f), math.Max(hi, f)
			}
		}
		if hi <= lo {
			lo, hi = 75, 400
		}
		lo, hi = lo*0.9, hi*1.1
		prev := -1
		for i, l := range tr.LevelDBFS {
			yl := int(float64(h-1) * (1 - clamp((l+60)/60)))
			if prev >= 0 {
				line(img, x(i-1), prev, x(i), yl, plotLevel)
			}
			prev = yl
			if i < len(tr.F0Hz) && tr.F0Hz[i] > 0 {
				yp := int(float64(h-1) * (1 - clamp(math.Log(tr.F0Hz[i]/lo)/math.Log(hi/lo))))
				img.Set(x(i), yp, plotPitch)
				img.Set(x(i), yp+1, plotPitch)
			}
		}
		for _, f := range findings {
			if f.Severity == feedback.Info || f.End <= f.Start {
				continue
			}
			i0, i1 := int(f.Start/tr.HopS), int(f.End/tr.HopS)
			for i := max(0, i0); i <= min(n-1, i1); i++ {
				for y := 0; y < 4; y++ {
					img.Set(x(i), y, plotMark)
				}
			}
		}
		return img
	})
	r.SetMinSize(fyne.NewSize(560, 120))
	return r
}

// trackPlot is the answer's plot with a playhead, and a tap on it replays
// from that moment.
type trackPlot struct {
	widget.BaseWidget
	plot  fyne.CanvasObject
	head  *canvas.Line
	dur   float64 // seconds the plot spans
	at    float64 // the playhead; < 0 hidden
	onTap func(at float64)
}

func newTrackPlotWidget(tr *voice.Tracks, findings []feedback.ViewFinding, onTap func(at float64)) *trackPlot {
	p := &trackPlot{plot: newTrackPlot(tr, findings), dur: float64(len(tr.LevelDBFS)) * tr.HopS, at: -1, onTap: onTap}
	p.head = canvas.NewLine(color.NRGBA{0xff, 0xff, 0xff, 0xee})
	p.head.StrokeWidth = 2
	p.head.Hide()
	p.ExtendBaseWidget(p)
	return p
}

// setPlayhead moves the playhead to at seconds (< 0 hides it).
func (p *trackPlot) setPlayhead(at float64) {
	p.at = at
	p.Refresh()
}

func (p *trackPlot) Tapped(ev *fyne.PointEvent) {
	if p.onTap == nil || p.dur <= 0 || p.Size().Width <= 0 {
		return
	}
	p.onTap(math.Max(0, math.Min(p.dur, float64(ev.Position.X/p.Size().Width)*p.dur)))
}

func (p *trackPlot) CreateRenderer() fyne.WidgetRenderer { return &trackPlotRenderer{p} }

type trackPlotRenderer struct{ p *trackPlot }

func (r *trackPlotRenderer) Layout(size fyne.Size) {
	p := r.p
	p.plot.Resize(size)
	p.plot.Move(fyne.NewPos(0, 0))
	if p.at < 0 || p.dur <= 0 {
		p.head.Hide()
		return
	}
	x := float32(math.Min(1, p.at/p.dur)) * size.Width
	p.head.Position1, p.head.Position2 = fyne.NewPos(x, 0), fyne.NewPos(x, size.Height)
	p.head.Show()
}

func (r *trackPlotRenderer) MinSize() fyne.Size { return r.p.plot.MinSize() }
func (r *trackPlotRenderer) Refresh()           { r.Layout(r.p.Size()); canvas.Refresh(r.p.head) }
func (r *trackPlotRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.p.plot, r.p.head}
}
func (r *trackPlotRenderer) Destroy() {}

func clamp(v float64) float64 { return math.Max(0, math.Min(1, v)) }

// line draws with Bresenham's algorithm.
func line(img *image.NRGBA, x0, y0, x1, y1 int, c color.NRGBA) {
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := 1, 1
	if x0 > x1 {
		sx = -1
	}
	if y0 > y1 {
		sy = -1
	}
	e := dx + dy
	for {
		img.Set(x0, y0, c)
		if x0 == x1 && y0 == y1 {
			return
		}
		e2 := 2 * e
		if e2 >= dy {
			e += dy
			x0 += sx
		}
		if e2 <= dx {
			e += dx
			y0 += sy
		}
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// newSparkline draws a metric's values over the attempts, oldest on the
// left, scaled to their own range, the last point marked.
func newSparkline(vs []float64) fyne.CanvasObject {
	r := canvas.NewRaster(func(w, h int) image.Image {
		img := image.NewNRGBA(image.Rect(0, 0, w, h))
		for i := 0; i < len(img.Pix); i += 4 {
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = plotBG.R, plotBG.G, plotBG.B, 0xff
		}
		if len(vs) == 0 || w < 4 || h < 4 {
			return img
		}
		lo, hi := vs[0], vs[0]
		for _, v := range vs {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		if hi-lo < 1e-9 {
			lo, hi = lo-1, hi+1
		}
		pt := func(i int) (int, int) {
			x := 2
			if len(vs) > 1 {
				x = 2 + i*(w-5)/(len(vs)-1)
			}
			return x, 2 + int(float64(h-5)*(1-(vs[i]-lo)/(hi-lo)))
		}
		for i := 1; i < len(vs); i++ {
			x0, y0 := pt(i - 1)
			x1, y1 := pt(i)
			line(img, x0, y0, x1, y1, plotLevel)
		}
		x, y := pt(len(vs) - 1)
		for dx := -2; dx <= 2; dx++ {
			for dy := -2; dy <= 2; dy++ {
				img.Set(x+dx, y+dy, plotPitch)
			}
		}
		return img
	})
	r.SetMinSize(fyne.NewSize(240, 36))
	return r
}
