from tui.widgets.braille import nice_ceiling, plot, resample


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
