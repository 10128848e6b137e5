"""config.collector: the cyclic collector is off inside, restored afterwards. Pure."""

from __future__ import annotations

import gc

import pytest

from config.collector import collector_paused


@collector_paused
def collector_state() -> bool:
    return gc.isenabled()


@collector_paused
def failing() -> None:
    raise ValueError("boom")


def test_the_collector_is_off_inside_and_on_again_after() -> None:
    assert gc.isenabled()
    assert collector_state() is False
    assert gc.isenabled()


def test_an_error_turns_it_back_on() -> None:
    with pytest.raises(ValueError, match="^boom$"):
        failing()
    assert gc.isenabled()


def test_a_caller_that_turned_it_off_keeps_it_off() -> None:
    gc.disable()
    try:
        assert collector_state() is False
        assert not gc.isenabled()
    finally:
        gc.enable()
