#!/usr/bin/python3
"""Compare Repono's engine with borg 1.2.4's repository layer on this machine, in one session.

usage: /usr/bin/python3 compare_bench.py [--jar JAR] [--scale S] [--runs N] [--dir DIR]
                                         [--disk-size-mb N] [--jvm-option OPT]... [--out FILE]
                                         [--workload NAME[,NAME]]... [--keep] [--no-disk]

Runs, for run = 1..N (at least 3 for figures worth reading): the disk's ceilings (disk_limits.py), borg's
side (borg_repo_bench.py with /usr/bin/python3), then Repono's (java -jar repono-cli.jar benchmark), the
two engines interleaved, with the same --scale and repositories in DIR/borg and DIR/repono (one file
system). Then prints one table per workload (markdown) with the medians of both engines and the median of
the per-run ratios (throughput: repono / borg; latency: borg / repono: above 1 means Repono is better),
the disk's limit where one applies and the peak RSS of both (Repono's idle JVM in brackets).
Every JSON line (both engines and the disk) is written to --out (default DIR/results.jsonl).
--workload runs only the named workloads on both sides, in the usual order (get_random also gives
get_random_warm); they use the repositories earlier ones left in DIR/borg and DIR/repono and keep theirs,
e.g. `--workload put_small --runs 1` once, then `--workload list_all --runs 5` (delete_half and compact
change put_small: run put_small again after them). --keep keeps the repositories of a full run too.
--no-disk skips disk_limits.py (the table then shows no disk limits).
Needs: borg 1.2.4's Python package, java 17, the built jar (mvn -pl adapter/engine package).
"""
import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ['put_large', 'check', 'put_small', 'get_random', 'get_random_warm', 'list_all', 'delete_half', 'compact',
         'commit_small_tx', 'put_tiny', 'commit_small_tx_large', 'open_large_index', 'commit_concurrent']
LATENCY = {'put_large', 'put_small', 'put_tiny', 'get_random', 'get_random_warm', 'delete_half', 'commit_small_tx',
           'commit_small_tx_large', 'open_large_index', 'commit_concurrent'}
# workload -> (disk_limits test, field, how to read it)
DISK = {
    'put_large': ('seq_write_fsync', 'mb_per_s', 'sequential write + fsync {} MB/s'),
    'put_small': ('seq_write_fsync', 'mb_per_s', 'sequential write + fsync {} MB/s'),
    'put_tiny': ('seq_write_fsync', 'mb_per_s', 'sequential write + fsync {} MB/s'),
    'check': ('seq_read_cold', 'mb_per_s', 'sequential cold read {} MB/s'),
    'compact': ('seq_read_cold', 'mb_per_s', 'sequential cold read {} MB/s'),
    'open_large_index': ('seq_read_cold', 'mb_per_s', 'sequential cold read {} MB/s'),
    'get_random': ('rand_read_4k_cold', 'p50_ms', 'random cold 4 KiB read p50 {} ms'),
    'get_random_warm': ('seq_read_warm', 'mb_per_s', 'sequential warm read {} MB/s'),
    'commit_small_tx': ('append_fdatasync_4k', 'p50_ms', '4 KiB append + fdatasync p50 {} ms'),
    'commit_small_tx_large': ('append_fdatasync_4k', 'p50_ms', '4 KiB append + fdatasync p50 {} ms'),
    'commit_concurrent': ('append_fdatasync_4k', 'p50_ms', '4 KiB append + fdatasync p50 {} ms'),
}


def log(msg, start=time.monotonic()):
    print(f'[{time.monotonic() - start:7.1f}s] {msg}', file=sys.stderr, flush=True)


def run_lines(cmd):
    """Runs cmd (stderr passes through), returns its stdout's JSON lines; a failure ends the comparison."""
    p = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit(f'compare_bench: {" ".join(map(str, cmd))} failed with exit {p.returncode}')
    return [json.loads(line) for line in p.stdout.splitlines() if line.startswith('{')]


