#!/usr/bin/python3
"""
Plot a Sonde session: boot, type a script, save the trace and the
latency histograms as CSV and draw them as PNG (make plot SCRIPT=file).

    tools/plot-trace.py SCRIPT [--arch x86_64] [--out DIR] [--cmdline ARGS]
    tools/plot-trace.py --capture FILE [--out DIR]

SCRIPT is shell lines, one per prompt, as a handout shows them ('#'
lines and blank lines are skipped; a '#' comment after a command is the
shell's business).  After the last line the tool types `trace` and
`events` itself and keeps what they print.  In DIR (default
build/plot/<script name>/) it writes

    session.txt        the whole console, boot included
    capture.txt        what the final `trace` and `events` printed
    trace.csv          task,pid,cpu,timestamp,event,site,args: one row per record
    hist-EVENT.csv     bucket_low,bucket_high,count: one per latency (l:) event
    latency-EVENT.png  that histogram, 800 x 500 pixels
    timeline.png       one row per task, a marker per record coloured by
                       event, 1000 x 500 pixels

(EVENT with '/' as '_': kprobes/lat gives hist-kprobes_lat.csv.)
--capture FILE redoes the CSV and PNG files from a saved capture.txt
without booting: the host test does that with a recorded one.

The parsing is tolerant on purpose: lines starting with '#' (a trace
header) are skipped, and the timestamp is any number (seconds with
decimals, or a cycle count).  If the timestamps cannot tell most records
apart (a clock too coarse for the run) the timeline's x axis is the record
number instead, and says so.

matplotlib comes from Debian (python3-matplotlib), so this runs under
Debian's /usr/bin/python3; the Agg backend draws without a display.
"""

import argparse
import csv
import os
import re
import sys

sys.dont_write_bytecode = True     # no __pycache__ left behind
import sonde_qemu                  # noqa: E402  (the QEMU driver tests/run.py uses too)
sys.path.insert(0, os.path.join(sonde_qemu.ROOT, "tests"))
import run as harness              # noqa: E402  (for its SONDE_TIMEOUT_SCALE)

# "           fib-2 [000]     0.010000: kprobes/fibp: (fib+0x0) n=0x5"
# The task name may hold '-' (the last "-digits" is the pid), a flags
# column as ftrace prints (d..1.) may sit after the CPU, and a return
# probe's site is "(caller <- func)", spaces and all.
TRACE_LINE = re.compile(r"^\s*(\S+)-(\d+)\s+\[(\d+)\]\s+(?:[^\s\d]\S*\s+)?([\d.]+):\s+"
                        r"(\S+):\s+\(([^)]*)\)\s*(.*)$")
# The events table's row for one event: EVENT TYPE SITE STATE HITS MISSES.
EVENT_ROW = re.compile(r"^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\d+)\s+(\d+)\s*$")
# An l: event's histogram row: "  256 .. 511       8 |*****   |".
BUCKET_ROW = re.compile(r"^\s+(\d+)\s*\.\.\s*(\d+)\s+(\d+)\s+\|")
SUMMARY_ROW = re.compile(r"^\s+latency in cycles: min (\d+), max (\d+), mean (\d+)")

SYNC_LINE = "# plot-trace: the session starts"
TRACE_FIELDS = ["task", "pid", "cpu", "timestamp", "event", "site", "args"]
HIST_FIELDS = ["bucket_low", "bucket_high", "count"]
# Pixel sizes are inches x DPI; the host test reads them back from the PNG.
DPI = 100
HIST_INCHES = (8, 5)
TIMELINE_INCHES = (10, 5)


# ---------------------------------------------------------------- parsing

def parse_trace(text):
    """The trace records in text, as dicts of TRACE_FIELDS (strings)."""
    records = []
    for line in text.replace("\r", "").split("\n"):
        if line.lstrip().startswith("#"):
            continue
        m = TRACE_LINE.match(line)
        if m:
            records.append(dict(zip(TRACE_FIELDS, m.groups())))
    return records


