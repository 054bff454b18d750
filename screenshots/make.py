"""Make the SVG pictures of every screen in this folder: `python screenshots/make.py`.

Each scene (see scenes.py) runs the real app headless at its terminal size, on a
fake clock and fixed data written to a temporary folder, so running this again
gives the same files byte for byte. Name scenes to make only those:
`python screenshots/make.py hold rest`.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

from scenes import SCENES, Scene, validate_svg

from backtimer.storage import paths

HERE = Path(__file__).resolve().parent


async def shoot(scene: Scene) -> str:
    """The scene's app, driven to its moment, as an SVG."""
    app, drive = scene.build()
    async with app.run_test(size=scene.size) as pilot:
        await drive(pilot)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        return app.export_screenshot(title=f"backtimer: {scene.caption}")


def in_fresh_folders(work: Path, name: str) -> None:
    """Point the data and config folders at new, empty folders for one scene."""
    os.environ[paths.DATA_ENV] = str(work / name / "data")
    os.environ[paths.CONFIG_ENV] = str(work / name / "config")
    paths.set_data_dir(None)


def main(names: list[str]) -> int:
    wanted = set(names)
    known = {scene.name for scene in SCENES} | {"validate"}
    if wanted - known:
        print(f"unknown scene: {', '.join(sorted(wanted - known))}; "
              f"known: {', '.join(sorted(known))}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="backtimer-shots-") as tmp:
        work = Path(tmp)
        for scene in SCENES:
            if wanted and scene.name not in wanted:
                continue
            in_fresh_folders(work, scene.name)
            target = HERE / f"{scene.name}.svg"
            target.write_text(asyncio.run(shoot(scene)), encoding="utf-8", newline="\n")
            print(f"wrote {target.relative_to(HERE.parent)}")
        if not wanted or "validate" in wanted:
            in_fresh_folders(work, "validate")
            folder = work / "validate" / "files"
            folder.mkdir(parents=True)
            target = HERE / "validate.svg"
            target.write_text(validate_svg(folder), encoding="utf-8", newline="\n")
            print(f"wrote {target.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
