package capture

// merge interleaves two lists that are each in order, keeping the order of
// each: b's next element goes first only when after(a's next, b's next), so
// that equal elements keep a before b. The package merges instead of
// sorting: slices.SortStableFunc would add its own code to the WebAssembly
// build for each type.
func merge[T any](a, b []T, after func(x, y T) bool) []T {
	out := make([]T, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if after(a[0], b[0]) {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), b...)
}

// mergeAll merges lists in pairs, so that k lists of n elements in all cost
// n·log k steps.
func mergeAll[T any](lists [][]T, after func(x, y T) bool) []T {
	if len(lists) == 0 {
		return nil
	}
	for len(lists) > 1 {
		next := lists[:0:0]
		for i := 0; i < len(lists); i += 2 {
			if i+1 == len(lists) {
				next = append(next, lists[i])
			} else {
				next = append(next, merge(lists[i], lists[i+1], after))
			}
		}
		lists = next
	}
	return lists[0]
}
