"""The geometry of the timeline picture (pure: no database)."""

from datetime import date

from goals.timeline import TimelineRow, build_timeline


def row(
    id,
    start,
    finish,
    *,
    earliest=None,
    critical=False,
    late=False,
    checkpoint=False,
    status="todo",
    title=None,
):
    return TimelineRow(
        id=id,
        title=title or f"Milestone {id}",
        status=status,
        latest_start=start,
        latest_finish=finish,
        earliest_start=earliest[0] if earliest else None,
        earliest_finish=earliest[1] if earliest else None,
        is_critical=critical,
        is_late=late,
        is_checkpoint=checkpoint,
    )


MON, TUE, WED, THU, FRI = (date(2027, 3, day) for day in range(1, 6))


def test_bars_run_from_the_latest_start_to_the_end_of_the_latest_finish_day():
    timeline = build_timeline(
        rows=[row(1, TUE, WED), row(2, FRI, FRI)],
        dependencies=[],
        target_date=FRI,
        today=MON,
        width=720,
    )
    first, second = timeline.bars
    day = timeline.day_width
    assert (timeline.first_day, timeline.last_day) == (MON, FRI)
    assert first.x == timeline.chart_left + day
    assert abs(first.width - 2 * day) < 0.01
    assert abs(second.x + second.width - timeline.chart_right) < 0.01
    assert second.y > first.y
    assert timeline.height > second.y + second.height


def test_today_and_the_target_sit_in_the_middle_of_their_days():
    timeline = build_timeline(rows=[], dependencies=[], target_date=FRI, today=MON)
    half_day = timeline.day_width / 2
    assert abs(timeline.today_x - (timeline.chart_left + half_day)) < 0.01
    assert abs(timeline.target_x - (timeline.chart_right - half_day)) < 0.01
    assert timeline.bars == [] and timeline.height > 0


def test_earliest_dates_are_drawn_under_the_bar_and_closed_milestones_have_none():
    timeline = build_timeline(
        rows=[row(1, WED, THU, earliest=(MON, TUE)), row(2, FRI, FRI, status="done")],
        dependencies=[],
        target_date=FRI,
        today=MON,
    )
    open_bar, done_bar = timeline.bars
    assert open_bar.earliest.x == timeline.chart_left
    assert open_bar.earliest.y > open_bar.y + open_bar.height - 1
    assert done_bar.earliest is None
    assert "is-done" in done_bar.css_class


def test_a_checkpoint_is_a_diamond_and_flags_become_classes():
    timeline = build_timeline(
        rows=[row(1, WED, WED, checkpoint=True, critical=True), row(2, THU, FRI, late=True)],
        dependencies=[],
        target_date=FRI,
        today=MON,
    )
    checkpoint, late = timeline.bars
    assert len(checkpoint.diamond_points.split()) == 4
    assert checkpoint.css_class == "timeline-bar is-checkpoint is-critical"
    assert late.diamond_points == ""
    assert late.css_class == "timeline-bar is-late"
    assert (timeline.critical_count, timeline.late_count) == (1, 1)


def test_prerequisites_are_arrows_from_bar_end_to_bar_start_and_listed_by_title():
    timeline = build_timeline(
        rows=[row(1, MON, TUE, critical=True), row(2, WED, FRI, critical=True), row(3, THU, FRI)],
        dependencies=[(1, 2), (1, 3), (9, 1)],  # 9 is not drawn: left out
        target_date=FRI,
        today=MON,
    )
    first, second, _third = timeline.bars
    assert [(c.predecessor_id, c.successor_id) for c in timeline.connectors] == [(1, 2), (1, 3)]
    to_second = timeline.connectors[0]
    assert to_second.path.startswith(f"M{first.right} {first.center_y}")
    assert to_second.path.endswith(f"H{second.left}")
    assert to_second.is_critical and not timeline.connectors[1].is_critical
    assert second.prerequisites == ("Milestone 1",) and first.prerequisites == ()


def test_months_are_ticked_and_long_ranges_label_only_some():
    short = build_timeline(rows=[], dependencies=[], target_date=date(2027, 4, 2), today=MON)
    assert [tick.day for tick in short.month_ticks] == [date(2027, 3, 1), date(2027, 4, 1)]
    assert all(tick.labelled for tick in short.month_ticks)

    long = build_timeline(rows=[], dependencies=[], target_date=date(2037, 3, 1), today=MON)
    assert len(long.month_ticks) == 121
    labelled = [tick for tick in long.month_ticks if tick.labelled]
    assert 1 < len(labelled) < 121
    assert not long.day_ticks


def test_a_range_inside_one_month_still_names_its_month():
    timeline = build_timeline(
        rows=[], dependencies=[], target_date=date(2027, 3, 12), today=date(2027, 3, 8)
    )
    assert [tick.day for tick in timeline.month_ticks if tick.labelled] == [date(2027, 3, 8)]
    assert [tick.day.day for tick in timeline.day_ticks] == [8, 9, 10, 11, 12]


def test_long_titles_are_shortened_for_the_gutter_but_kept_whole_in_the_row():
    title = "Prepare and lodge the export documents with the ministry"
    timeline = build_timeline(
        rows=[row(1, MON, FRI, title=title)], dependencies=[], target_date=FRI, today=MON
    )
    bar = timeline.bars[0]
    assert bar.label.endswith("…") and len(bar.label) <= 30
    assert bar.row.title == title


def test_marker_labels_stay_inside_the_picture():
    timeline = build_timeline(rows=[], dependencies=[], target_date=FRI, today=MON, width=720)
    assert timeline.today_label_anchor == "start"
    assert timeline.target_label_anchor == "end"
    assert timeline.target_label_x < timeline.target_x
    assert timeline.today_label_y != timeline.target_label_y