def parse_histograms(text):
    """
    The latency events in the output of `events`: {name: {"buckets":
    [(low, high, count)], "summary": (min, max, mean) or None}}.  An event
    is one if its type is "latency" or it shows histogram rows; one with
    no hits yet has no rows (its type says what it is).
    """
    hists = {}
    current = None
    for line in text.replace("\r", "").split("\n"):
        row = EVENT_ROW.match(line)
        if row and row.group(1) != "EVENT":
            current = row.group(1)
            if row.group(2) == "latency":
                hists.setdefault(current, {"buckets": [], "summary": None})
            continue
        if current is None:
            continue
        bucket = BUCKET_ROW.match(line)
        if bucket:
            entry = hists.setdefault(current, {"buckets": [], "summary": None})
            entry["buckets"].append(tuple(int(g) for g in bucket.groups()))
            continue
        summary = SUMMARY_ROW.match(line)
        if summary:
            entry = hists.setdefault(current, {"buckets": [], "summary": None})
            entry["summary"] = tuple(int(g) for g in summary.groups())
    return hists


def file_name(event):
    """kprobes/lat -> kprobes_lat: an event name as part of a file name."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", event)


# ---------------------------------------------------------------- writing

def write_csv(path, fields, rows):
    with open(path, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(fields)
        out.writerows(rows)


def pyplot():
    """matplotlib's pyplot on the Agg backend, or a message saying how to get it."""
    try:
        import matplotlib
    except ImportError:
        sys.exit("plot-trace: matplotlib is missing: apt-get install --no-install-recommends "
                 "python3-matplotlib, and run this with Debian's /usr/bin/python3 (make plot does)")
    matplotlib.use("Agg")          # files only: no display needed
    import matplotlib.pyplot as plt
    return plt


def plot_histogram(plt, path, event, hist):
    """One latency histogram: a bar per log2 bucket, on a log2 x axis."""
    fig, ax = plt.subplots(figsize=HIST_INCHES, dpi=DPI)
    buckets = hist["buckets"]
    if buckets:
        # Each bar spans its bucket, low .. high inclusive.
        ax.bar([b[0] for b in buckets], [b[2] for b in buckets],
               width=[b[1] + 1 - b[0] for b in buckets], align="edge",
               color="tab:blue", edgecolor="black")
        ax.set_xscale("log", base=2)
    else:
        ax.text(0.5, 0.5, "no calls recorded", ha="center", va="center",
                transform=ax.transAxes)
    calls = sum(b[2] for b in buckets)
    title = "%s: latency per call (%d calls)" % (event, calls)
    if hist["summary"]:
        title += "\nmin %d, max %d, mean %d cycles" % hist["summary"]
    ax.set_title(title)
    ax.set_xlabel("cycles (log2 buckets)")
    ax.set_ylabel("calls")
    fig.savefig(path)              # never bbox_inches="tight": it changes the size
    plt.close(fig)


def plot_timeline(plt, path, records):
    """One row per task (in order of first appearance), a marker per record."""
    fig, ax = plt.subplots(figsize=TIMELINE_INCHES, dpi=DPI)
    tasks = list(dict.fromkeys("%s-%s" % (r["task"], r["pid"]) for r in records))
    events = list(dict.fromkeys(r["event"] for r in records))
    stamps = [float(r["timestamp"]) for r in records]
    # A clock coarser than the run (10 ms ticks) piles the records up on
    # a few x values: then show them in order instead, and say so.
    by_order = len(set(stamps)) * 2 < len(records)
    xs = list(range(len(records))) if by_order else stamps
    colours = plt.get_cmap("tab10")
    for i, event in enumerate(events):
        points = [(x, tasks.index("%s-%s" % (r["task"], r["pid"])))
                  for x, r in zip(xs, records) if r["event"] == event]
        ax.scatter([p[0] for p in points], [p[1] for p in points], marker="|", s=200,
                   color=colours(i % 10), label=event)
    ax.set_yticks(range(len(tasks)))
    ax.set_yticklabels(tasks)
    ax.set_ylim(max(len(tasks), 1) - 0.5, -0.5)     # the first task on top
    ax.set_xlabel("record number (the timestamps are too coarse to tell the records apart)"
                  if by_order else "timestamp")
    ax.set_title("probe hits per task (%d records)" % len(records))
    if events:
        ax.legend(loc="best", fontsize="small")
    else:
        ax.text(0.5, 0.5, "no trace records", ha="center", va="center", transform=ax.transAxes)
    fig.savefig(path)
    plt.close(fig)


def write_outputs(capture, out_dir):
    """Parse a capture and write the CSV and PNG files; returns their names."""
    records = parse_trace(capture)
    hists = parse_histograms(capture)
    os.makedirs(out_dir, exist_ok=True)
    written = ["trace.csv"]
    write_csv(os.path.join(out_dir, "trace.csv"), TRACE_FIELDS,
              [[r[f] for f in TRACE_FIELDS] for r in records])
    plt = pyplot()
    for event, hist in hists.items():
        name = file_name(event)
        write_csv(os.path.join(out_dir, "hist-%s.csv" % name), HIST_FIELDS, hist["buckets"])
        plot_histogram(plt, os.path.join(out_dir, "latency-%s.png" % name), event, hist)
        written += ["hist-%s.csv" % name, "latency-%s.png" % name]
    plot_timeline(plt, os.path.join(out_dir, "timeline.png"), records)
    written.append("timeline.png")
    return written, len(records)


