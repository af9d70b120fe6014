package vision

import "nevermind/internal/analysis/onnx"

// newTensors allocates float32 tensors of the given shapes: all of them,
// or none (those already made are freed on error).
func newTensors(shapes ...[]int64) ([]*onnx.Tensor[float32], error) {
	out := make([]*onnx.Tensor[float32], 0, len(shapes))
	for _, s := range shapes {
		t, err := onnx.NewTensor[float32](s, nil)
		if err != nil {
			closeModel(nil, out...)
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// closeModel closes a model's session and frees its tensors; either may be
// missing (a model that failed half-way through loading).
func closeModel(sess *onnx.Session, ts ...*onnx.Tensor[float32]) {
	if sess != nil {
		sess.Close()
	}
	for _, t := range ts {
		if t != nil {
			t.Destroy()
		}
	}
}
