"""What the pods pane shows and in which order: filter, faults only, sort
keys, and the columns' widths and cuts."""

from __future__ import annotations

from datetime import timedelta

from rich.cells import cell_len

from tests.factories import T0, make_pod_row
from tui.model.pod_view import PodFilter, PodView, SortKey, changed_keys
from tui.widgets.pod_grid import fit, grid_layout

ROWS = [
    make_pod_row("checkout-7d9f-x2k4q", status="CrashLoopBackOff", ready=0, restarts=7,
                 created_at=T0 - timedelta(minutes=20)),
    make_pod_row("cart-6f7c-lxs8s"),
    make_pod_row("payments-84b6-qq1z", namespace="pay", status="ContainerCreating", ready=0,
                 created_at=T0 - timedelta(minutes=2)),
    make_pod_row("migrate-29554917-abcde", status="Completed", ready=0, created_at=None),
    make_pod_row("api-gw-1", node="node-2", restarts=2),
]


def names(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [row.name for row in rows]


def test_default_order_is_worst_first() -> None:
    assert names(PodView().apply(ROWS)) == [
        "checkout-7d9f-x2k4q", "payments-84b6-qq1z", "api-gw-1", "cart-6f7c-lxs8s",
        "migrate-29554917-abcde"]


def test_filter_is_a_case_insensitive_regex_over_name_namespace_status_and_node() -> None:
    assert names(PodView(PodFilter("CHECKOUT")).apply(ROWS)) == ["checkout-7d9f-x2k4q"]
    assert names(PodView(PodFilter("^pay/")).apply(ROWS)) == []  # the cluster comes first
    assert names(PodView(PodFilter(r"\bpay/")).apply(ROWS)) == ["payments-84b6-qq1z"]
    assert names(PodView(PodFilter("crashloop|creating")).apply(ROWS)) == [
        "checkout-7d9f-x2k4q", "payments-84b6-qq1z"]
    assert names(PodView(PodFilter("node-2")).apply(ROWS)) == ["api-gw-1"]


def test_a_broken_regex_is_matched_as_typed_and_says_so() -> None:
    rows = [*ROWS, make_pod_row("weird(name")]
    pod_filter = PodFilter("weird(")
    assert names(PodView(pod_filter).apply(rows)) == ["weird(name"]
    assert "not a regular expression" in pod_filter.problem
    assert PodFilter("ok.*").problem == ""


def test_bang_keeps_what_does_not_match() -> None:
    kept = names(PodView(PodFilter("!shop/")).apply(ROWS))
    assert kept == ["payments-84b6-qq1z"]
    assert not PodFilter("!").active  # a lone "!" filters nothing


def test_faults_only_hides_healthy_and_completed_pods() -> None:
    assert names(PodView(faults_only=True).apply(ROWS)) == [
        "checkout-7d9f-x2k4q", "payments-84b6-qq1z"]


def test_sort_keys_and_pressing_again_reverses() -> None:
    view = PodView().sorted_by(SortKey.NAME)
    assert names(view.apply(ROWS))[0] == "api-gw-1"
    assert names(view.sorted_by(SortKey.NAME).apply(ROWS))[0] == "payments-84b6-qq1z"
    by_restarts = names(PodView().sorted_by(SortKey.RESTARTS).apply(ROWS))
    assert by_restarts[:2] == ["checkout-7d9f-x2k4q", "api-gw-1"]
    by_age = names(PodView().sorted_by(SortKey.AGE).apply(ROWS))
    # Youngest first; a pod without a creation time last.
    assert by_age[0] == "payments-84b6-qq1z" and by_age[-1] == "migrate-29554917-abcde"


def test_changed_keys_are_new_or_different_pods() -> None:
    after = [ROWS[0], make_pod_row("cart-6f7c-lxs8s", restarts=1), make_pod_row("new-1")]
    assert changed_keys(ROWS, after) == {"prod/shop/cart-6f7c-lxs8s", "prod/shop/new-1"}


def test_name_takes_room_from_where_pods_run() -> None:
    long_node = make_pod_row("checkout-7d9f8c6b5-x2k4q", node="ip-10-0-12-34.eu-west-1.compute")
    columns = ("NAME", "READY", "STATUS", "NODE")
    widths = grid_layout(columns, [long_node], 60, T0).widths
    assert widths["NAME"] == len("checkout-7d9f8c6b5-x2k4q")
    assert widths["NODE"] < len(long_node.node)
    assert 1 + sum(widths.values()) + 2 * 3 <= 60


def test_cut_names_keep_their_unique_end_and_every_cell_its_width() -> None:
    assert fit("checkout-7d9f8c6b5-x2k4q", 19, keep_end=6) == "checkout-7d9…-x2k4q"
    hostile = ["x" * 253, "日本語のポッド名前です", "[red]x[/]", "e\u0301" * 30]
    for text in hostile:
        for width in range(0, 40):
            assert cell_len(fit(text, width, keep_end=6)) == width


def test_a_narrow_pane_keeps_restarts_and_leaves_out_the_last_columns() -> None:
    rows = [make_pod_row("checkout-7d9f8c6b5-x2k4q", status="CrashLoopBackOff", ready=0,
                         restarts=12, last_restart_at=T0 - timedelta(minutes=14)),
            make_pod_row("cart-6f7c-lxs8s")]
    columns = ("NAME", "READY", "STATUS", "RESTARTS", "AGE", "NAMESPACE", "NODE")
    wide = grid_layout(columns, rows, 140, T0)
    assert wide.columns == columns and wide.gap == 2
    assert wide.cell("RESTARTS", rows[0], T0) == "12 (14m ago)"
    narrow = grid_layout(columns, rows, 51, T0)
    assert narrow.columns == ("NAME", "READY", "STATUS", "RESTARTS")
    assert narrow.cell("RESTARTS", rows[0], T0) == "12 (14m)"
    assert narrow.widths["RESTARTS"] >= len("12 (14m)")
    used = sum(narrow.widths.values()) + narrow.gap * (len(narrow.columns) - 1) + 1
    assert used <= 51


def test_age_is_as_wide_as_kubectls_widest_ages() -> None:
    columns = ("NAME", "READY", "STATUS", "RESTARTS", "AGE")
    young = [make_pod_row("a")]
    assert grid_layout(columns, young, 140, T0).widths["AGE"] == len("7d23h")
    old = [*young, make_pod_row("b", created_at=T0 - timedelta(days=3 * 365 + 40))]
    assert grid_layout(columns, old, 140, T0).widths["AGE"] == len("7y364d")
    unknown = [*young, make_pod_row("c", created_at=None)]
    layout = grid_layout(columns, unknown, 140, T0)
    assert layout.cell("AGE", unknown[1], T0) == "<unknown>"
    assert layout.widths["AGE"] == len("<unknown>")
