"""Keeping Python's garbage collector from freezing the screen on big clusters.

A full (generation 2) collection walks every live object. With 50k pods in
memory that took 300–700 ms here, on whatever thread triggered it and with
the GIL held: the UI stalled for as long, at random moments. Pod rows and
parsed JSON hold no reference cycles, so once a big list has arrived they
can be collected once and then frozen out of the collector's view: later
collections only walk what is new, and frozen rows are still freed by
reference counting when the watch replaces them."""

from __future__ import annotations

import gc

# Below this many pods a full collection is too quick to matter.
FREEZE_FROM_PODS = 2000
# Settle again only when the pods grew by this much (a context added).
GROWTH = 1.25


class HeapSettler:
    def __init__(self) -> None:
        self.settled_at = 0  # how many pods there were at the last settle

    def observe(self, pods: int) -> bool:
        """Call with the pod count of each synced snapshot, off the UI thread
        (the one collection it makes is a full one). Returns whether it
        collected and froze."""
        if pods < FREEZE_FROM_PODS or pods < self.settled_at * GROWTH:
            return False
        gc.collect()
        gc.freeze()
        self.settled_at = pods
        return True


# -- start-up ---------------------------------------------------------------------

_held = False


def hold_during_start() -> None:
    """Called first thing by `warroom`: no collection while the console
    starts. Importing and mounting allocate a few hundred thousand objects,
    and the collector walked them again and again before the first paint."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def settle_after_start() -> bool:
    """Called once the whole war room is on screen: one full collection of
    what starting left behind, then what is alive (modules, widgets, the
    incident) frozen out of the collector's view, so that no later full
    collection walks it again (one of ~219k objects took 125–185 ms of a
    keystroke's frame). Only after `hold_during_start`: tests, which start
    hundreds of apps in one process, keep the collector as it is.

    Memory stays bounded: this freezes once, so at most what was alive at
    start and later became cyclic garbage is never reclaimed (frozen
    objects freed by reference counting, as most are, go as usual); what
    is allocated afterwards is collected as always. Returns whether it
    settled."""
    global _held
    if not _held:
        return False
    _held = False
    gc.collect()
    gc.freeze()
    gc.enable()
    return True


def end_hold() -> None:
    """The collector back as it was, with nothing frozen: the console
    stopped (or never started) before it settled."""
    global _held
    if _held:
        _held = False
        gc.enable()


_start_frozen = False


def freeze_start() -> None:
    """Once per process, before a big first list: freeze what start-up
    allocated (modules, classes, the kubernetes client), so that the
    collections the list's allocations trigger walk only what is new. No
    collection first (it would hold the GIL for as long as a full one):
    the little start-up garbage frozen with it is kept, once, not growing."""
    global _start_frozen
    if not _start_frozen:
        _start_frozen = True
        gc.freeze()
