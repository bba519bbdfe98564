"""Start the chapters' IPython kernel without opening any TCP port.

    python -m analysis.publication.kernel_launcher -f <connection file>

Why: the kernel holds respondent data. Its channels run over IPC (:class:`WarmKernel` in
:mod:`analysis.publication.kernels`), but ipykernel also binds a TCP port on 127.0.0.1 for
output of forked subprocesses (``IOPubThread(pipe=True)``), which another user of a shared
machine can reach. No chapter forks a subprocess that prints, so that pipe is switched off
here, in the kernel's own process before it starts; everything else is ipykernel's own
launcher. :func:`kernelspec` is the kernel spec that starts this module.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

KERNEL = "inburgering"


def kernelspec(folder: Path):
    """A kernel spec (written in ``folder``) that starts this module with this Python, the
    project on its path (it is one of the project's modules, also without ``pip -e``)."""
    from jupyter_client.kernelspec import KernelSpecManager

    from analysis.data.paths import ROOT

    spec = folder / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "analysis.publication.kernel_launcher", "-f", "{connection_file}"]
    pad = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    kernel = {"argv": argv, "display_name": "Python 3", "language": "python"}
    kernel["env"] = {"PYTHONPATH": pad}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    return KernelSpecManager(kernel_dirs=[str(folder / "kernels")])


def _zonder_pipe() -> None:
    """Make ipykernel's IOPub thread start without its TCP pipe."""
    from ipykernel import iostream

    init = iostream.IOPubThread.__init__

    def zonder(self, socket, pipe: bool = False, session=False) -> None:
        init(self, socket, pipe=False, session=session)

    iostream.IOPubThread.__init__ = zonder  # type: ignore[method-assign]


if __name__ == "__main__":
    _zonder_pipe()
    from ipykernel.kernelapp import launch_new_instance

    launch_new_instance()
