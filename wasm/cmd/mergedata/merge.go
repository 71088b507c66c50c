package main

// merge rewrites module's data section with segments at most maxGap bytes
// apart joined, and its data count section (if any) to match. The memory
// the module starts with is unchanged.
func merge(module []byte, maxGap uint32) ([]byte, error) {
	secs, err := readSections(module)
	if err != nil {
		return nil, err
	}
	var count uint32
	for i, s := range secs {
		if s.id != sectionData {
			continue
		}
		segs, err := readSegments(s.body)
		if err != nil {
			return nil, err
		}
		if segs, err = mergeSegments(segs, maxGap); err != nil {
			return nil, err
		}
		secs[i].body = writeSegments(segs)
		count = uint32(len(segs))
	}
	for i, s := range secs {
		if s.id == sectionDataCount {
			secs[i].body = appendU32(nil, count)
		}
	}
	return writeSections(secs), nil
}
