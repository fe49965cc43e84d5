#!/usr/bin/env bash
# Speed and memory of the whole pipeline on the generated benchmark corpus
# (../shared/bench/gen/gen.py), printed as one Markdown table.
#
#   testdata/bench.sh                         # 200 MB and 1 GB JSONL; CSV and transcripts at 200 MB
#   SIZES="20 200" testdata/bench.sh          # smaller JSONL sizes (MB)
#   FORMAT_SIZE=20 testdata/bench.sh          # size of the CSV and transcript runs (default 200; 0 = none)
#   BENCH_DATA=/tmp/jm-bench testdata/bench.sh   # where corpora and outputs go (default bench-data/, git-ignored)
#   REPEAT=3 testdata/bench.sh                # each figure the median of 3 runs, as the baselines are
#
# For every JSONL size it runs `jobminer run` with --workers 1 and 2 (the input
# read once before each run, so that it is in the page cache), measures
# wall time and peak RSS with /usr/bin/time -v, and checks that the four
# Parquet files of both runs are byte-identical. CPU seconds (user + system)
# are printed too: on a shared machine they move less than wall time. "speech
# MB/s" counts the customer (and unknown-speaker) text the run tagged, from
# run.json: the fair unit across formats, since a CSV row or a transcript
# line carries more speech per input byte than a JSONL record. The
# transcript corpus (many interviews in one file) is split into one file per
# interview first: the transcript format reads one file as one interview.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
gen="$root/../shared/bench/gen/gen.py"
data=${BENCH_DATA:-$root/bench-data}
sizes=${SIZES:-200 1000}
format_size=${FORMAT_SIZE:-200}
repeat=${REPEAT:-1}

if [[ ! -f $gen ]]; then
	echo "bench.sh: $gen not found (../shared is not here); nothing to measure" >&2
	exit 1
fi
if [[ ! -x /usr/bin/time ]]; then
	echo "bench.sh: /usr/bin/time missing; install it with: apt-get install -y time" >&2
	exit 1
fi
mkdir -p "$data"
bin="$data/jobminer"
(cd "$root" && go build -o "$bin" ./cmd/jobminer)

# corpus FORMAT MB -> path of the generated input (cached by name)
corpus() {
	local format=$1 mb=$2 path
	case $format in
	jsonl) path="$data/corpus_${mb}mb.jsonl" ;;
	csv) path="$data/corpus_${mb}mb.csv" ;;
	transcript) path="$data/interviews_${mb}mb" ;;
	esac
	if [[ ! -e $path ]]; then
		if [[ $format == transcript ]]; then
			python3 "$gen" --format transcript --size-mb "$mb" --seed 42 --out "$path.txt" >&2
			mkdir -p "$path.tmp"
			awk -v dir="$path.tmp" '/^=== interview /{n++; f=sprintf("%s/i-%06d.txt", dir, n)} {print > f} /^$/{close(f)}' "$path.txt"
			rm "$path.txt"
			mv "$path.tmp" "$path"
		else
			python3 "$gen" --format "$format" --size-mb "$mb" --seed 42 --out "$path.tmp" >&2
			mv "$path.tmp" "$path"
		fi
	fi
	echo "$path"
}

# warm INPUT: read every file of it once, so that each run finds the input
# in the page cache as the baselines' repeated runs did. On this machine the
# 1 GB runs push the 200 MB corpora out of it, and after dropping the cache
# the 61,050 transcripts took 16.9 and 17.1 s against 12.7 and 13.2 s warm.
warm() {
	find "$1" -type f -print0 | xargs -0 cat >/dev/null
}

# measure INPUT FORMAT MB WORKERS OUT -> "seconds rss_mb cpu_seconds", of the
# median (by seconds) of REPEAT runs
measure() {
	local input=$1 workers=$4 out=$5 log="$5.time" i
	local results=()
	for ((i = 0; i < repeat; i++)); do
		rm -rf "$out"
		warm "$input"
		/usr/bin/time -v "$bin" run "$input" --out "$out" --workers "$workers" >/dev/null 2>"$log" || {
			echo "bench.sh: run failed, see $log" >&2
			exit 1
		}
		results+=("$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]} /Maximum resident set size/{r=$2} /User time|System time/{c+=$2} END{printf "%.2f %.0f %.2f\n", s, r/1024, c}' "$log")")
	done
	printf '%s\n' "${results[@]}" | sort -n | sed -n "$(((repeat + 1) / 2))p"
}

# identical OUT1 OUT2 -> yes/no
identical() {
	local f
	for f in documents mentions jobs rejects outcomes; do
		cmp -s "$1/$f.parquet" "$2/$f.parquet" || {
			echo no
			return
		}
	done
	echo yes
}

bytes_of() { du -sb "$1" | cut -f1; }

# speech_bytes OUT -> the evidence text bytes recorded in OUT/run.json
speech_bytes() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["speech"]["evidence_text_bytes"])' "$1/run.json"
}

row() { # input format mb workers seconds rss identical cpu out
	local bytes mbs mbc speech
	bytes=$(bytes_of "$1")
	mbs=$(awk -v b="$bytes" -v s="$5" 'BEGIN{printf "%.1f", b/1e6/s}')
	mbc=$(awk -v b="$bytes" -v s="$8" 'BEGIN{printf "%.1f", b/1e6/s}')
	speech=$(awk -v b="$(speech_bytes "$9")" -v s="$5" 'BEGIN{printf "%.1f", b/1e6/s}')
	printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$(basename "$1")" "$2" "$3" "$4" "$5" "$mbs" "$speech" "$6" "$7" "$8" "$mbc"
}

rows=()
for mb in $sizes; do
	in=$(corpus jsonl "$mb")
	read -r s1 r1 c1 < <(measure "$in" jsonl "$mb" 1 "$data/out_jsonl_${mb}_w1")
	read -r s2 r2 c2 < <(measure "$in" jsonl "$mb" 2 "$data/out_jsonl_${mb}_w2")
	same=$(identical "$data/out_jsonl_${mb}_w1" "$data/out_jsonl_${mb}_w2")
	rows+=("$(row "$in" jsonl "$mb" 1 "$s1" "$r1" "$same" "$c1" "$data/out_jsonl_${mb}_w1")")
	rows+=("$(row "$in" jsonl "$mb" 2 "$s2" "$r2" "$same" "$c2" "$data/out_jsonl_${mb}_w2")")
done
if [[ $format_size != 0 ]]; then
	for format in csv transcript; do
		in=$(corpus "$format" "$format_size")
		read -r s r c < <(measure "$in" "$format" "$format_size" 2 "$data/out_${format}_${format_size}_w2")
		rows+=("$(row "$in" "$format" "$format_size" 2 "$s" "$r" "–" "$c" "$data/out_${format}_${format_size}_w2")")
	done
fi

echo "| input | format | size MB | workers | seconds | MB/s | speech MB/s | peak RSS MB | identical 1 vs 2 workers | CPU s | MB per CPU s |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
