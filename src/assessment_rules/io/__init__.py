"""Reading evidence and writing results: the I/O layer, kept apart from scoring."""

from ._evidence_files import (
    EvidenceFileError,
    parse_evidence,
    read_evidence,
    read_evidence_files,
)
from ._json import SCHEMA_VERSION, cohort_to_dict, dumps, rulebook_digest, unit_to_dict
from ._yaml import load_yaml

__all__ = [
    "SCHEMA_VERSION",
    "EvidenceFileError",
    "cohort_to_dict",
    "dumps",
    "load_yaml",
    "parse_evidence",
    "read_evidence",
    "read_evidence_files",
    "rulebook_digest",
    "unit_to_dict",
]
