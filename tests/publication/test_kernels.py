"""Warm kernels shared by builds: each chapter as in a fresh kernel, failures named, a lost
worker reported and replaced."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from analysis.checks import variants
from analysis.checks.variants import JAAR, maak_variant, omgeving
from analysis.publication import book, execution, kernels


def _notebook(path: Path, *cells: str) -> kernels.Taak:
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "jaar = 2023\ndata_dir = ''\nbuild_dir = ''\ngewogen = False",
                metadata={"tags": ["parameters"]},
            ),
            *(nbformat.v4.new_code_cell(c) for c in cells),
        ]
    )
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return kernels.Taak(path.stem, path, f"chapters/{path.name}")


def _build(stage: Path) -> kernels.Build:
    return kernels.Build(stage, 2023, stage, False, kernels.huidige_omgeving())


@pytest.fixture(scope="module")
def een_kernel():
    """A pool of one worker: every chapter runs in the same kernel, one after another."""
    with kernels.KernelPool(workers=1) as pool:
        yield pool


def test_a_chapter_after_a_build_of_another_configuration_is_as_in_a_fresh_kernel(
    een_kernel, tmp_path
):
    """One kernel runs the questionnaire appendix for a variant, then for a variant whose
    codebook has a new item: the second must show the new item (the kernel read the new
    configuration, not the cached old one) and equal papermill's own fresh kernel."""
    chapter = next(c for c in book.chapters() if c.name == "09_bijlage_vragenlijst")
    taak = kernels.Taak(chapter.name, chapter.source, chapter.entry)
    runs = {}
    for naam in ("derde_golf", "nieuw_item"):
        mappen = maak_variant(naam, tmp_path / naam)
        stage = mappen.build / str(JAAR)
        with omgeving(mappen):
            build = kernels.Build(stage, JAAR, mappen.data, False, kernels.huidige_omgeving())
            assert een_kernel.run([taak], build) == []
        runs[naam] = (mappen, stage / chapter.entry)
    mappen, warm = runs["nieuw_item"]
    assert variants.NIEUW_ITEM["item_nl"] in warm.read_text(encoding="utf-8")
    assert variants.NIEUW_ITEM["item_nl"] not in runs["derde_golf"][1].read_text("utf-8")
    fresh_stage = mappen.root / "vers" / str(JAAR)  # same depth: same relative paths
    with omgeving(mappen):
        fresh = book.execute_chapter(chapter, fresh_stage, JAAR, mappen.data, False)
    assert warm.read_bytes() == fresh.read_bytes()


def test_a_failure_names_chapter_and_cell_stops_the_build_and_leaves_the_pool_usable(
    een_kernel, tmp_path
):
    kapot = _notebook(tmp_path / "src" / "kapot.ipynb", "x = 1", "raise KeyError('kapot')")
    goed = _notebook(tmp_path / "src" / "goed.ipynb", "print('goed')")
    failed = een_kernel.run([kapot, goed], _build(tmp_path / "a"))
    assert [f.hoofdstuk for f in failed] == ["kapot"]
    assert failed[0].cel == 2 and failed[0].fout.startswith("KeyError")
    assert "cel 2 van chapters/kapot.ipynb" in failed[0].melding
    assert not (tmp_path / "a" / goed.entry).exists()  # the build stopped
    assert een_kernel.run([goed], _build(tmp_path / "b")) == []
    assert (tmp_path / "b" / goed.entry).exists()


def test_going_on_after_a_failure_reports_every_failing_chapter(tmp_path):
    taken = [
        _notebook(tmp_path / "src" / f"{naam}.ipynb", code)
        for naam, code in [("een", "1/0"), ("twee", "pass"), ("drie", "raise ValueError")]
    ]
    with kernels.pool_voor_build() as pool:  # the session's shared pool of two workers
        assert pool.workers == 2
        failed = pool.run(taken, _build(tmp_path / "a"), doorgaan=True)
    assert sorted(f.hoofdstuk for f in failed) == ["drie", "een"]
    assert (tmp_path / "a" / taken[1].entry).exists()


def test_a_run_cut_short_leaves_no_answers_behind_for_the_next_build(tmp_path):
    """An interrupted build (here: its progress report fails) may leave a worker busy; the
    shared pool is then replaced, so no later build reads an answer meant for this one."""
    slow = _notebook(tmp_path / "src" / "traag.ipynb", "import time\ntime.sleep(2)")
    quick = _notebook(tmp_path / "src" / "snel.ipynb", "pass")

    def interrupt(naam, done, seconds):
        raise KeyboardInterrupt

    with kernels.pool_voor_build() as pool:  # the session's shared pool
        with pytest.raises(KeyboardInterrupt):
            pool.run([slow, quick], _build(tmp_path / "a"), progress=interrupt)
        assert not pool.alive()
    with kernels.pool_voor_build() as nieuw:
        assert nieuw is not pool and nieuw.alive()


def test_a_lost_worker_is_reported_as_a_chapter_error_and_a_shared_pool_replaced(tmp_path):
    # the kernel kills its own worker process: what an out-of-memory kill looks like
    dood = _notebook(
        tmp_path / "src" / "dood.ipynb",
        "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)",
    )
    goed = _notebook(tmp_path / "src" / "goed.ipynb", "print('goed')")
    with kernels.pool_voor_build() as pool:  # the session's shared pool
        with pytest.raises(execution.ChapterError, match=r"stopte onverwacht.*'dood'"):
            pool.run([dood], _build(tmp_path / "a"))
        assert not pool.alive()
    with kernels.pool_voor_build() as nieuw:
        assert nieuw is not pool
        assert nieuw.run([goed], _build(tmp_path / "b")) == []


def test_a_chapter_that_kills_its_kernel_fails_alone_and_the_next_gets_a_new_kernel(
    een_kernel, tmp_path
):
    crash = _notebook(tmp_path / "src" / "crash.ipynb", "import os\nos._exit(1)")
    goed = _notebook(tmp_path / "src" / "goed.ipynb", "print('goed')")
    failed = een_kernel.run([crash, goed], _build(tmp_path / "a"), doorgaan=True)
    assert [f.hoofdstuk for f in failed] == ["crash"]
    assert "de kernel stopte" in failed[0].melding
    assert (tmp_path / "a" / goed.entry).exists()


def test_the_kernel_that_holds_respondent_data_opens_no_tcp_port(tmp_path):
    """Issue 26 item 8: every build printed 'Kernel is running over TCP without encryption';
    on a shared machine another user could connect. The channels now run over IPC in a
    folder only this user can open, and ipykernel's subprocess pipe (its one other port) is
    off."""
    import stat

    import psutil

    from analysis.publication.kernels import WarmKernel

    k = WarmKernel(tmp_path)
    try:
        assert k.km.transport == "ipc"
        assert stat.S_IMODE(k.sockets.stat().st_mode) == 0o700
        kernel = psutil.Process(k.km.provisioner.pid)
        for proc in (kernel, *kernel.children(recursive=True)):
            assert proc.net_connections(kind="inet") == [], proc.cmdline()
    finally:
        k.close()
    assert not k.sockets.exists()
