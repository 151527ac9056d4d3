"""MkDocs hooks for Chinese search (see assessment_rules.docs.register_search_terms).

- on_config: the score sheets' terms (扣完为止, 一票否决, 执行率…) become jieba words
  before the search plugin indexes any page, so they are indexed whole.
- on_post_build: the theme's query segmentation is fixed so a query that is itself one
  indexed word is kept whole (see assessment_rules.docs.patch_search_worker).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from assessment_rules.docs import patch_search_worker, register_search_terms

log = logging.getLogger("mkdocs.hooks.search")


def on_config(config: Any) -> Any:
    register_search_terms()
    return config


def on_post_build(config: Any) -> None:
    if not patch_search_worker(Path(config["site_dir"])):
        log.info("search worker not patched: the theme's segmentation loop was not found")
