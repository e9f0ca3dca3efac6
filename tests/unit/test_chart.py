from tui.widgets.braille import bridged, nice_ceiling, plot, resample, sampling_gap


def test_resample_keeps_spikes_and_gaps() -> None:
    timestamps = [0, 1, 2, 3, 8, 9]
    values = [1.0, 9.0, 1.0, 1.0, 2.0, 2.0]
    assert resample(timestamps, values, 0, 10, 5) == [9.0, 1.0, None, None, 2.0]


def test_plot_connects_points_and_puts_high_values_on_top() -> None:
    canvas = plot([[0.0, 1.0]], width=1, height=2, y_max=1.0)
    # Left column: one dot at the bottom. Right column: filled from bottom to top.
    assert canvas.char(1, 0) == "⣸"
    assert canvas.char(0, 0) == "⢸"


def test_axis_ceiling_is_readable() -> None:
    assert [nice_ceiling(v) for v in (0.21, 0.56, 1.3, 7)] == [0.25, 1.0, 2.0, 10.0]


def test_sparse_points_are_joined_and_a_long_pause_stays_a_gap() -> None:
    """Issue 24 item 10: a review's points stored every 5 minutes, drawn
    120 pixel columns over an hour (30 s each), read as a line; the 20
    minutes the source was away (no point) stay a gap."""
    timestamps = [t * 300.0 for t in (0, 1, 2, 3, 4, 8, 9, 10, 11, 12)]
    values = [1.0] * len(timestamps)
    pixels = resample(timestamps, values, 0, 3600, 120)
    assert sum(value is not None for value in pixels) == 10  # dots, 10 columns apart
    gap = sampling_gap(timestamps)
    assert gap == 600
    joined = bridged(pixels, int(gap * 120 / 3600))
    filled = [index for index, value in enumerate(joined) if value is not None]
    # 0 to 4 × 5 min joined, the pause from 20 to 40 min left empty, 40 to 60 joined.
    assert filled == [*range(0, 41), *range(80, 120)]


def test_bridging_draws_a_straight_line_between_the_points() -> None:
    assert bridged([0.0, None, None, 3.0, None, 5.0], 2) == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    assert bridged([1.0, None, None, None, 2.0], 2) == [1.0, None, None, None, 2.0]
