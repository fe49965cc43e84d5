#!/usr/bin/env bash
# Speed and memory of the whole pipeline on the generated benchmark corpus
# (../shared/bench/gen/gen.py), printed as one Markdown table.
#
#   testdata/bench.sh                         # 200 MB and 1 GB JSONL; CSV and transcripts at 200 MB
#   SIZES="20 200" testdata/bench.sh          # smaller JSONL sizes (MB)
#   FORMAT_SIZE=20 testdata/bench.sh          # size of the CSV and transcript runs (default 200; 0 = none)
#   BENCH_DATA=/tmp/jm-bench testdata/bench.sh   # where corpora and outputs go (default bench-data/, git-ignored)
#   REPEAT=3 testdata/bench.sh                # each figure the median of 3 runs, as the baselines are;
#                                             # the runs go round all configurations REPEAT times
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

# run_once INPUT WORKERS OUT: one run, its "seconds rss_mb cpu_seconds"
# appended to OUT.results
run_once() {
	local input=$1 workers=$2 out=$3 log="$3.time"
	rm -rf "$out"
	warm "$input"
	/usr/bin/time -v "$bin" run "$input" --out "$out" --workers "$workers" >/dev/null 2>"$log" || {
		echo "bench.sh: run failed, see $log" >&2
		exit 1
	}
	awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]} /Maximum resident set size/{r=$2} /User time|System time/{c+=$2} END{printf "%.2f %.0f %.2f\n", s, r/1024, c}' "$log" >>"$out.results"
}

# median OUT -> the median (by seconds) of OUT.results
median() {
	sort -n "$1.results" | sed -n "$(((repeat + 1) / 2))p"
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

bytes_of() { du -sbL "$1" | cut -f1; } # -L: a corpus may be a symlink to a generated file

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

# Every configuration is run once per round, and the rounds repeat: a
# machine that drifts (this one moves by 10% within an hour) then moves
# all rows alike, where running one configuration REPEAT times in a row
# would put the drift between rows.
configs=() # "input format mb workers out"
for mb in $sizes; do
	in=$(corpus jsonl "$mb")
	configs+=("$in jsonl $mb 1 $data/out_jsonl_${mb}_w1" "$in jsonl $mb 2 $data/out_jsonl_${mb}_w2")
done
if [[ $format_size != 0 ]]; then
	for format in csv transcript; do
		configs+=("$(corpus "$format" "$format_size") $format $format_size 2 $data/out_${format}_${format_size}_w2")
	done
fi
for cfg in "${configs[@]}"; do
	read -r _ _ _ _ out <<<"$cfg"
	rm -f "$out.results"
done
for ((round = 0; round < repeat; round++)); do
	for cfg in "${configs[@]}"; do
		read -r in _ _ workers out <<<"$cfg"
		run_once "$in" "$workers" "$out"
	done
done

rows=()
for cfg in "${configs[@]}"; do
	read -r in format mb workers out <<<"$cfg"
	read -r s r c < <(median "$out")
	same="–"
	if [[ $format == jsonl ]]; then
		same=$(identical "$data/out_jsonl_${mb}_w1" "$data/out_jsonl_${mb}_w2")
	fi
	rows+=("$(row "$in" "$format" "$mb" "$workers" "$s" "$r" "$same" "$c" "$out")")
done

echo "| input | format | size MB | workers | seconds | MB/s | speech MB/s | peak RSS MB | identical 1 vs 2 workers | CPU s | MB per CPU s |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
