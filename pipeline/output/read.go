package output

import (
	"fmt"

	"github.com/parquet-go/parquet-go"
)

// ReadDocuments reads all rows of a documents.parquet file into memory.
func ReadDocuments(path string) ([]DocumentRow, error) { return readAll[DocumentRow](path) }

// ReadMentions reads all rows of a mentions.parquet file into memory.
func ReadMentions(path string) ([]MentionRow, error) { return readAll[MentionRow](path) }

// ReadJobs reads all rows of a jobs.parquet file into memory.
func ReadJobs(path string) ([]JobRow, error) { return readAll[JobRow](path) }

// ReadOutcomes reads all rows of an outcomes.parquet file into memory.
func ReadOutcomes(path string) ([]OutcomeRow, error) { return readAll[OutcomeRow](path) }

// ReadRejects reads all rows of a rejects.parquet file into memory.
func ReadRejects(path string) ([]RejectRow, error) { return readAll[RejectRow](path) }

func readAll[T any](path string) ([]T, error) {
	rows, err := parquet.ReadFile[T](path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rows, nil
}
