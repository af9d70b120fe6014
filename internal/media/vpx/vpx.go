//go:build cgo && codecs

package vpx

/*
#cgo linux LDFLAGS: -l:libvpx.a -lm -lpthread
#cgo windows LDFLAGS: -lvpx -lpthread
#cgo darwin pkg-config: vpx
#include <stdlib.h>
#include <string.h>
#include <vpx/vpx_encoder.h>
#include <vpx/vpx_decoder.h>
#include <vpx/vp8cx.h>
#include <vpx/vp8dx.h>

typedef struct {
	vpx_codec_ctx_t ctx;
	vpx_image_t img;
	vpx_codec_iter_t iter;
} enc_t;

static int enc_init(enc_t *e, int w, int h, int kbps, int keyEvery) {
	vpx_codec_enc_cfg_t cfg;
	memset(e, 0, sizeof(*e));
	if (vpx_codec_enc_config_default(vpx_codec_vp8_cx(), &cfg, 0)) return -1;
	cfg.g_w = w; cfg.g_h = h;
	cfg.g_timebase.num = 1; cfg.g_timebase.den = 1000;
	cfg.rc_target_bitrate = kbps; cfg.rc_end_usage = VPX_VBR;
	cfg.g_threads = 1; cfg.g_lag_in_frames = 0; cfg.g_pass = VPX_RC_ONE_PASS;
	cfg.kf_mode = VPX_KF_AUTO; cfg.kf_max_dist = keyEvery;
	cfg.rc_min_quantizer = 4; cfg.rc_max_quantizer = 56; cfg.rc_dropframe_thresh = 0;
	cfg.g_error_resilient = 0;
	if (vpx_codec_enc_init(&e->ctx, vpx_codec_vp8_cx(), &cfg, 0)) return -2;
	if (vpx_codec_control(&e->ctx, VP8E_SET_CPUUSED, -6)) return -3;
	if (!vpx_img_wrap(&e->img, VPX_IMG_FMT_I420, w, h, 1, (unsigned char*)1)) return -4;
	return 0;
}

static int enc_frame(enc_t *e, unsigned char *y, unsigned char *u, unsigned char *v, int ys, int cs, long long pts, unsigned long dur, int key) {
	e->img.planes[VPX_PLANE_Y] = y; e->img.planes[VPX_PLANE_U] = u; e->img.planes[VPX_PLANE_V] = v;
	e->img.stride[VPX_PLANE_Y] = ys; e->img.stride[VPX_PLANE_U] = cs; e->img.stride[VPX_PLANE_V] = cs;
	e->iter = NULL;
	int r = vpx_codec_encode(&e->ctx, &e->img, pts, dur, key ? VPX_EFLAG_FORCE_KF : 0, VPX_DL_REALTIME);
	e->img.planes[0] = e->img.planes[1] = e->img.planes[2] = NULL;
	return r;
}

// enc_next gives the next compressed frame of the last enc_frame: its
// bytes, size, key flag and time; 0 when there is none.
static int enc_next(enc_t *e, const void **buf, size_t *sz, int *key, long long *pts) {
	const vpx_codec_cx_pkt_t *p;
	while ((p = vpx_codec_get_cx_data(&e->ctx, &e->iter)) != NULL) {
		if (p->kind != VPX_CODEC_CX_FRAME_PKT) continue;
		*buf = p->data.frame.buf; *sz = p->data.frame.sz;
		*key = (p->data.frame.flags & VPX_FRAME_IS_KEY) != 0;
		*pts = p->data.frame.pts;
		return 1;
	}
	return 0;
}

static void enc_close(enc_t *e) { vpx_codec_destroy(&e->ctx); }

typedef struct {
	vpx_codec_ctx_t ctx;
} dec_t;

static int dec_init(dec_t *d) {
	vpx_codec_dec_cfg_t cfg;
	memset(d, 0, sizeof(*d));
	memset(&cfg, 0, sizeof(cfg));
	cfg.threads = 1;
	return vpx_codec_dec_init(&d->ctx, vpx_codec_vp8_dx(), &cfg, 0);
}

static int dec_frame(dec_t *d, const unsigned char *buf, unsigned int sz) {
	return vpx_codec_decode(&d->ctx, buf, sz, NULL, 0);
}

// dec_image gives the decoded picture's planes, or NULL.
static vpx_image_t *dec_image(dec_t *d) {
	vpx_codec_iter_t it = NULL;
	return vpx_codec_get_frame(&d->ctx, &it);
}

static unsigned char *plane(vpx_image_t *img, int i) { return img->planes[i]; }
static int stride(vpx_image_t *img, int i) { return img->stride[i]; }

static void dec_close(dec_t *d) { vpx_codec_destroy(&d->ctx); }
*/
import "C"

import (
	"errors"
	"fmt"
	"image"
	"time"
	"unsafe"
)

// MaxSide is the largest width or height either side accepts.
const MaxSide = 4096

// Packet is one compressed frame.
type Packet struct {
	Data []byte
	Key  bool
	Time time.Duration // in whole ms
}

// Encoder encodes 4:2:0 pictures of one size to VP8.
type Encoder struct {
	e    *C.enc_t
	w, h int
}

