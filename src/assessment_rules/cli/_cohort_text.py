"""The cohort summary as Chinese text, printed under the ranking table."""

from __future__ import annotations

from ..cohorts._cohort import Cohort
from ..engine._numbers import fmt, round_half_up

__all__ = ["summary_text"]


def summary_text(cohort: Cohort, top: int = 5) -> str:
    """等次分布, 平均分/中位数, and the clauses where the cohort lost most points.

    Returns "" for an empty cohort.
    """
    if not cohort.units:
        return ""
    summary = cohort.summary
    grades = "，".join(f"{grade}{count}个" for grade, count in summary.grades)
    vetoed = f"（其中一票否决{summary.vetoed}个）" if summary.vetoed else ""
    # Shown to 2 places, as every score on a sheet; the JSON keeps the 4-place mean.
    shown = round_half_up(summary.mean, 2)
    exact = summary.mean_exact and shown == summary.mean
    mean = fmt(shown) + ("" if exact else "（四舍五入保留2位小数）")
    lines = [
        f"等次分布：{grades}{vetoed}",
        f"平均分{mean}分，中位数{fmt(summary.median)}分，最高{fmt(summary.highest)}分，"
        f"最低{fmt(summary.lowest)}分（共{summary.size}个单位）",
    ]
    losses = summary.top_losses(top)
    if losses:
        lines.append("失分最多的条款：")
        lines.extend(
            f"  {i}. {loss.title}（{loss.path}）：{loss.units}个单位共扣{fmt(loss.points)}分"
            for i, loss in enumerate(losses, start=1)
        )
    return "\n".join(lines) + "\n"
