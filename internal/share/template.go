package share

import "html/template"

// The page allows no fetch at all: default-src 'none', with the font,
// audio and styles inline. Its one script seeks the audio when a time is
// clicked and writes what the test reads (the audio's length, the
// resources fetched) into the page.
var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; media-src data:; img-src data:; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{.Title}} — {{.Question}}</title>
<style>
@font-face { font-family: "NM Noto Sans KR"; src: url({{.Font}}) format("truetype"); }
body { font-family: "NM Noto Sans KR", sans-serif; background: #14161b; color: #e8e8ea; margin: 0; padding: 24px; line-height: 1.55; }
main { max-width: 920px; margin: 0 auto; }
h1 { font-size: 1.55em; margin: 0.2em 0; }
h2 { font-size: 1.15em; margin: 1.6em 0 0.5em; border-bottom: 1px solid #2c3038; padding-bottom: 0.2em; }
.meta, .note, .sub { color: #9aa0aa; font-size: 0.9em; }
.overall { display: flex; gap: 18px; align-items: center; background: #1e2128; border-radius: 10px; padding: 14px 18px; }
.overall .n { font-size: 3em; font-weight: bold; }
table { border-collapse: collapse; width: 100%; }
td { padding: 6px 8px; border-bottom: 1px solid #2c3038; vertical-align: top; }
td.s { width: 3em; text-align: right; font-weight: bold; }
tr.off td { color: #777c86; }
.t { color: #7fb2ff; cursor: pointer; white-space: nowrap; font-variant-numeric: tabular-nums; }
li { margin: 0.4em 0; }
li.major .m { font-weight: bold; }
audio, video { width: 100%; margin-top: 8px; }
video { max-height: 480px; background: #000; border-radius: 8px; }
</style>
</head>
<body>
<main>
<div class="meta">{{.Title}} · {{.When}} · {{.Duration}}</div>
<h1>{{.Question}}</h1>
<div class="overall"><div class="n">{{.Overall}}</div><div><b>{{call .T "dim.overall"}}</b><br>{{.Summary}}</div></div>
{{if .Video}}<h2>{{call .T "share.watch"}}</h2>
<video id="answer" controls preload="metadata" src="{{.Video}}"></video>{{else if .Audio}}<h2>{{call .T "share.listen"}}</h2>
<audio id="answer" controls preload="metadata" src="{{.Audio}}"></audio>{{end}}
<h2>{{call .T "share.scores"}}</h2>
<table>{{range .Dims}}<tr{{if not .Measured}} class="off"{{end}}><td>{{.Name}}</td><td class="s">{{.Score}}</td><td>{{.Reason}}</td></tr>{{end}}</table>
<h2>{{call .T "share.findings"}}</h2>
{{if .Findings}}<ul id="findings">{{range .Findings}}<li{{if .Major}} class="major"{{end}}><span class="t" data-t="{{.Start}}">{{.At}}</span> <span class="m">{{.Message}}</span>{{if .Suggestion}}<br><span class="sub">{{.Suggestion}}</span>{{end}}</li>{{end}}</ul>{{else}}<p class="note">{{.NoFinding}}</p>{{end}}
{{if .Plot}}<h2>{{call .T "share.plot"}}</h2>
<div class="sub">{{call .T "share.plot.sub"}}</div>
{{.Plot}}{{end}}
{{if .Transcript}}<h2>{{call .T "share.transcript"}}</h2>
<div id="transcript">{{range .Transcript}}<p><span class="t" data-t="{{.Start}}">{{.At}}</span> {{.Text}}</p>{{end}}</div>{{end}}
<p class="note">{{.Made}} {{call .T "share.private"}}</p>
</main>
<script>
(function () {
  var a = document.getElementById("answer");
  document.querySelectorAll(".t").forEach(function (e) {
    e.addEventListener("click", function () {
      if (!a) return;
      a.currentTime = parseFloat(e.getAttribute("data-t")) || 0;
      a.play();
    });
  });
  function report() {
    var fetched = performance.getEntriesByType("resource").filter(function (r) { return r.name.indexOf("data:") !== 0; }).length;
    document.body.setAttribute("data-fetched", String(fetched));
  }
  if (a) {
    a.addEventListener("loadedmetadata", function () {
      document.body.setAttribute("data-audio-duration", String(a.duration));
      if (a.videoWidth) document.body.setAttribute("data-video-width", String(a.videoWidth));
      report();
    });
    a.addEventListener("error", function () { document.body.setAttribute("data-audio-error", String(a.error && a.error.code)); });
  }
  window.addEventListener("load", report);
})();
</script>
</body>
</html>
`))
