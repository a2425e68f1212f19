"""Benchmark of evaluacion.redaction (run by hand: ``.venv/bin/python bench/bench_redaction.py``).

Side by side in the same run: the baseline is the redactor before issue 10 (read from git,
``BASELINE_REV``: own names and registered people only, no normalisation) and the full redactor
used for blind copies now (normalisation, territory gazetteer with short forms and demonyms,
addresses, local phones, handles, person detection). Also printed: how many of the hard forms
of the sample each one leaves readable. Input: a 4,500-character municipal text and a
150,000-character one (a 50-page PDF's extracted text). Medians of 7 runs, warm caches.
"""

import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evaluacion import gazetteer  # noqa: E402
from evaluacion.redaction import Redactor  # noqa: E402

PARAGRAPH = (
    "Durante 2023 el Departamento de Salud de la Municipalidad de La Serena implementó el programa con el "
    "Servicio de Salud y la Seremi. Participaron 320 personas y 45 organizaciones, entre ellas juntas de "
    "vecinos del sector Las Compañías. Responsable: Juan Pérez González, Director de Aseo y Ornato; "
    "contacto mrojas@laserena.cl, fono 220 6600, Av. Francisco de Aguirre 020. La Ley N° 21.430 orientó "
    "el diseño; costo total $ 45.000.000. Vecinos serenenses y de Vicuña participaron en la IV Región.\n"
)


BASELINE_REV = "d83e469"
HARD = ["Juan Pérez González", "Aguirre", "220 6600", "serenenses", "Vicuña", "IV Región", "Las Compañías"]


def baseline_module():
    root = Path(__file__).resolve().parent.parent
    source = subprocess.run(
        ["git", "show", f"{BASELINE_REV}:evaluacion/redaction.py"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "redaction_baseline.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("redaction_baseline", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def median_ms(redactor, text, runs=7):
    redactor.redact(text)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        redactor.redact(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main():
    dpa = json.loads(
        (Path(__file__).resolve().parent.parent / "core" / "data" / "chile_dpa.json").read_text("utf-8")
    )
    names = ("Municipalidad de La Serena", "La Serena", "Región de Coquimbo", "Coquimbo", "Elqui")
    people = ("Marcela Rojas Araya",)
    start = time.perf_counter()
    places = gazetteer.Gazetteer.from_dpa(dpa)
    built = (time.perf_counter() - start) * 1000
    baseline = baseline_module().Redactor(names, people)
    full = Redactor(
        names, people, terms=("sector Las Compañías",), gazetteer=places, own_codes={"04101", "041", "04"}
    )
    print(f"gazetteer built in {built:.0f} ms ({len(places.lexicon)} keys)")
    print("| text | baseline | full | full / baseline |")
    print("|---|---|---|---|")
    for label, repeat in (
        ("4,500 chars", 4500 // len(PARAGRAPH) + 1),
        ("150,000 chars", 150000 // len(PARAGRAPH) + 1),
    ):
        text = PARAGRAPH * repeat
        a, b = median_ms(baseline, text), median_ms(full, text)
        print(f"| {label} ({len(text):,}) | {a:.1f} ms | {b:.1f} ms | {b / a:.1f}× |")
    for label, redactor in (("baseline", baseline), ("full", full)):
        left = [form for form in HARD if form in redactor.redact(PARAGRAPH)]
        print(f"{label}: {len(left)} of {len(HARD)} hard forms left readable {left}")


if __name__ == "__main__":
    main()
