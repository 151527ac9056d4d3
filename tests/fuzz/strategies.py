"""Hostile and careless inputs for the readers: shared strategies of the fuzz tests.

Each strategy mixes three sources: arbitrary text or bytes; text put together from
fragments that are known to be awkward (``010``, ``1:30``, ``1,5``, anchors and
aliases, tags, deep brackets, unterminated quotes, huge numbers); and real example
files with random cuts and insertions, so that most examples get past the parser and
exercise what comes after it.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from assessment_rules import load_rulebook

ROOT = Path(__file__).parents[2]

AWKWARD_SCALARS = (
    "010",
    "007",
    "08",
    "0x1F",
    "0o17",
    "0b101",
    "1:30",
    "190:20:30",
    "1,5",
    "1,500",
    "1_000",
    "1e999999999",
    "1e-999999999",
    "9" * 60,
    "9" * 5000,
    ".inf",
    "-.nan",
    "~",
    "null",
    "yes",
    "NO",
    "on",
    "<<",
    "*a",
    "&a x",
    "!!python/object:os.system x",
    "!!str 010",
    "!!int 3",
    "!!set {a}",
    "! x",
    '"unclosed',
    "'unclosed",
    "[",
    "]",
    "{",
    "}",
    "- ",
    "? ",
    ": ",
    "|",
    ">",
    "#",
    "---",
    "...",
    "%YAML 1.1",
    "\t",
    "\x00",
    "\x1b[2J",
    "\ud800",
    "2024-13-45",
    "2024-11-20",
    "true",
    "是",
    "无",
    "=1+1",
    "'=1+1",
    "13.5",
    "-4",
    "",
    " ",
    "单位代码",
    "事实代码",
    "考核细则",
    "报送部门（office）",
)
KEYS = (
    "units",
    "id",
    "name",
    "facts",
    "rulebook",
    "office",
    "district",
    "title",
    "categories",
    "category",
    "lead_tasks",
    "group",
    "tasks",
    "milestones",
    "year",
    "when",
    "lead",
    "cooperating",
    "kind",
    "progress",
    "plan",
    "done",
    "state",
    "note",
    "calendar",
    "submissions",
    "cases",
    "baseline",
    "total",
    "grade",
    "lost",
    "gained",
    "vetoes",
    "leader_checks",
    "safety_meetings",
    "supervision_score",
    "no_drill",
    "campaign_stages",
    "commendations_national",
    "<<",
    "4",
    "区应急局",
)
FACT_NAMES = tuple(load_rulebook("wujin-2021-departments").facts)
"""The facts of the rulebook the evidence is checked against: values reach Fact.coerce."""
_BASES = {
    "evidence": ("examples/wujin-2021-departments.yaml", "examples/putuo-2024-streets.yaml"),
    "registry": ("src/assessment_rules/registries/putuo.yaml",),
    "plan": (
        "src/assessment_rules/calendar/_data/putuo-2024-assessment.yaml",
        "src/assessment_rules/calendar/_data/putuo-2020-inspection.yaml",
    ),
    "progress": ("examples/putuo-2024-workplan-progress.yaml",),
    "submissions": ("examples/putuo-2020-submissions.yaml",),
    "cases": ("rulebooks/cases/wujin-2022-departments.yaml",),
}


def base_texts(kind: str) -> tuple[str, ...]:
    """The real example files of one kind, as text."""
    return tuple((ROOT / name).read_text(encoding="utf-8") for name in _BASES[kind])


HOSTILE_NUMBERS = ("1e999999999", "9" * 5000, "1e-999999999", "1,5", "010", "1:30", "0x1F")
"""Values that hung, crashed or were silently misread before (issue 14): drawn often."""

scalars = st.one_of(
    st.sampled_from(HOSTILE_NUMBERS),
    st.sampled_from(AWKWARD_SCALARS),
    st.text(max_size=12),
    st.integers(-(10**20), 10**20).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
)
keys = st.one_of(st.sampled_from(KEYS), st.sampled_from(FACT_NAMES), st.text(max_size=8))
_deep = st.integers(1, 3000).map(lambda depth: "units: " + "[" * depth + "]" * depth + "\n")


def _line(indent: int, key: str, value: str, style: int) -> str:
    pad = "  " * indent
    if style == 0:
        return f"{pad}{key}: {value}"
    if style == 1:
        return f"{pad}- {key}: {value}"
    if style == 2:
        return f"{pad}- {value}"
    return f"{pad}{key}: {{{key}: {value}, {key}: [{value}, {value}]}}"


yaml_lines = st.lists(
    st.builds(_line, st.integers(0, 5), keys, scalars, st.integers(0, 3)), max_size=25
).map("\n".join)


@st.composite
def mutated(draw: st.DrawFn, texts: tuple[str, ...]) -> str:
    """A real file with a few cuts, insertions and repeated slices."""
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.integers(0, 3))
        if action == 0:
            end = draw(st.integers(at, min(len(text), at + 80)))
            text = text[:at] + text[end:]
        elif action == 1:
            text = text[:at] + draw(scalars) + text[at:]
        elif action == 2:
            end = draw(st.integers(at, min(len(text), at + 200)))
            text = text[:end] + text[at:end] + text[end:]  # a repeated block: duplicate keys
        else:
            depth = draw(st.integers(1, 2000))
            text = text[:at] + "[" * depth + "]" * draw(st.integers(0, depth)) + text[at:]
    return text


_laughs = st.builds(
    lambda levels, key: (
        "a: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n" for n in range(1, levels))
        + f"{key}: *a{levels - 1}\n"  # used where the reader looks: printed in its error
    ),
    st.integers(2, 12),
    st.sampled_from(KEYS),
)


def yaml_texts(kind: str) -> st.SearchStrategy[str]:
    """YAML text for one kind of file: arbitrary, awkward, or a real file cut about."""
    return st.one_of(
        st.text(max_size=300),
        yaml_lines,
        _laughs,
        _deep,
        _evidence_yaml,
        mutated(base_texts(kind)),
    )


_evidence_yaml = st.lists(
    st.dictionaries(st.sampled_from(FACT_NAMES), scalars, max_size=6), max_size=4
).map(
    lambda units: (
        "units:\n"
        + "".join(
            f"  - id: d{n}\n    facts:\n" + "".join(f"      {k}: {v}\n" for k, v in facts.items())
            for n, facts in enumerate(units)
        )
    )
)

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**30), 10**30),
        st.sampled_from(HOSTILE_NUMBERS),
        st.sampled_from(AWKWARD_SCALARS),
        st.text(max_size=10),
    ),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS), children, max_size=4)
    ),
    max_leaves=30,
)


@st.composite
def json_texts(draw: st.DrawFn) -> str:
    """JSON evidence: a generated document, then perhaps edited at the text level."""
    facts = st.dictionaries(st.sampled_from(FACT_NAMES), json_values, max_size=6) | json_values
    units = st.fixed_dictionaries(
        {"id": st.sampled_from(["d1", "d2", "d1"]) | st.text(max_size=4)},
        optional={"name": json_values, "facts": facts},
    )
    document = {"units": draw(st.lists(units, max_size=4))}
    text = json.dumps(document, ensure_ascii=draw(st.booleans()))
    places = [at + len('"facts": {') for at in _find_all(text, '"facts": {')]
    for _ in range(draw(st.integers(0, 2))):  # what json.dumps cannot write, where it is read
        if not places:
            break
        at = draw(st.sampled_from(places))
        comma = "" if text[at] == "}" else ", "  # an empty {} takes no comma
        text = text[:at] + draw(st.sampled_from(_JSON_SNIPPETS)) + comma + text[at:]
        places = [at + len('"facts": {') for at in _find_all(text, '"facts": {')]
    return draw(st.one_of(st.just(text), mutated((text,)), st.text(max_size=200)))


def _find_all(text: str, part: str) -> list[int]:
    found, at = [], text.find(part)
    while at >= 0:
        found.append(at)
        at = text.find(part, at + 1)
    return found


_JSON_SNIPPETS = (
    '"leader_checks": ' + "9" * 5000,
    '"leader_checks": 1e999999999',
    '"supervision_score": 1e-999999999',
    '"leader_checks": NaN',
    '"leader_checks": 3, "leader_checks": 4',
    '"campaign_stages": ' + "[" * 5000 + "]" * 5000,
    '"campaign_stages": ' + "[" * 40 + "]" * 40,
)


@st.composite
def fact_table(draw: st.DrawFn) -> list[list[str]]:
    """A well-formed table of the rulebook's facts (either layout) holding awkward values."""
    facts = draw(st.lists(st.sampled_from(FACT_NAMES), min_size=1, max_size=5, unique=True))
    units = [f"d{n}" for n in range(draw(st.integers(1, 4)))]
    values = [[draw(scalars) for _ in units] for _ in facts]
    if draw(st.booleans()):  # one row per unit
        return [["单位代码", *facts]] + [
            [unit, *(values[row][column] for row in range(len(facts)))]
            for column, unit in enumerate(units)
        ]
    return [["事实代码", *units]] + [[fact, *values[row]] for row, fact in enumerate(facts)]


