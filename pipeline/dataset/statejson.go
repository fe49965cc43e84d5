package dataset

import (
	"path/filepath"
	"slices"
)

// writeState writes ns as encodeJSON does, one record at a time: the state
// holds an entry per live record, and encoding it whole would hold its JSON
// (and a copy while the buffer grows) in memory on top of the maps.
func writeState(b *builder, ns *State) error {
	fw, err := b.create(filepath.Join(metaDir, stateFile))
	if err != nil {
		return err
	}
	je := newJSONEncoder()
	put := func(v any) {
		j, err := je.enc(v)
		if err != nil && fw.err == nil {
			fw.err = err
		}
		fw.write(j)
	}
	fw.write([]byte(`{"version":`))
	put(ns.Version)
	fw.write([]byte(`,"files":`))
	put(ns.Files)
	fw.write([]byte(`,"records":`))
	if ns.Records == nil {
		fw.write([]byte("null"))
	} else {
		keys := make([]string, 0, len(ns.Records))
		for k := range ns.Records {
			keys = append(keys, k)
		}
		slices.Sort(keys) // as encoding/json orders map keys
		fw.write([]byte{'{'})
		for i, k := range keys {
			if i > 0 {
				fw.write([]byte{','})
			}
			put(k)
			fw.write([]byte{':'})
			rv := ns.Records[k]
			put(&rv)
		}
		fw.write([]byte{'}'})
	}
	fw.write([]byte(`,"parts":`))
	put(ns.Parts)
	fw.write([]byte(`,"rejects":`))
	put(ns.Rejects)
	fw.write([]byte(`,"job_ids":`))
	put(ns.JobIDs)
	fw.write([]byte("}\n"))
	return fw.close()
}