// NewEncoder starts an encoder for w×h pictures at kbps kbit/s with a
// key frame at least every keyEvery frames.
func NewEncoder(w, h, kbps, keyEvery int) (*Encoder, error) {
	if w <= 0 || h <= 0 || w > MaxSide || h > MaxSide || w%2 != 0 || h%2 != 0 {
		return nil, fmt.Errorf("vpx: a picture of %d×%d", w, h)
	}
	e := (*C.enc_t)(C.calloc(1, C.sizeof_enc_t))
	if r := C.enc_init(e, C.int(w), C.int(h), C.int(kbps), C.int(keyEvery)); r != 0 {
		C.free(unsafe.Pointer(e))
		return nil, fmt.Errorf("vpx: the encoder did not start (%d)", int(r))
	}
	return &Encoder{e: e, w: w, h: h}, nil
}

// Encode compresses one picture shown at t for d, a key frame when key
// is set (the encoder makes others on its own).
func (en *Encoder) Encode(img *image.YCbCr, t, d time.Duration, key bool) ([]Packet, error) {
	if en.e == nil {
		return nil, errors.New("vpx: encoder closed")
	}
	if img.SubsampleRatio != image.YCbCrSubsampleRatio420 || img.Rect.Dx() != en.w || img.Rect.Dy() != en.h || img.Rect.Min != (image.Point{}) {
		return nil, fmt.Errorf("vpx: a %v picture of %v, want 4:2:0 of %d×%d", img.SubsampleRatio, img.Rect, en.w, en.h)
	}
	k := 0
	if key {
		k = 1
	}
	if r := C.enc_frame(en.e, (*C.uchar)(&img.Y[0]), (*C.uchar)(&img.Cb[0]), (*C.uchar)(&img.Cr[0]), C.int(img.YStride), C.int(img.CStride),
		C.longlong(t/time.Millisecond), C.ulong(max(1, d/time.Millisecond)), C.int(k)); r != 0 {
		return nil, fmt.Errorf("vpx: encoding failed (%d)", int(r))
	}
	var out []Packet
	for {
		var buf unsafe.Pointer
		var sz C.size_t
		var kf C.int
		var pts C.longlong
		if C.enc_next(en.e, &buf, &sz, &kf, &pts) == 0 {
			return out, nil
		}
		out = append(out, Packet{Data: C.GoBytes(buf, C.int(sz)), Key: kf != 0, Time: time.Duration(pts) * time.Millisecond})
	}
}

// Close frees the encoder.
func (en *Encoder) Close() {
	if en.e != nil {
		C.enc_close(en.e)
		C.free(unsafe.Pointer(en.e))
		en.e = nil
	}
}

// Decoder decodes VP8 frames.
type Decoder struct {
	d *C.dec_t
}

// NewDecoder starts a decoder.
func NewDecoder() (*Decoder, error) {
	d := (*C.dec_t)(C.calloc(1, C.sizeof_dec_t))
	if r := C.dec_init(d); r != 0 {
		C.free(unsafe.Pointer(d))
		return nil, fmt.Errorf("vpx: the decoder did not start (%d)", int(r))
	}
	return &Decoder{d: d}, nil
}

// Decode decodes one frame into dst when it is 4:2:0 of the frame's size
// (a new picture otherwise) and returns it; a frame that shows nothing
// returns nil.
func (de *Decoder) Decode(data []byte, dst *image.YCbCr) (*image.YCbCr, error) {
	if de.d == nil {
		return nil, errors.New("vpx: decoder closed")
	}
	if len(data) == 0 {
		return nil, errors.New("vpx: an empty frame")
	}
	if r := C.dec_frame(de.d, (*C.uchar)(&data[0]), C.uint(len(data))); r != 0 {
		return nil, fmt.Errorf("vpx: a damaged frame (%d)", int(r))
	}
	img := C.dec_image(de.d)
	if img == nil {
		return nil, nil
	}
	w, h := int(img.d_w), int(img.d_h)
	if w <= 0 || h <= 0 || w > MaxSide || h > MaxSide || img.fmt != C.VPX_IMG_FMT_I420 {
		return nil, fmt.Errorf("vpx: a picture of %d×%d", w, h)
	}
	if dst == nil || dst.Rect.Dx() != w || dst.Rect.Dy() != h || dst.SubsampleRatio != image.YCbCrSubsampleRatio420 {
		dst = image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	}
	cw, ch := (w+1)/2, (h+1)/2
	copyPlane(dst.Y, dst.YStride, C.plane(img, 0), int(C.stride(img, 0)), w, h)
	copyPlane(dst.Cb, dst.CStride, C.plane(img, 1), int(C.stride(img, 1)), cw, ch)
	copyPlane(dst.Cr, dst.CStride, C.plane(img, 2), int(C.stride(img, 2)), cw, ch)
	return dst, nil
}

func copyPlane(dst []byte, dstStride int, src *C.uchar, srcStride, w, h int) {
	s := unsafe.Slice((*byte)(unsafe.Pointer(src)), srcStride*(h-1)+w)
	for y := 0; y < h; y++ {
		copy(dst[y*dstStride:y*dstStride+w], s[y*srcStride:y*srcStride+w])
	}
}

// Close frees the decoder.
func (de *Decoder) Close() {
	if de.d != nil {
		C.dec_close(de.d)
		C.free(unsafe.Pointer(de.d))
		de.d = nil
	}
}
