"""Reading evidence and writing results: the I/O layer, kept apart from scoring."""

from __future__ import annotations

from .._lazy import lazy_names

# Read by the type checker only; ``typing`` itself is not imported (it is slow to).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._evidence_files import (
        EVIDENCE_SUFFIXES,
        EvidenceFile,
        EvidenceFileError,
        EvidenceSet,
        load_evidence,
        parse_evidence,
        read_evidence,
        read_evidence_files,
    )
    from ._json import (
        SCHEMA_VERSION,
        cohort_to_dict,
        dumps,
        iter_cohort_json,
        result_schema,
        rulebook_digest,
        unit_to_dict,
    )
    from ._office_files import read_office_evidence
    from ._yaml import YamlError, load_yaml

__all__ = [
    "EVIDENCE_SUFFIXES",
    "SCHEMA_VERSION",
    "EvidenceFile",
    "EvidenceFileError",
    "EvidenceSet",
    "YamlError",
    "cohort_to_dict",
    "dumps",
    "iter_cohort_json",
    "load_evidence",
    "load_yaml",
    "parse_evidence",
    "read_evidence",
    "read_evidence_files",
    "read_office_evidence",
    "result_schema",
    "rulebook_digest",
    "unit_to_dict",
]

# Each name is imported from its module when first used (see assessment_rules._lazy).
__getattr__, __dir__ = lazy_names(
    __name__,
    {
        "._evidence_files": (
            "EVIDENCE_SUFFIXES EvidenceFile EvidenceFileError EvidenceSet "
            "load_evidence parse_evidence read_evidence read_evidence_files"
        ),
        "._json": (
            "SCHEMA_VERSION cohort_to_dict dumps iter_cohort_json result_schema "
            "rulebook_digest unit_to_dict"
        ),
        "._office_files": "read_office_evidence",
        "._yaml": "YamlError load_yaml",
    },
)
