"""Generate the HTTP service's OpenAPI pages at build time (mkdocs-gen-files).

``http-api/openapi.json`` is the document ``assessment-rules serve`` answers at
``/openapi.json`` for the bundled rulebooks; ``http-api/operations.md`` lists its
operations and problem types. Nothing is written into docs/.
"""

from __future__ import annotations

import json
from typing import Any

import mkdocs_gen_files

from assessment_rules.calendar import bundled_plans
from assessment_rules.engine import bundled_rulebooks


def _operations(document: dict[str, Any], problem_types: dict[str, tuple[str, str]]) -> str:
    lines = [
        "# 接口一览（由 OpenAPI 文档生成）",
        "",
        "本页在构建文档时由服务的 OpenAPI 3.1 文档生成；完整文档：[openapi.json](openapi.json)"
        "（与运行中的服务在 `/openapi.json` 给出的相同）。",
        "",
        "| 方法 | 路径 | 作用 | 成功 | 错误（problem+json） |",
        "|---|---|---|---|---|",
    ]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            codes = sorted(operation["responses"])
            ok = "、".join(code for code in codes if code.startswith("2"))
            failed = "、".join(code for code in codes if not code.startswith("2")) or "—"
            summary = operation["summary"].replace("|", "\\|")
            lines.append(f"| `{method.upper()}` | `{path}` | {summary} | {ok} | {failed} |")
    lines += ["", "## 问题类别（`type`）", "", "| type | 标题 | 含义 |", "|---|---|---|"]
    for kind, (title, text) in problem_types.items():
        lines.append(f"| `/problems/{kind}` | {title} | {text} |")
    return "\n".join(lines) + "\n"


try:
    from assessment_rules.web._openapi import openapi_document
    from assessment_rules.web._problems import PROBLEM_TYPES
except ImportError:  # the serve extra is not installed where the docs are built
    document: dict[str, Any] = {"note": 'pip install "assessment-rules[serve]" to build this'}
    page = "# 接口一览\n\n构建文档时未安装 serve 扩展，接口一览未生成。\n"
else:
    document = openapi_document(sorted(bundled_rulebooks()), list(bundled_plans()), token=False)
    page = _operations(document, dict(PROBLEM_TYPES))

with mkdocs_gen_files.open("http-api/openapi.json", "w") as out:
    out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
with mkdocs_gen_files.open("http-api/operations.md", "w") as out:
    out.write(page)
