package vision

import (
	"errors"
	"fmt"
	"math"
	"os"
)

// CanonicalFace is MediaPipe's canonical 3D face (468 vertices, in cm, x to
// the face's left as seen by the camera... see Fit) and the landmark weights
// its geometry pipeline uses for Procrustes fitting.
type CanonicalFace struct {
	Vertices [468][3]float64
	Weights  [468]float64 // 0 for landmarks that do not take part in the fit
}

// LoadCanonicalFace reads geometry_pipeline_metadata_landmarks.binarypb
// (MediaPipe's GeometryPipelineMetadata protobuf: canonical_mesh = 1 with
// vertex_buffer = 3 holding x, y, z, u, v per vertex; procrustes basis = 2
// with landmark_id = 1 and weight = 2).
func LoadCanonicalFace(path string) (*CanonicalFace, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("canonical face: %w (run `make deps`)", err)
	}
	f, err := parseCanonicalFace(b)
	if err != nil {
		return nil, fmt.Errorf("canonical face %s: %w (delete it and run `make deps`)", path, err)
	}
	return f, nil
}

var errBadMetadata = errors.New("not a MediaPipe geometry pipeline metadata file")

func parseCanonicalFace(b []byte) (*CanonicalFace, error) {
	f := &CanonicalFace{}
	var verts []float32
	nWeights := 0
	for len(b) > 0 {
		num, typ, n := consumeTag(b)
		if n < 0 {
			return nil, errBadMetadata
		}
		b = b[n:]
		if typ != bytesType {
			m := consumeFieldValue(num, typ, b)
			if m < 0 {
				return nil, errBadMetadata
			}
			b = b[m:]
			continue
		}
		v, m := consumeBytes(b)
		if m < 0 {
			return nil, errBadMetadata
		}
		b = b[m:]
		switch num {
		case 1: // canonical mesh
			for len(v) > 0 {
				n2, t2, k := consumeTag(v)
				if k < 0 {
					return nil, errBadMetadata
				}
				v = v[k:]
				switch {
				case n2 == 3 && t2 == fixed32Type:
					x, k := consumeFixed32(v)
					if k < 0 {
						return nil, errBadMetadata
					}
					verts = append(verts, math.Float32frombits(x))
					v = v[k:]
				case n2 == 3 && t2 == bytesType: // packed
					p, k := consumeBytes(v)
					if k < 0 || len(p)%4 != 0 {
						return nil, errBadMetadata
					}
					for i := 0; i < len(p); i += 4 {
						x, _ := consumeFixed32(p[i:])
						verts = append(verts, math.Float32frombits(x))
					}
					v = v[k:]
				default:
					k := consumeFieldValue(n2, t2, v)
					if k < 0 {
						return nil, errBadMetadata
					}
					v = v[k:]
				}
			}
		case 2: // procrustes landmark basis entry
			id, w := -1, 0.0
			for len(v) > 0 {
				n2, t2, k := consumeTag(v)
				if k < 0 {
					return nil, errBadMetadata
				}
				v = v[k:]
				switch {
				case n2 == 1 && t2 == varintType:
					x, k := consumeVarint(v)
					if k < 0 {
						return nil, errBadMetadata
					}
					id = int(x)
					v = v[k:]
				case n2 == 2 && t2 == fixed32Type:
					x, k := consumeFixed32(v)
					if k < 0 {
						return nil, errBadMetadata
					}
					w = float64(math.Float32frombits(x))
					v = v[k:]
				default:
					k := consumeFieldValue(n2, t2, v)
					if k < 0 {
						return nil, errBadMetadata
					}
					v = v[k:]
				}
			}
			if id >= 0 && id < 468 {
				f.Weights[id] = w
				nWeights++
			}
		}
	}
	if len(verts) != 468*5 {
		return nil, fmt.Errorf("%w: %d vertex values, want %d", errBadMetadata, len(verts), 468*5)
	}
	for i := range f.Vertices {
		f.Vertices[i] = [3]float64{float64(verts[5*i]), float64(verts[5*i+1]), float64(verts[5*i+2])}
	}
	if nWeights == 0 {
		for i := range f.Weights {
			f.Weights[i] = 1
		}
	}
	return f, nil
}

// HeadPose is the head's rotation relative to facing the camera, in
// degrees: Yaw > 0 when the face turns toward the image's right, Pitch > 0
// when it tilts up, Roll > 0 when it tilts clockwise in the image.
type HeadPose struct {
	Yaw, Pitch, Roll float64
	// Residual is the fit's RMS error as a share of the face's size; large
	// values mean the landmarks are not a face seen clearly.
	Residual float64
}

