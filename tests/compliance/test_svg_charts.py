"""The server-side SVG charts of the PDF report: valid SVG, accessible names, bars and lines
that match the numbers, escaped text."""

import xml.etree.ElementTree as ET

import pytest

from compliance.svg_charts import Series, bar_chart, line_chart, nice_max

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, under test


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, 1), (0.4, 1), (1, 1), (1.5, 2), (3, 5), (7, 10), (10, 10), (21, 50), (101, 200)],
)
def test_nice_max_rounds_up_to_one_two_or_five(value, expected):
    assert nice_max(value) == expected


def test_a_bar_chart_is_an_accessible_image_with_a_title_and_a_description():
    svg = _parse(bar_chart(title="Disposals", categories=["Jan", "Feb"], series=[Series("Destroy", [2, 0])]))

    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Disposals"
    assert svg.find(f"{SVG}desc").text == "Jan: Destroy 2; Feb: Destroy 0"


def test_stacked_bars_draw_one_rect_per_nonzero_value_and_stack_to_the_total():
    svg = _parse(
        bar_chart(
            title="t",
            categories=["Mar", "Apr"],
            series=[Series("Destroy", [2, 0]), Series("Anonymise", [2, 1])],
            stacked=True,
            width=400,
            height=200,
        )
    )
    bars = [rect for rect in svg.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]

    assert [bar.find(f"{SVG}title").text for bar in bars] == [
        "Mar, Destroy: 2",
        "Mar, Anonymise: 2",
        "Apr, Anonymise: 1",
    ]
    # March's two bars touch: the second starts where the first ends, and both reach the top (4 → max 5)
    first, second = bars[0], bars[1]
    assert float(second.get("y")) + float(second.get("height")) == pytest.approx(float(first.get("y")))
    heights = [float(b.get("height")) for b in bars]
    assert heights[0] == pytest.approx(heights[1])
    assert heights[2] == pytest.approx(heights[0] / 2)


def test_grouped_bars_sit_side_by_side_from_the_baseline():
    svg = _parse(
        bar_chart(title="t", categories=["Mar"], series=[Series("A", [1]), Series("B", [2])], stacked=False)
    )
    bars = [rect for rect in svg.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]
    bottoms = {round(float(b.get("y")) + float(b.get("height")), 1) for b in bars}

    assert len(bars) == 2 and len(bottoms) == 1
    assert float(bars[1].get("x")) > float(bars[0].get("x"))


def test_a_line_chart_breaks_where_a_value_is_missing():
    svg = _parse(
        line_chart(
            title="On time",
            categories=["Jan", "Feb", "Mar", "Apr", "May"],
            series=[Series("On time", [50, 100, None, 80, 90])],
            unit="%",
            top_value=100,
        )
    )

    assert len(list(svg.iter(f"{SVG}circle"))) == 4
    assert len(list(svg.iter(f"{SVG}polyline"))) == 2  # Jan-Feb and Apr-May, nothing through March
    assert "Mar: On time no data" in svg.find(f"{SVG}desc").text
    assert any(text.text == "100%" for text in svg.iter(f"{SVG}text"))


def test_text_is_escaped():
    svg = bar_chart(title="<script>alert(1)</script>", categories=["a&b"], series=[Series('"x"', [1])])

    assert "<script>" not in svg
    assert _parse(svg).find(f"{SVG}title").text == "<script>alert(1)</script>"


def test_series_must_match_the_categories_and_be_non_negative():
    with pytest.raises(ValueError, match="2 values for 1 categories"):
        bar_chart(title="t", categories=["a"], series=[Series("s", [1, 2])])
    with pytest.raises(ValueError, match="no negative"):
        line_chart(title="t", categories=["a"], series=[Series("s", [-1])])
    with pytest.raises(ValueError, match="at least one series"):
        bar_chart(title="t", categories=["a"], series=[])