def key(line):
    """Workload key: commit_concurrent lines are told apart by their thread count."""
    w = line.get('workload')
    return f"{w} T={line['threads']}" if 'threads' in line else w


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt(x, digits=3):
    if x is None:
        return '—'
    if abs(x) >= 1000:
        return f'{x:,.0f}'
    return f'{x:.{digits}g}'


def ratio(num, den):
    return num / den if num is not None and den not in (None, 0) else None


def table(borg, repono, disk, runs):
    """borg/repono: {run: {key: line}}, disk: {run: {test: line}} -> markdown lines."""
    keys = []
    for name in ORDER:
        for r in runs:
            for k in list(borg.get(r, {})) + list(repono.get(r, {})):
                if (k == name or k.startswith(name + ' T=')) and k not in keys:
                    keys.append(k)
    out = ['| workload | borg ops/s | repono ops/s | ops/s ratio repono/borg | borg p50 / p99 ms '
           '| repono p50 / p99 ms | p50 ratio borg/repono | p99 ratio borg/repono | disk limit '
           '| peak RSS MiB borg | peak RSS MiB repono (idle JVM) |',
           '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |']
    notes = []
    for k in keys:
        name = k.split(' T=')[0]
        # ours alone: commit_concurrent is held against borg's sequential commit_small_tx of the same run
        ref = 'commit_small_tx' if name == 'commit_concurrent' else k
        b = [borg.get(r, {}).get(ref) for r in runs]
        j = [repono.get(r, {}).get(k) for r in runs]
        pairs = [(x, y) for x, y in zip(b, j) if x and y]
        bo, jo = median([x['ops_per_s'] for x in b if x]), median([y['ops_per_s'] for y in j if y])
        thr = median([ratio(y['ops_per_s'], x['ops_per_s']) for x, y in pairs])
        lat = name in LATENCY
        p50 = median([ratio(x.get('p50_ms'), y.get('p50_ms')) for x, y in pairs]) if lat else None
        p99 = median([ratio(x.get('p99_ms'), y.get('p99_ms')) for x, y in pairs]) if lat else None

        def lat_text(ls):
            if not lat:
                return '—'
            return f"{fmt(median([x.get('p50_ms') for x in ls if x]))} / {fmt(median([x.get('p99_ms') for x in ls if x]))}"

        limit = '—'
        if name in DISK:
            test, field, text = DISK[name]
            v = median([disk.get(r, {}).get(test, {}).get(field) for r in runs])
            limit = text.format(fmt(v)) if v is not None else '—'
        rss_b = max([x['peak_rss_mb'] for x in b if x and x.get('peak_rss_mb') is not None], default=None)
        rss_j = max([y['peak_rss_mb'] for y in j if y and y.get('peak_rss_mb') is not None], default=None)
        idle = median([y.get('jvm_idle_rss_mb') for y in j if y])
        label = k if ref == k else f'{k} (borg: commit_small_tx)'
        out.append(f'| {label} | {fmt(bo)} | {fmt(jo)} | {fmt(thr)} | {lat_text(b)} | {lat_text(j)} | {fmt(p50)} '
                   f'| {fmt(p99)} | {limit} | {fmt(rss_b)} | {fmt(rss_j)} ({fmt(idle)}) |')
        caches = sorted({x.get('cache') for x in b + j if x and x.get('cache')})
        if caches and caches != ['drop_caches'] and name != 'get_random_warm':
            notes.append(f'{k}: cache {", ".join(caches)} (not every run was cold)')
    return out, notes


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--jar', type=Path, default=HERE.parent / 'target' / 'repono-cli.jar')
    ap.add_argument('--scale', type=float, default=1.0)
    ap.add_argument('--runs', type=int, default=3, help='interleaved runs of each engine (default 3)')
    ap.add_argument('--dir', type=Path, default=Path('/tmp/repono-compare'))
    ap.add_argument('--disk-size-mb', type=int, default=1024, help="disk_limits.py's --size-mb (default 1024)")
    ap.add_argument('--jvm-option', action='append', default=[], help="an option for Repono's JVMs (repeatable)")
    ap.add_argument('--out', type=Path, help='where all JSON lines go (default DIR/results.jsonl)')
    ap.add_argument('--workload', action='append', default=[],
                    help='only these workloads (comma-separated, repeatable); they use what earlier runs left in DIR')
    ap.add_argument('--keep', action='store_true', help='keep both engines\' repositories in DIR after a full run (--workload always keeps them)')
    ap.add_argument('--no-disk', action='store_true', help='skip disk_limits.py')
    a = ap.parse_args()
    wanted = [w for arg in a.workload for w in arg.split(',') if w]
    borg_names = ['put_large', 'check', 'put_small', 'get_random', 'list_all', 'delete_half', 'compact',
                  'commit_small_tx', 'put_tiny', 'commit_small_tx_large', 'open_large_index']
    unknown = [w for w in wanted if w not in ORDER]
    if unknown:
        sys.exit(f'compare_bench: no workload {", ".join(unknown)} (known: {", ".join(ORDER)})')
    if not a.jar.is_file():
        sys.exit(f'compare_bench: no jar at {a.jar} (build it: mvn -B -pl adapter/engine package)')
    if a.runs < 1:
        sys.exit('compare_bench: --runs must be 1 or more (3 or more to compare)')
    a.dir.mkdir(parents=True, exist_ok=True)
    out = a.out or a.dir / 'results.jsonl'
    runs = list(range(1, a.runs + 1))
    borg, repono, disk = {}, {}, {}
    with open(out, 'w') as sink:
        for r in runs:
            if a.no_disk:
                disk[r] = {}
            else:
                log(f'run {r}: disk_limits.py')
                lines = run_lines(['/usr/bin/python3', HERE / 'disk_limits.py', '--dir', a.dir / 'disk-limits',
                                   '--size-mb', str(a.disk_size_mb)])
                disk[r] = {x['test']: x for x in lines}
            log(f'run {r}: borg')
            if wanted:
                # borg's harness runs one workload per child process; its --child interface runs just that one
                # and leaves the repositories in place
                (a.dir / 'borg').mkdir(parents=True, exist_ok=True)
                lines = []
                for name in borg_names:
                    if name in wanted or (name == 'get_random' and 'get_random_warm' in wanted):
                        lines += run_lines(['/usr/bin/python3', HERE / 'borg_repo_bench.py', '--child', name,
                                            '--dir', (a.dir / 'borg').resolve(), '--scale', str(a.scale),
                                            '--repeat', str(r)])
            else:
                lines = run_lines(['/usr/bin/python3', HERE / 'borg_repo_bench.py', '--scale', str(a.scale),
                                   '--dir', a.dir / 'borg', *(['--keep'] if a.keep else [])])
            borg[r] = {key(x): {**x, 'run': r} for x in lines}
            log(f'run {r}: repono')
            only = [w if w != 'get_random_warm' else 'get_random' for w in wanted]
            lines = run_lines(['java', *a.jvm_option, '-jar', a.jar, 'benchmark', '--scale', str(a.scale),
                               '--dir', a.dir / 'repono', '--run', str(r),
                               *([f'--workload={",".join(dict.fromkeys(only))}'] if only else []),
                               *(['--keep'] if a.keep or wanted else []),
                               *[f'--jvm-option={o}' for o in a.jvm_option]])
            repono[r] = {key(x): x for x in lines}
            for group, tag in ((disk[r].values(), 'disk'), (borg[r].values(), None), (repono[r].values(), None)):
                for x in group:
                    sink.write(json.dumps({**x, 'run': r, **({'impl': tag} if tag else {})}) + '\n')
            sink.flush()
    log('done')
    lines, notes = table(borg, repono, disk, runs)
    print(f'# Repono vs borg 1.2.4: scale {a.scale}, {a.runs} interleaved runs, dir {a.dir}\n')
    print('\n'.join(lines))
    print('\nRatios are medians of per-run ratios; above 1 means Repono is faster. '
          'Peak RSS is the maximum over runs; Repono\'s includes its JVM (idle figure in brackets).')
    for n in notes:
        print(f'- {n}')
    print(f'\nAll lines: {out}')


if __name__ == '__main__':
    main()