# ---------------------------------------------------------------- running

def script_lines(path):
    """The lines of a session script to type: '#' lines and blank ones left out."""
    with open(path) as f:
        return [line.rstrip("\n") for line in f
                if line.strip() and not line.lstrip().startswith("#")]


def run_session(arch, lines, cmdline, timeout):
    """Boot arch, type lines, then trace and events.  Returns (console, capture)."""
    run = sonde_qemu.Qemu(sonde_qemu.kernel_command(arch, cmdline), timeout=timeout,
                          interactive=True)
    try:
        if run.wait_for_prompt() < 0:
            sys.exit("plot-trace: no shell prompt: " + run.tail(400))
        # Lines from the command line (kprobe_event=, shell_run=) print
        # "sonde> LINE" too: the prompt after the echo of a comment we
        # type is the first one that waits for us.
        run.type_line(SYNC_LINE)
        if not run.read_until(lambda out: SYNC_LINE in out and
                              sonde_qemu.find_prompt(out, out.index(SYNC_LINE)) >= 0):
            sys.exit("plot-trace: no shell prompt after the boot lines: " + run.tail(400))
        for line in lines:
            if line.split()[0] in ("poweroff", "reboot"):
                continue           # the tool ends the session itself
            printed = run.command(line)
            if printed is None:
                sys.exit("plot-trace: no prompt after %r: %s" % (line, run.tail(400)))
            sys.stdout.write(sonde_qemu.SHELL_PROMPT + line + "\n" + printed)
        capture = ""
        for line in ("trace", "events"):
            printed = run.command(line)
            if printed is None:
                sys.exit("plot-trace: no prompt after %r: %s" % (line, run.tail(400)))
            capture += sonde_qemu.SHELL_PROMPT + line + "\n" + printed
    finally:
        run.finish()
    return run.output.replace("\r", ""), capture


def main():
    ap = argparse.ArgumentParser(description="Run a Sonde session; trace and latency "
                                 "histograms as CSV and PNG.")
    ap.add_argument("script", nargs="?", help="shell lines to type, one per prompt")
    ap.add_argument("--capture", help="a saved capture.txt to plot instead of booting")
    ap.add_argument("--arch", default="x86_64")
    ap.add_argument("--cmdline", default="", help="kernel boot arguments")
    ap.add_argument("--out", help="output folder (default build/plot/<script name>)")
    ap.add_argument("--timeout", type=float, default=60.0,
                    help="seconds for the whole run, times SONDE_TIMEOUT_SCALE")
    args = ap.parse_args()
    if bool(args.script) == bool(args.capture):
        ap.error("give a SCRIPT to run or --capture FILE, one of them")

    if args.capture:
        with open(args.capture) as f:
            capture = f.read()
        out_dir = args.out or os.path.dirname(os.path.abspath(args.capture))
    else:
        try:
            lines = script_lines(args.script)
        except OSError as e:
            sys.exit("plot-trace: cannot read the script: %s" % e)
        name = os.path.splitext(os.path.basename(args.script))[0]
        out_dir = args.out or os.path.join(sonde_qemu.ROOT, "build", "plot", name)
        try:
            timeout = args.timeout * harness.timeout_scale()
            console, capture = run_session(args.arch, lines, args.cmdline, timeout)
        except (sonde_qemu.QemuError, ValueError) as e:
            sys.exit("plot-trace: %s" % e)
        os.makedirs(out_dir, exist_ok=True)
        with open(os.path.join(out_dir, "session.txt"), "w") as f:
            f.write(console)
        with open(os.path.join(out_dir, "capture.txt"), "w") as f:
            f.write(capture)
    written, n = write_outputs(capture, out_dir)
    dropped = re.search(r"(\d+) dropped", capture)
    if dropped and dropped.group(1) != "0":
        print("plot-trace: warning: the trace buffer dropped %s records: "
              "the trace is not complete" % dropped.group(1))
    print("plot-trace: %d trace records; wrote %s in %s"
          % (n, ", ".join(written), os.path.relpath(out_dir)))


if __name__ == "__main__":
    main()
