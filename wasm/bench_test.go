//go:build js && wasm

package main

import (
	"slices"
	"syscall/js"
	"testing"
	"time"
)

// Measurements, not timed tests; see "Performance" in the README's
// JavaScript API section for the command. They call the API through JS as the
// page does and report the median wall time of a call, which a GC pause or a
// busy neighbour does not move much, and the CPU time Node spent per call.

// BenchmarkEncodeDecode1KiB is what the page does on a keystroke: encode a
// 1 KiB masked payload (its masking table at the default 1024 steps) and
// decode the bytes.
func BenchmarkEncodeDecode1KiB(b *testing.B) { benchEncodeDecode(b, 1<<10, defaultStepLimit) }

// BenchmarkEncodeDecode1KiBSteps64 is the same with a table of 64 rows, as a
// page that shows the first rows would ask for.
func BenchmarkEncodeDecode1KiBSteps64(b *testing.B) { benchEncodeDecode(b, 1<<10, 64) }

// BenchmarkEncodeDecode1MiB must stay short enough not to freeze a page.
func BenchmarkEncodeDecode1MiB(b *testing.B) { benchEncodeDecode(b, 1<<20, defaultStepLimit) }

func benchEncodeDecode(b *testing.B, size, stepLimit int) {
	api := installed(b)
	payload := make([]byte, size)
	for i := range payload {
		payload[i] = 'a' + byte(i%26)
	}
	opts := jsObj(map[string]any{"payload": jsBytes(payload), "masked": true, "maskKey": "37fa213d", "stepLimit": stepLimit})
	from := jsObj(map[string]any{"from": "client"})
	durations := make([]time.Duration, 0, b.N)
	cpu := cpuMicros()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		enc := api.Call("encode", opts)
		dec := api.Call("decode", enc.Get("bytes"), from)
		durations = append(durations, time.Since(start))
		if dec.Get("frames").Length() != 1 || enc.Get("maskSteps").Length() != min(size, stepLimit) {
			b.Fatal("encode or decode lost something")
		}
	}
	b.StopTimer()
	slices.Sort(durations)
	b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric((cpuMicros()-cpu)/1000/float64(b.N), "cpu-ms/op")
}

// cpuMicros is the CPU time Node has used so far, in microseconds.
func cpuMicros() float64 {
	u := js.Global().Get("process").Call("cpuUsage")
	return u.Get("user").Float() + u.Get("system").Float()
}

// BenchmarkMaskSteps1024 is the masking table alone at the default limit.
func BenchmarkMaskSteps1024(b *testing.B) {
	api := installed(b)
	payload := jsBytes(make([]byte, 1024))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if api.Call("maskSteps", payload, "37fa213d").Get("steps").Length() != 1024 {
			b.Fatal("short table")
		}
	}
}