@st.composite
def csv_bytes(draw: st.DrawFn) -> bytes:
    """A CSV file: a header row in one of the two layouts, awkward cells, any encoding."""
    if draw(st.booleans()):
        return _csv(draw, draw(fact_table()))
    key = draw(st.sampled_from(["单位代码", "事实代码", "id", "", "考核细则"]))
    width = draw(st.integers(1, 6))
    header = [
        key,
        *draw(
            st.lists(
                st.sampled_from(FACT_NAMES) | st.sampled_from(KEYS) | st.text(max_size=6),
                min_size=width,
                max_size=width,
            )
        ),
    ]
    rows = [header, *draw(st.lists(st.lists(scalars, max_size=width + 2), max_size=12))]
    return _csv(draw, rows)


def _csv(draw: st.DrawFn, rows: list[list[str]]) -> bytes:
    separator = draw(st.sampled_from([",", "\t", ";"]))

    def cell(text: str) -> str:
        if draw(st.booleans()) and ('"' in text or separator in text or "\n" in text):
            return '"' + text.replace('"', '""') + '"'
        return text

    text = "\n".join(separator.join(cell(value) for value in row) for row in rows)
    text = draw(st.one_of(st.just(text), mutated((text,))))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
    data = text.encode(encoding, errors="replace")
    return draw(st.one_of(st.just(data), st.binary(max_size=200)))


