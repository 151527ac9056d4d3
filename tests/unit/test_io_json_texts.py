"""The JSON writer's tables of encoded pieces: what they keep, and that it changes no text."""

from __future__ import annotations

from assessment_rules import CapAt, Deduct, Evidence, GradeBand, Item, Rulebook, Section, assess
from assessment_rules.io import cohort_to_dict, dumps, iter_cohort_json
from assessment_rules.io._json import _Texts, _unit_line


def _book() -> Rulebook:
    item = Item(
        "a",
        "台账",
        points="4",
        children=(Deduct("x", "缺甲", rate="3"), Deduct("y", "缺乙", rate="3")),
    )
    plain = Item("b", "培训", points="6", children=(Deduct("z", "未培训", rate="1"),))
    return Rulebook(
        "texts",
        "示例",
        points="10",
        grades=(GradeBand("优秀", "9"), GradeBand("合格", "0")),
        children=(Section("s", "安全", points="10", children=(CapAt(item), plain)),),
    )


def _cohort() -> object:
    return assess(
        _book(),
        [
            Evidence("u1", {"x": True, "y": False, "z": True}, "甲"),
            Evidence("u2", {"x": True, "y": True, "z": False}, "乙"),
            Evidence("u3", {"x": False, "y": False, "z": False}, "丙"),
        ],
    )


class TestTexts:
    def test_zero_point_clauses_are_not_kept(self) -> None:
        """A zero-point clause writes no node, so the table of subtrees has no entry
        for it (three units × three Deduct clauses would otherwise add nine)."""
        book = _book()
        cohort = _cohort()
        texts = _Texts(book)
        for ranked in cohort.units:  # type: ignore[attr-defined]
            _unit_line(ranked, texts)
        assert texts.subtrees
        assert all(texts.subtrees.values())

    def test_the_document_is_what_the_standard_encoder_writes(self) -> None:
        """The streamed document equals ``dumps(cohort_to_dict(...))``, the dict path."""
        book = _book()
        cohort = _cohort()
        streamed = "".join(iter_cohort_json(cohort, book))  # type: ignore[arg-type]
        assert streamed == dumps(cohort_to_dict(cohort, book))  # type: ignore[arg-type]
