import os
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]


def skip(why: str) -> None:
    """A comparison that cannot run: a failure under FOOTHOLD_REQUIRE_ORACLES=1 (CI)."""
    if os.environ.get("FOOTHOLD_REQUIRE_ORACLES") == "1":
        pytest.fail(f"comparison did not run: {why} (FOOTHOLD_REQUIRE_ORACLES=1)")
    pytest.skip(why)


def _unzstd(name: str, out_dir: pathlib.Path) -> pathlib.Path:
    out = out_dir / f"{name}.img"
    if not out.exists():
        if shutil.which("zstd") is None:
            skip("zstd is not installed (bash .ci/run installs it)")
        src = ROOT / "corpus" / "images" / f"{name}.img.zst"
        subprocess.run(["zstd", "-q", "-d", str(src), "-o", str(out)], check=True)
    return out


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    return lambda name: _unzstd(name, d)


@pytest.fixture(scope="session")
def sigma_rules():
    p = pathlib.Path(os.environ.get("FOOTHOLD_SIGMA_RULES", ROOT.parent / "shared" / "sigma")) / "rules"
    if not p.is_dir():
        skip(f"SigmaHQ rules not found at {p} (set FOOTHOLD_SIGMA_RULES)")
    return p


@pytest.fixture(scope="session")
def real_corpus():
    p = pathlib.Path(os.environ.get("FOOTHOLD_REAL_CORPUS", ROOT.parent / "shared" / "corpus-real"))
    if not p.is_dir():
        skip(f"real corpus not found at {p} (set FOOTHOLD_REAL_CORPUS)")
    return p
