"""The service's OpenAPI 3.1 document, served at ``/openapi.json``.

The result body is the JSON Schema the CLI ships (``io/result.schema.json``, draft
2020-12, which OpenAPI 3.1 uses as its schema dialect), embedded as
``components.schemas.Result`` with only its references rebased (see
:func:`embedded_schema`); the other bodies are described here. Path parameters
list the rulebooks and plans this process offers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import __version__
from ..io import result_schema
from ._formats import MEDIA_TYPES, SCORE_FORMATS
from ._problems import PROBLEM_MEDIA_TYPE, PROBLEM_TYPES

__all__ = ["embedded_schema", "openapi_document"]

_REF_PROBLEM = {"$ref": "#/components/schemas/Problem"}


def _problems(*statuses: int) -> dict[str, Any]:
    texts = {
        400: "请求有误（参数、字段或缺少证据）",
        401: "需要令牌",
        404: "细则、计划或单位不存在",
        413: "请求过大",
        415: "请求正文的类型不受支持",
        422: "证据或输入文件有误：problems 列出每一个问题",
        503: "超过时间上限",
    }
    return {
        str(status): {
            "description": texts[status],
            "content": {PROBLEM_MEDIA_TYPE: {"schema": _REF_PROBLEM}},
        }
        for status in statuses
    }


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _format(choices: Sequence[str], default: str) -> dict[str, Any]:
    return _query(
        "format", "输出格式", {"type": "string", "enum": list(choices), "default": default}
    )


def _evidence_body(*, json_body: bool = True) -> dict[str, Any]:
    content: dict[str, Any] = {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["evidence"],
                "properties": {
                    "evidence": {
                        "type": "array",
                        "items": {"type": "string", "contentMediaType": "application/octet-stream"},
                        "description": (
                            "证据文件（xlsx、csv、yaml、yml、json），可多个，按单位代码合并"
                        ),
                    }
                },
            },
            "encoding": {"evidence": {"contentType": "application/octet-stream"}},
        }
    }
    if json_body:
        content["application/json"] = {"schema": {"$ref": "#/components/schemas/Evidence"}}
    return {"required": True, "content": content}


def _text_content(*formats: str) -> dict[str, Any]:
    return {MEDIA_TYPES[f].split(";")[0]: {"schema": {"type": "string"}} for f in formats}


def embedded_schema(schema: Any, at: str) -> Any:
    """*schema* as it reads at pointer *at* of a larger document.

    A schema's own references (``#/$defs/decimal``) point into it; placed at
    ``#/components/schemas/Result`` they must say so. Its ``$id`` and ``$schema`` go:
    an ``$id`` would make a reader resolve those references against the schema's URI,
    and OpenAPI's ``jsonSchemaDialect`` already names draft 2020-12. Nothing else
    changes; the file itself is served at ``/schemas/result.schema.json``.

    >>> embedded_schema({"$id": "x", "a": {"$ref": "#/$defs/d"}}, "#/components/schemas/R")
    {'a': {'$ref': '#/components/schemas/R/$defs/d'}}
    """
    if isinstance(schema, dict):
        moved = {}
        for key, value in schema.items():
            if key in ("$id", "$schema"):
                continue
            if key == "$ref" and isinstance(value, str) and value.startswith("#/"):
                moved[key] = at + value[1:]
            else:
                moved[key] = embedded_schema(value, at)
        return moved
    if isinstance(schema, list):
        return [embedded_schema(item, at) for item in schema]
    return schema


def openapi_document(
    rulebooks: Sequence[str], plans: Sequence[str], *, token: bool
) -> dict[str, Any]:
    """The OpenAPI 3.1 document for a service offering *rulebooks* and *plans*.

    >>> document = openapi_document(["wujin-2021-departments"], [], token=False)
    >>> document["openapi"], "/api/rulebooks/{rulebook}/score" in document["paths"]
    ('3.1.0', True)
    """
    rulebook = {
        "name": "rulebook",
        "in": "path",
        "required": True,
        "description": "考核细则代码（见 GET /api/rulebooks）",
        "schema": {"type": "string", "enum": list(rulebooks)},
    }
    plan = {
        "name": "plan",
        "in": "path",
        "required": True,
        "description": "工作计划或考核日历代码（见 GET /api/plans）",
        "schema": {"type": "string", "enum": list(plans)} if plans else {"type": "string"},
    }
    as_of = _query(
        "as_of", "状态所取的日期（YYYY-MM-DD），默认今天", {"type": "string", "format": "date"}
    )
    document_json = {"application/json": {"schema": {"type": "object"}}}
    score_content: dict[str, Any] = {
        "application/json": {"schema": {"$ref": "#/components/schemas/Result"}},
        MEDIA_TYPES["xlsx"]: {
            "schema": {"type": "string", "contentMediaType": MEDIA_TYPES["xlsx"]}
        },
        **_text_content("csv", "md"),
    }
    paths: dict[str, Any] = {
        "/api/rulebooks": {
            "get": {
                "operationId": "listRulebooks",
                "summary": "考核细则列表",
                "responses": {
                    "200": {
                        "description": "每份细则的代码、名称、年度、满分与来源",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/RulebookSummary"},
                                }
                            }
                        },
                    },
                    **_problems(401),
                },
            }
        },
        "/api/rulebooks/{rulebook}": {
            "get": {
                "operationId": "showRulebook",
                "summary": "细则结构：节点、分值、扣完为止、★、一票否决、加分、事实与等次",
                "description": "与 `assessment-rules show --format json|md|text` 相同。",
                "parameters": [rulebook, _format(("json", "md", "text"), "json")],
                "responses": {
                    "200": {
                        "description": "细则的树、事实与等次线",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Outline"}
                            },
                            **_text_content("md", "text"),
                        },
                    },
                    **_problems(400, 401, 404),
                },
            }
        },
        "/api/rulebooks/{rulebook}/template": {
            "get": {
                "operationId": "downloadTemplate",
                "summary": "空白证据填报表（xlsx、csv、yaml）",
                "description": "与 `assessment-rules template` 相同。",
                "parameters": [
                    rulebook,
                    _format(("xlsx", "csv", "yaml"), "xlsx"),
                    _query(
                        "units",
                        "单位列数（1–5000），单位代码 unit-01…",
                        {"type": "integer", "minimum": 1, "maximum": 5000},
                    ),
                    {
                        "name": "unit",
                        "in": "query",
                        "required": False,
                        "description": "列出的单位：代码=名称，可重复",
                        "schema": {"type": "array", "items": {"type": "string"}},
                        "style": "form",
                        "explode": True,
                    },
                    _query(
                        "layout",
                        "columns：每个单位一列；rows：每个单位一行",
                        {"type": "string", "enum": ["columns", "rows"], "default": "columns"},
                    ),
                    _query("office", "只列该报送部门负责的事实", {"type": "string"}),
                ],
                "responses": {
                    "200": {
                        "description": "填报表文件（附件）",
                        "content": {
                            MEDIA_TYPES["xlsx"]: {
                                "schema": {
                                    "type": "string",
                                    "contentMediaType": MEDIA_TYPES["xlsx"],
                                }
                            },
                            **_text_content("csv", "yaml"),
                        },
                    },
                    **_problems(400, 401, 404),
                },
            }
        },
        "/api/rulebooks/{rulebook}/validate": {
            "post": {
                "operationId": "validateEvidence",
                "summary": "检查证据（不返回分数）",
                "parameters": [rulebook],
                "requestBody": _evidence_body(),
                "responses": {
                    "200": {
                        "description": "证据有效：单位与文件",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Validation"}
                            }
                        },
                    },
                    **_problems(400, 401, 404, 413, 415, 422, 503),
                },
            }
        },
        "/api/rulebooks/{rulebook}/score": {
            "post": {
                "operationId": "scoreCohort",
                "summary": "评分、排名并说明每一分",
                "description": (
                    "与 `assessment-rules score --format json|xlsx|csv|md` 相同。"
                    "格式由 format 参数给出，或按 Accept 头选择；默认 JSON。"
                    "JSON 结果中 evidence[].path 为上传时的文件名（JSON 正文为 request.json）。"
                ),
                "parameters": [rulebook, _format(SCORE_FORMATS, "json")],
                "requestBody": _evidence_body(),
                "responses": {
                    "200": {"description": "评分结果", "content": score_content},
                    **_problems(400, 401, 404, 413, 415, 422, 503),
                },
            }
        },
        "/api/rulebooks/{rulebook}/explain": {
            "post": {
                "operationId": "explainUnit",
                "summary": "一个单位的完整台账",
                "description": (
                    "与 `assessment-rules explain --unit ID --format json|md|text` 相同。"
                ),
                "parameters": [
                    rulebook,
                    {
                        "name": "unit",
                        "in": "query",
                        "required": True,
                        "description": "单位代码或名称",
                        "schema": {"type": "string"},
                    },
                    _format(("json", "md", "text"), "json"),
                ],
                "requestBody": _evidence_body(),
                "responses": {
                    "200": {
                        "description": "单位结果（JSON）或台账（Markdown、文本）",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Result/$defs/unit"}
                            },
                            **_text_content("md", "text"),
                        },
                    },
                    **_problems(400, 401, 404, 413, 415, 422, 503),
                },
            }
        },
        "/api/rulebooks/{rulebook}/compare": {
            "post": {
                "operationId": "compareSelfEvaluation",
                "summary": "自评与考核评分对照",
                "description": "与 `assessment-rules compare --format json` 相同。",
                "parameters": [rulebook],
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["self", "assessor"],
                                "properties": {
                                    "self": {
                                        "type": "array",
                                        "items": {
                                            "type": "string",
                                            "contentMediaType": "application/octet-stream",
                                        },
                                        "description": "自评证据",
                                    },
                                    "assessor": {
                                        "type": "array",
                                        "items": {
                                            "type": "string",
                                            "contentMediaType": "application/octet-stream",
                                        },
                                        "description": "考核证据",
                                    },
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "每个单位两边的总分与不同的条款",
                        "content": document_json,
                    },
                    **_problems(400, 401, 404, 413, 415, 422, 503),
                },
            }
        },
        "/api/diff": {
            "get": {
                "operationId": "diffRulebooks",
                "summary": "两份细则之间的变化",
                "description": "与 `assessment-rules diff OLD NEW` 相同。",
                "parameters": [
                    {
                        "name": "old",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "enum": list(rulebooks)},
                    },
                    {
                        "name": "new",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "enum": list(rulebooks)},
                    },
                    _format(("json", "md", "text"), "json"),
                ],
                "responses": {
                    "200": {
                        "description": "变化列表",
                        "content": {**document_json, **_text_content("md", "text")},
                    },
                    **_problems(400, 401, 404),
                },
            }
        },
        "/api/plans": {
            "get": {
                "operationId": "listPlans",
                "summary": "内置的工作计划与考核日历",
                "responses": {
                    "200": {
                        "description": "代码、名称、年度、类别",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/PlanSummary"},
                                }
                            }
                        },
                    },
                    **_problems(401),
                },
            }
        },
    }
    tasks_parameters = [
        plan,
        as_of,
        _query("unit", "只看该单位（单位或组名）", {"type": "string"}),
        _query(
            "points",
            "与 unit 同用：按这些分值给牵头任务计分",
            {"type": "string", "pattern": r"^\d+(\.\d+)?$"},
        ),
        _query(
            "late_credit",
            "与 points 同用：逾期完成保留的比例（0–1，默认 0.5）",
            {"type": "string", "pattern": r"^\d+(\.\d+)?$"},
        ),
        _format(("json", "md", "text"), "json"),
    ]
    upload = {"type": "string", "contentMediaType": "application/octet-stream"}
    tasks_response = {
        "200": {
            "description": "任务及其状态",
            "content": {**document_json, **_text_content("md", "text")},
        },
        **_problems(400, 401, 404, 413, 415, 422, 503),
    }
    paths["/api/plans/{plan}/tasks"] = {
        "get": {
            "operationId": "planTasks",
            "summary": "工作计划的任务及其状态",
            "description": "与 `assessment-rules tasks` 相同。",
            "parameters": tasks_parameters,
            "responses": tasks_response,
        },
        "post": {
            "operationId": "planTasksWithProgress",
            "summary": "同上，附进度文件",
            "parameters": tasks_parameters,
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {"type": "object", "properties": {"progress": upload}}
                    }
                },
            },
            "responses": tasks_response,
        },
    }
    calendar_parameters = [plan, as_of, _format(("json", "md", "text"), "json")]
    paths["/api/plans/{plan}/calendar"] = {
        "get": {
            "operationId": "planCalendar",
            "summary": "何时到期、何事逾期",
            "description": "与 `assessment-rules calendar` 相同。",
            "parameters": calendar_parameters,
            "responses": tasks_response,
        },
        "post": {
            "operationId": "planCalendarWithFiles",
            "summary": "同上，附进度（工作计划）或报送（考核日历）文件",
            "parameters": calendar_parameters,
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "properties": {"progress": upload, "submissions": upload},
                        }
                    }
                },
            },
            "responses": tasks_response,
        },
    }
    paths["/openapi.json"] = {
        "get": {
            "operationId": "openapi",
            "summary": "本文档（OpenAPI 3.1）",
            "responses": {
                "200": {
                    "description": "OpenAPI 3.1 文档",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    }
    paths["/schemas/result.schema.json"] = {
        "get": {
            "operationId": "resultSchema",
            "summary": "评分结果的 JSON Schema（与命令行随包发布的相同）",
            "responses": {
                "200": {
                    "description": "JSON Schema 2020-12",
                    "content": {"application/schema+json": {"schema": {"type": "object"}}},
                }
            },
        }
    }
    paths["/healthz"] = {
        "get": {
            "operationId": "health",
            "summary": "存活检查（不需要令牌）",
            "security": [],
            "responses": {
                "200": {
                    "description": "服务在运行",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    }
    schemas: dict[str, Any] = {
        "Result": embedded_schema(result_schema(), "#/components/schemas/Result"),
        "Evidence": {
            "type": "object",
            "description": "证据文件的 JSON 形式（与 YAML 证据相同的结构）；小数按十进制读取",
            "required": ["units"],
            "properties": {
                "rulebook": {"type": "string", "description": "细则代码；给出时须与路径中的相同"},
                "office": {"type": "string", "description": "报送部门代码（分部门报送时）"},
                "units": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id"],
                        "properties": {
                            "id": {"type": "string"},
                            "name": {"type": "string"},
                            "facts": {"type": "object", "additionalProperties": True},
                        },
                        "additionalProperties": False,
                    },
                },
            },
        },
        "Problem": {
            "type": "object",
            "description": "RFC 9457 problem details；type 为 /problems/<类别>",
            "required": ["type", "title", "status", "detail"],
            "properties": {
                "type": {"type": "string", "enum": [f"/problems/{kind}" for kind in PROBLEM_TYPES]},
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string"},
                "instance": {"type": "string"},
                "problems": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/ProblemItem"},
                },
            },
        },
        "ProblemItem": {
            "type": "object",
            "description": (
                "一个问题：文件、位置（行、工作表、单元格）、单位、事实、取值、要求、条款路径、提示"
            ),
            "properties": {
                "file": {"type": ["string", "null"]},
                "location": {"type": "string"},
                "line": {"type": "integer"},
                "sheet": {"type": "string"},
                "cell": {"type": "string"},
                "unit": {"type": ["string", "null"]},
                "fact": {"type": ["string", "null"]},
                "field": {"type": "string"},
                "value": {},
                "expectation": {"type": "string"},
                "paths": {"type": "array", "items": {"type": "string"}},
                "hint": {"type": "string"},
                "message": {"type": "string"},
            },
        },
        "RulebookSummary": {
            "type": "object",
            "required": ["id", "title", "points", "source"],
            "properties": {
                "id": {"type": "string"},
                "title": {"type": "string"},
                "year": {"type": ["integer", "null"]},
                "points": {"type": "string"},
                "source": {"type": "string", "description": "bundled，或本地细则文件"},
            },
        },
        "Outline": {
            "type": "object",
            "description": "与 `assessment-rules show --format json` 相同：细则的树、事实与等次线",
            "required": ["id", "title", "points", "facts", "children"],
            "properties": {
                "id": {"type": "string"},
                "title": {"type": "string"},
                "points": {"type": "string"},
                "grades": {"type": "array", "items": {"type": "object"}},
                "facts": {"type": "array", "items": {"type": "object"}},
                "children": {"type": "array", "items": {"type": "object"}},
            },
        },
        "Validation": {
            "type": "object",
            "required": ["valid", "rulebook", "units", "evidence"],
            "properties": {
                "valid": {"const": True},
                "rulebook": {"type": "string"},
                "units": {"type": "array", "items": {"type": "object"}},
                "evidence": {"type": "array", "items": {"type": "object"}},
            },
        },
        "PlanSummary": {
            "type": "object",
            "required": ["id", "title", "kind"],
            "properties": {
                "id": {"type": "string"},
                "title": {"type": "string"},
                "year": {"type": ["integer", "null"]},
                "kind": {"enum": ["workplan", "calendar"]},
            },
        },
    }
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "assessment-rules",
            "version": __version__,
            "summary": "绩效考核细则即代码：按细则精确计分，逐条说明失分原因",
            "description": (
                "与命令行 `assessment-rules` 相同的评分引擎。错误为 RFC 9457 "
                "application/problem+json，列出每一个问题的文件、位置、单位与事实。"
                "服务不在请求之间保存任何状态。"
            ),
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "部署时设置环境变量 ASSESSMENT_RULES_TOKEN 后才需要",
                }
            },
        },
    }
    if token:
        document["security"] = [{"bearer": []}]
    return document