@st.composite
def xlsx_bytes(draw: st.DrawFn) -> bytes:
    """A workbook: sheets of awkward cells, merged ranges and hidden sheets; or damaged bytes."""
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    for index in range(draw(st.integers(1, 3))):
        sheet = (
            first
            if index == 0
            else workbook.create_sheet(
                draw(st.sampled_from(["证据", "说明", "补充", "x"])) + str(index)
            )
        )
        key = draw(st.sampled_from(["单位代码", "事实代码", "考核细则", "报送部门（office）", "x"]))
        rows: list[list[object]] = [
            [key, *draw(st.lists(st.sampled_from(FACT_NAMES + KEYS), max_size=4))]
        ]
        if draw(st.booleans()):
            rows = list(draw(fact_table()))
        rows += draw(
            st.lists(
                st.lists(
                    scalars
                    | st.integers(-(10**16), 10**16)
                    | st.floats(allow_nan=True, allow_infinity=True)
                    | st.booleans(),
                    max_size=5,
                ),
                max_size=8,
            )
        )
        for number, row in enumerate(rows, 1):
            for column, value in enumerate(row, 1):
                if isinstance(value, str):  # what openpyxl cannot write, it refuses
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)  # noqa: PLW2901
                    value = value.encode("utf-8", "ignore").decode("utf-8")  # noqa: PLW2901
                sheet.cell(row=number, column=column, value=value)
        for _ in range(draw(st.integers(0, 2))):
            top, left = draw(st.integers(1, 6)), draw(st.integers(1, 5))
            sheet.merge_cells(
                start_row=top,
                start_column=left,
                end_row=top + draw(st.integers(0, 2)),
                end_column=left + draw(st.integers(1, 2)),
            )
        if index and draw(st.booleans()):
            sheet.sheet_state = draw(st.sampled_from(["hidden", "veryHidden"]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if draw(st.integers(0, 3)) == 0:  # damage it
        # Where, as a share of the file: its length varies with the time openpyxl records.
        at = draw(st.integers(0, 999)) * len(data) // 1000
        data = data[:at] + draw(st.binary(max_size=8)) + data[at + draw(st.integers(0, 64)) :]
    return data
