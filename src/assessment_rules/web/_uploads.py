"""Untrusted uploads: read from the request, kept in a private temporary folder.

A request's files are read into memory by the event loop (the body is already bounded
by the size limit), then written by the scoring thread into a folder of its own
(``mkdtemp``: mode 0700, outside any working tree) under a cleaned-up version of the
client's file name, and the folder is removed when the request's work ends, whatever
happens. The library's readers then read them exactly as the CLI reads files, so an
upload gives the same result, the same limits and the same messages as the CLI; the
messages name the client's file name, never the server's path.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

import attrs
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request

from ._problems import PROBLEM_TYPES, ProblemError
from ._settings import ServiceSettings

__all__ = ["JSON_BODY_NAME", "Submission", "Upload", "Workspace", "read_submission", "safe_name"]

JSON_BODY_NAME: Final = "request.json"
"""The name a JSON request body is read and reported under."""
_MAX_NAME: Final = 120
_UNSAFE: Final = re.compile(r"[\x00-\x1f\x7f-\x9f/\\:*?\"<>|]")


@attrs.frozen
class Upload:
    """One uploaded file: the form field it came in, the client's name, its bytes."""

    field: str
    name: str
    data: bytes = attrs.field(repr=False)


@attrs.frozen
class Submission:
    """Everything a request sent: its files and its plain form fields."""

    uploads: tuple[Upload, ...]
    fields: dict[str, str] = attrs.field(factory=dict)

    def files(self, field: str) -> tuple[Upload, ...]:
        """The files sent in *field*."""
        return tuple(upload for upload in self.uploads if upload.field == field)


def safe_name(name: str, index: int) -> str:
    """The client's file name reduced to one safe path component, suffix kept.

    >>> safe_name("../../etc/证据.xlsx", 1), safe_name("C:\\\\x\\\\a.csv", 2), safe_name("..", 3)
    ('证据.xlsx', 'a.csv', 'upload-3')
    """
    base = re.split(r"[/\\]", unicodedata.normalize("NFC", name))[-1]
    base = _UNSAFE.sub("_", base).strip().strip(".") if base not in (".", "..") else ""
    if len(base) > _MAX_NAME:
        stem, dot, suffix = base.rpartition(".")
        base = (stem[: _MAX_NAME - len(suffix) - 1] + dot + suffix) if dot else base[:_MAX_NAME]
    return base or f"upload-{index}"


class Workspace:
    """A private temporary folder for one request's files, and their shown names."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="assessment-rules-web-"))
        self._shown: list[tuple[str, str]] = []  # (server path, name shown to the client)

    def add(self, name: str, data: bytes) -> Path:
        """Write one uploaded file; return its path. Each file gets its own sub-folder,
        so two uploads with one name never collide."""
        index = len(self._shown) + 1
        folder = self.root / str(index)
        folder.mkdir(mode=0o700)
        clean = safe_name(name, index)
        path = folder / clean
        with open(path, "xb") as out:
            out.write(data)
        names = {shown for _, shown in self._shown}
        shown = clean if clean not in names else f"{clean}#{index}"
        self._shown.append((str(path), shown))
        return path

    @property
    def names(self) -> list[str]:
        """The names files are shown by, in upload order."""
        return [shown for _, shown in self._shown]

    def shown(self, text: str) -> str:
        """*text* with every server path of an uploaded file replaced by its shown name."""
        for path, shown in sorted(self._shown, key=lambda pair: len(pair[0]), reverse=True):
            text = text.replace(path, shown)
        return text.replace(str(self.root), "…")

    def cleanup(self) -> None:
        """Remove the folder and everything in it."""
        shutil.rmtree(self.root, ignore_errors=True)


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


async def read_submission(
    request: Request,
    settings: ServiceSettings,
    file_fields: Sequence[str],
    *,
    json_field: str | None = None,
    required: Iterable[str] = (),
) -> Submission:
    """Read a request's files (multipart) or its JSON body (as one file of *json_field*).

    Raises:
        ProblemError: 415 for another content type, 400 for files in an unknown field
            or too many files, ``missing-evidence`` (400) when a *required* field is empty.
    """
    kind = _media_type(request)
    uploads: list[Upload] = []
    fields: dict[str, str] = {}
    if kind == "multipart/form-data":
        try:
            form = await request.form(max_files=settings.max_files, max_fields=100)
        except HTTPException as error:
            too_many = "files" in str(error.detail).lower()
            slug = "too-many-files" if too_many else "bad-request"
            detail = f"一次最多上传 {settings.max_files} 个文件" if too_many else "表单无法读取"
            raise ProblemError(400, slug, PROBLEM_TYPES[slug][0], detail) from None
        try:
            for key, value in form.multi_items():
                if isinstance(value, UploadFile):
                    if key not in file_fields:
                        raise ProblemError(
                            400,
                            "bad-request",
                            PROBLEM_TYPES["bad-request"][0],
                            f"文件字段 {key!r} 不受支持（可用：{'、'.join(file_fields)}）",
                        )
                    data = await value.read()
                    if not value.filename and not data:
                        continue  # a file input left empty in a browser form
                    uploads.append(Upload(key, value.filename or "", data))
                else:
                    fields.setdefault(key, value)
        finally:
            await form.close()
    elif json_field is not None and kind in ("application/json", "application/problem+json"):
        uploads.append(Upload(json_field, JSON_BODY_NAME, await request.body()))
    else:
        accepted = "multipart/form-data" + ("、application/json" if json_field else "")
        raise ProblemError(
            415,
            "unsupported-media-type",
            PROBLEM_TYPES["unsupported-media-type"][0],
            f"请求正文的类型 {kind or '（未给出）'!r} 不受支持；可用：{accepted}",
        )
    submission = Submission(tuple(uploads), fields)
    missing = [field for field in required if not submission.files(field)]
    if missing:
        raise ProblemError(
            400,
            "missing-evidence",
            PROBLEM_TYPES["missing-evidence"][0],
            "请求中没有证据文件：" + "、".join(f"multipart 字段 {field!r}" for field in missing),
            [{"field": field, "expectation": "至少上传一个文件"} for field in missing],
        )
    return submission
