"""The Indonesian edition runs with notebooks/id/ as its working folder: use the course's one
``notebooks/course_setup.py`` (so ``import course_setup`` works here too, with no copy to drift)."""

import runpy
from pathlib import Path

_SETUP = Path(__file__).resolve().parent.parent / "course_setup.py"
globals().update(
    {
        name: value
        for name, value in runpy.run_path(str(_SETUP)).items()
        if not name.startswith("__")
    }
)