// Pose fits the canonical face to a face mesh (weighted Procrustes: the
// best rotation, scale and shift, found with Horn's quaternion method) and
// returns the rotation as yaw, pitch and roll. w and h are the frame's
// size, so that landmarks are in pixels.
func (c *CanonicalFace) Pose(pts *[468]Point, w, h float64) HeadPose {
	// Observed points in a right-handed frame like the canonical face's:
	// x right, y up, z toward the camera (the model's z grows away from it).
	var obs [468][3]float64
	for i, p := range pts {
		obs[i] = [3]float64{p.X * w, -p.Y * h, -p.Z * w}
	}
	var sw float64
	var mc, mo [3]float64
	for i := range obs {
		wi := c.Weights[i]
		sw += wi
		for k := 0; k < 3; k++ {
			mc[k] += wi * c.Vertices[i][k]
			mo[k] += wi * obs[i][k]
		}
	}
	if sw == 0 {
		return HeadPose{Residual: math.Inf(1)}
	}
	for k := 0; k < 3; k++ {
		mc[k] /= sw
		mo[k] /= sw
	}
	// Cross-covariance S[a][b] = sum w (c_a)(o_b), centred.
	var S [3][3]float64
	var varC, varO float64
	for i := range obs {
		wi := c.Weights[i]
		if wi == 0 {
			continue
		}
		var cc, oo [3]float64
		for k := 0; k < 3; k++ {
			cc[k] = c.Vertices[i][k] - mc[k]
			oo[k] = obs[i][k] - mo[k]
			varC += wi * cc[k] * cc[k]
			varO += wi * oo[k] * oo[k]
		}
		for a := 0; a < 3; a++ {
			for b := 0; b < 3; b++ {
				S[a][b] += wi * cc[a] * oo[b]
			}
		}
	}
	q := hornQuaternion(S)
	R := quatToMatrix(q)
	// Scale and residual.
	var tr float64
	for a := 0; a < 3; a++ {
		for b := 0; b < 3; b++ {
			tr += R[b][a] * S[a][b]
		}
	}
	scale := tr / varC
	res := math.Max(0, varO-scale*tr) / sw
	size := math.Sqrt(varO / sw)
	hp := HeadPose{Residual: math.Sqrt(res) / size}
	// R maps canonical to observed. Euler angles (yaw about y, pitch about
	// x, roll about z) of R = Rz(roll) Ry(yaw) Rx(pitch).
	hp.Yaw = math.Asin(math.Max(-1, math.Min(1, -R[2][0]))) * 180 / math.Pi
	hp.Pitch = math.Atan2(R[2][1], R[2][2]) * 180 / math.Pi
	hp.Roll = -math.Atan2(R[1][0], R[0][0]) * 180 / math.Pi
	return hp
}

// hornQuaternion returns the unit quaternion (w, x, y, z) of the rotation
// that best maps the first point set onto the second, given their
// cross-covariance S (Horn 1987): the eigenvector of N with the largest
// eigenvalue.
func hornQuaternion(S [3][3]float64) [4]float64 {
	sxx, sxy, sxz := S[0][0], S[0][1], S[0][2]
	syx, syy, syz := S[1][0], S[1][1], S[1][2]
	szx, szy, szz := S[2][0], S[2][1], S[2][2]
	N := [4][4]float64{
		{sxx + syy + szz, syz - szy, szx - sxz, sxy - syx},
		{syz - szy, sxx - syy - szz, sxy + syx, szx + sxz},
		{szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy},
		{sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz},
	}
	vals, vecs := jacobiEigen4(N)
	best := 0
	for i := 1; i < 4; i++ {
		if vals[i] > vals[best] {
			best = i
		}
	}
	return [4]float64{vecs[0][best], vecs[1][best], vecs[2][best], vecs[3][best]}
}

// jacobiEigen4 diagonalises a symmetric 4 x 4 matrix: eigenvalues and the
// eigenvectors as columns.
func jacobiEigen4(a [4][4]float64) ([4]float64, [4][4]float64) {
	var v [4][4]float64
	for i := 0; i < 4; i++ {
		v[i][i] = 1
	}
	for sweep := 0; sweep < 50; sweep++ {
		var off float64
		for p := 0; p < 4; p++ {
			for q := p + 1; q < 4; q++ {
				off += a[p][q] * a[p][q]
			}
		}
		if off < 1e-22 {
			break
		}
		for p := 0; p < 4; p++ {
			for q := p + 1; q < 4; q++ {
				if math.Abs(a[p][q]) < 1e-300 {
					continue
				}
				theta := (a[q][q] - a[p][p]) / (2 * a[p][q])
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for k := 0; k < 4; k++ {
					akp, akq := a[k][p], a[k][q]
					a[k][p], a[k][q] = c*akp-s*akq, s*akp+c*akq
				}
				for k := 0; k < 4; k++ {
					apk, aqk := a[p][k], a[q][k]
					a[p][k], a[q][k] = c*apk-s*aqk, s*apk+c*aqk
				}
				for k := 0; k < 4; k++ {
					vkp, vkq := v[k][p], v[k][q]
					v[k][p], v[k][q] = c*vkp-s*vkq, s*vkp+c*vkq
				}
			}
		}
	}
	return [4]float64{a[0][0], a[1][1], a[2][2], a[3][3]}, v
}

func quatToMatrix(q [4]float64) [3][3]float64 {
	w, x, y, z := q[0], q[1], q[2], q[3]
	return [3][3]float64{
		{w*w + x*x - y*y - z*z, 2 * (x*y - w*z), 2 * (x*z + w*y)},
		{2 * (x*y + w*z), w*w - x*x + y*y - z*z, 2 * (y*z - w*x)},
		{2 * (x*z - w*y), 2 * (y*z + w*x), w*w - x*x - y*y + z*z},
	}
}
