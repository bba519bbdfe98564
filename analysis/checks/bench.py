"""Benchmark of the execution stage (not a test: timings depend on the machine).

    python -m analysis.bench [--jaar 2023] [--schaal 100]

Prints, from one run:

1. the naive baseline: the ``papermill`` command once per chapter, one after another;
2. the pipeline's execution stage (two warm kernels), per chapter and in total, and the
   ratio to the baseline (target: at most 0.4);
3. an unchanged rebuild (``python -m analysis.pipeline --geen-render`` again; target < 3 s);
4. the execution stage on a synthetic year ``--schaal`` times larger (made in a temporary
   folder from the same generator, never committed), and its ratio to the normal year
   (target: at most 1.5);
5. the researcher's edit loop (``make preview``): one chapter executed on its own (a kernel
   of its own), and executed again after an edit in the warm kernel of ``--volg``; plus the
   HTML render of that page where Quarto exists (target: edit to page within 8 s).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis.data.paths import ROOT, build_root, data_dir
from analysis.publication.book import chapters, execute_book
from analysis.publication.execution import chapter_parameters


def _timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def naive_loop(jaar: int, data: Path, out_root: Path) -> dict[str, float]:
    """Each chapter with the papermill command line, sequentially (the baseline)."""
    times = {}
    papermill = Path(sys.executable).with_name("papermill")
    for chapter in chapters():
        out = out_root / chapter.entry
        out.parent.mkdir(parents=True, exist_ok=True)
        params = chapter_parameters(out, out_root, jaar, data, False)
        args = [
            str(papermill),
            str(chapter.source),
            str(out),
            "--cwd",
            str(out.parent),
            "-k",
            "python3",
            "--no-progress-bar",
        ]
        for key, value in params.items():
            args += ["-p", key, str(value)]
        seconds, _ = _timed(lambda a=args: subprocess.run(a, check=True, capture_output=True))
        times[chapter.name] = seconds
    return times


def pipeline_stage(jaar: int, data: Path, root: Path) -> tuple[float, dict[str, float]]:
    """The execution stage of the pipeline into a fresh build root."""
    per_chapter: dict[str, float] = {}
    previous = [0.0]

    def progress(message: str) -> None:
        if "uitgevoerd (" in message:
            name = message.split("] ", 1)[1].split(" ", 1)[0]
            total = float(message.rsplit("(", 1)[1].split(" ", 1)[0])
            per_chapter[name] = total - previous[0]  # wall time since the previous finished
            previous[0] = total

    os.environ["INBURGERING_BUILD"] = str(root)
    try:
        seconds, _ = _timed(lambda: execute_book(jaar, data, progress=progress))
    finally:
        os.environ.pop("INBURGERING_BUILD", None)
    return seconds, per_chapter


def unchanged_rebuild(jaar: int, root: Path, data: Path) -> float:
    env = {**os.environ, "INBURGERING_BUILD": str(root), "INBURGERING_DATA": str(data)}
    cmd = [sys.executable, "-m", "analysis.pipeline", "--jaar", str(jaar), "--geen-render"]
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=ROOT)  # make it current
    seconds, _ = _timed(
        lambda: subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=ROOT)
    )
    return seconds


def large_year(jaar: int, scale: int, tmp: Path) -> tuple[float, int]:
    """Execution stage on a year made ``scale`` times larger by the same generator."""
    from analysis.checks import synth

    data = tmp / "groot"
    folder = synth.write_year(jaar, out=data, scale=scale)
    with open(folder / "enquete.csv", encoding="utf-8") as fh:
        n = sum(1 for _ in fh) - 1
    seconds, _ = pipeline_stage(jaar, data, tmp / "build-groot")
    return seconds, n


def report_after_data_change(jaar: int, data: Path, tmp: Path) -> tuple[float, float]:
    """``make report`` (the pipeline's command, rendering included) for a year whose data
    changed, after a build of the unchanged year: one answer of one respondent is changed
    in a copy of the data, so the estimates, every chapter and both renders are made anew.
    Returns (seconds, seconds of the render); the render is NaN without Quarto."""
    import shutil

    from analysis.publication.render import QuartoMissing, find_quarto

    kopie = tmp / "data-gewijzigd"
    shutil.copytree(data, kopie)
    env = {
        **os.environ,
        "INBURGERING_BUILD": str(tmp / "build-rapport"),
        "INBURGERING_DATA": str(kopie),
    }
    cmd = [sys.executable, "-m", "analysis.pipeline", "--jaar", str(jaar)]
    try:
        find_quarto()
    except QuartoMissing:
        cmd.append("--geen-render")
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=ROOT)
    import csv

    enquete = kopie / str(jaar) / "enquete.csv"
    with open(enquete, encoding="utf-8", newline="") as fh:
        rijen = list(csv.reader(fh))
    kolom = rijen[0].index("geslacht")  # one respondent's sex: every estimate moves a little
    rijen[1][kolom] = "vrouw" if rijen[1][kolom] == "man" else "man"
    with open(enquete, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rijen)
    seconds, result = _timed(
        lambda: subprocess.run(cmd, check=True, capture_output=True, text=True, env=env, cwd=ROOT)
    )
    render = float("nan")
    for line in result.stdout.splitlines():
        if line.startswith(">> Gerenderd in "):
            render = float(line.split()[3])
    return seconds, render


def edit_loop(jaar: int, hoofdstuk: str, root: Path) -> dict[str, float]:
    """The preview of one chapter: cold (its own kernel) and, after an edit, warm."""
    from analysis.publication import preview
    from analysis.publication.render import QuartoMissing

    os.environ["INBURGERING_BUILD"] = str(root)
    try:
        koud, (notebook, _) = _timed(lambda: preview.preview(hoofdstuk, jaar, progress=str))
        warm = preview.WarmPreview(hoofdstuk, jaar, progress=str)
        try:
            warm.run()  # the first run in the new kernel
            opnieuw, _ = _timed(warm.run)  # what a saved edit costs
        finally:
            warm.close()
        entry = notebook.relative_to(preview.folder(jaar)).as_posix()
        try:
            preview.render_page(preview.folder(jaar), entry)  # the first, as --volg does
            render, _ = _timed(lambda: preview.render_page(preview.folder(jaar), entry))
        except QuartoMissing:
            render = float("nan")
    finally:
        os.environ.pop("INBURGERING_BUILD", None)
    return {"koud": koud, "warm": opnieuw, "render": render}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jaar", type=int, default=2023)
    parser.add_argument("--schaal", type=int, default=100)
    parser.add_argument("--hoofdstuk", default="03_taal", help="hoofdstuk van de voorvertoning")
    args = parser.parse_args(argv)
    data = data_dir()
    with tempfile.TemporaryDirectory(dir=build_root().parent) as tmpdir:
        tmp = Path(tmpdir)
        print(f"Benchmark uitvoerfase, jaargang {args.jaar} ({os.cpu_count()} cores)\n", flush=True)
        naive = naive_loop(args.jaar, data, tmp / "naief")
        ours_total, ours = pipeline_stage(args.jaar, data, tmp / "build")
        print(f"{'hoofdstuk':<22}{'papermill-lus (s)':>20}{'pijplijn (s)':>16}")
        for name, seconds in naive.items():
            print(f"{name:<22}{seconds:>20.1f}{ours.get(name, float('nan')):>16.1f}")
        naive_total = sum(naive.values())
        print(f"{'totaal':<22}{naive_total:>20.1f}{ours_total:>16.1f}")
        print(
            f"\nverhouding pijplijn / naïeve lus: {ours_total / naive_total:.2f} "
            "(doel <= 0,40; per hoofdstuk: wandkloktijd sinds het vorige klaar was)"
        )
        rebuild = unchanged_rebuild(args.jaar, tmp / "build", data)
        print(f"ongewijzigde herbouw: {rebuild:.2f} s (doel < 3 s)")
        large, n = large_year(args.jaar, args.schaal, tmp)
        print(
            f"jaargang x{args.schaal} ({n} respondenten): {large:.1f} s, "
            f"verhouding tot normaal {large / ours_total:.2f} (doel <= 1,5)"
        )
        lus = edit_loop(args.jaar, args.hoofdstuk, tmp / "build")
        render = (
            "niet gemeten: Quarto ontbreekt"
            if lus["render"] != lus["render"]
            else f"{lus['render']:.1f} s; wijziging tot pagina {lus['warm'] + lus['render']:.1f} s"
        )
        print(
            f"voorvertoning {args.hoofdstuk}: los {lus['koud']:.1f} s; na een wijziging in de "
            f"warme kernel (--volg) {lus['warm']:.1f} s; HTML-pagina renderen: {render} "
            "(doel: wijziging tot pagina <= 8 s)",
            flush=True,
        )
        rapport, gerenderd = report_after_data_change(args.jaar, data, tmp)
        if gerenderd == gerenderd:
            print(
                f"make report na een gewijzigd antwoord: {rapport:.1f} s, waarvan renderen "
                f"(HTML en PDF tegelijk) {gerenderd:.1f} s (doel <= 25 s)"
            )
            # the pipeline after the same edit: that chapter executed again, the book rendered
            pijplijn = lus["koud"] + gerenderd
            print(
                f"voorvertoning na een wijziging {lus['warm'] + lus['render']:.1f} s tegenover "
                f"de pijplijn na dezelfde wijziging (hoofdstuk opnieuw, boek renderen) "
                f"{pijplijn:.1f} s: {(lus['warm'] + lus['render']) / pijplijn:.2f} (doel <= 0,35)"
            )
        else:
            print(
                f"make report na een gewijzigd antwoord: {rapport:.1f} s zonder renderen "
                "(niet gemeten: Quarto ontbreekt)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
