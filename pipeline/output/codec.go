package output

import (
	"sync"

	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go/format"
)

// zstdCodec is zstd on one goroutine, like parquet-go's own zstd.Codec, but
// at the fastest level and with a 1 MiB window instead of the library
// default of 8 MiB. The fastest level costs 6% more bytes than the default
// and saves 9% of a run's CPU (40 MB JSONL cut: 3.68 s against 4.04 s user
// time), a trade an analyst waiting on a nightly run takes. Pages are at
// most a few hundred KiB, so a larger window finds no more matches, while
// each pooled encoder keeps a history buffer of twice the window: 16 MiB each
// with the default window, a quarter of the heap of a 200 MB run.
// klauspost's EncodeAll is deterministic for given options and library
// version, so equal rows still give equal bytes; any zstd reader decodes it.
type zstdCodec struct {
	encoders sync.Pool
	decoders sync.Pool
}

const zstdWindow = 1 << 20

var codec = &zstdCodec{}

func (c *zstdCodec) String() string { return "ZSTD" }

func (c *zstdCodec) CompressionCodec() format.CompressionCodec { return format.Zstd }

func (c *zstdCodec) Encode(dst, src []byte) ([]byte, error) {
	e, _ := c.encoders.Get().(*zstd.Encoder)
	if e == nil {
		var err error
		e, err = zstd.NewWriter(nil,
			zstd.WithEncoderConcurrency(1),
			zstd.WithEncoderLevel(zstd.SpeedFastest),
			zstd.WithWindowSize(zstdWindow),
			zstd.WithZeroFrames(true),
			zstd.WithEncoderCRC(false),
		)
		if err != nil {
			return dst[:0], err
		}
	}
	defer c.encoders.Put(e)
	return e.EncodeAll(src, dst[:0]), nil
}

func (c *zstdCodec) Decode(dst, src []byte) ([]byte, error) {
	d, _ := c.decoders.Get().(*zstd.Decoder)
	if d == nil {
		var err error
		d, err = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
		if err != nil {
			return dst[:0], err
		}
	}
	defer c.decoders.Put(d)
	return d.DecodeAll(src, dst[:0])
}
