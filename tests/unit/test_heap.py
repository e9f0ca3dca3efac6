"""The garbage collector is kept from stalling the UI on big clusters."""

from __future__ import annotations

import gc

from tui.ui.heap import HeapSettler


def test_the_heap_is_settled_once_per_big_growth_of_the_cluster() -> None:
    settler = HeapSettler()
    try:
        assert settler.observe(500) is False  # small clusters: the collector copes
        assert settler.observe(5000) is True and gc.get_freeze_count() > 0
        assert settler.observe(5500) is False  # a few pods more: nothing to do
        assert settler.observe(7000) is True  # a context added: settle again
    finally:
        gc.unfreeze()


def test_the_start_is_settled_once_and_only_when_held() -> None:
    import tui.ui.heap as heap

    assert heap.settle_after_start() is False  # not held: tests keep the collector
    try:
        heap.hold_during_start()
        assert not gc.isenabled()
        assert heap.settle_after_start() is True
        assert gc.isenabled() and gc.get_freeze_count() > 0
        assert heap.settle_after_start() is False  # once
    finally:
        gc.enable()
        gc.unfreeze()
