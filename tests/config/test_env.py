import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import Env


@pytest.mark.parametrize(
    "raw,expected", [("true", True), ("On", True), ("1", True), ("no", False), ("0", False)]
)
def test_bool_accepts_the_usual_spellings(raw: str, expected: bool) -> None:
    assert Env({"X": raw}).bool("X", default=not expected) is expected


def test_bool_rejects_a_typo_instead_of_guessing() -> None:
    with pytest.raises(ImproperlyConfigured, match=r"DEBUG='ture' is not a boolean"):
        Env({"DEBUG": "ture"}).bool("DEBUG", default=False)


def test_unset_and_blank_values_fall_back_to_the_default() -> None:
    env = Env({"BLANK": "  "})
    assert env.bool("BLANK", default=True) is True
    assert env.int("MISSING", 7) == 7
    assert env.str("MISSING", "x") == "x"


def test_int_rejects_words_and_values_below_the_minimum() -> None:
    with pytest.raises(ImproperlyConfigured, match="PORT='eighty' is not a whole number."):
        Env({"PORT": "eighty"}).int("PORT", 80)
    with pytest.raises(ImproperlyConfigured, match="PORT=0 is below the minimum of 1."):
        Env({"PORT": "0"}).int("PORT", 80, minimum=1)


@pytest.mark.parametrize(
    "raw,expected",
    [("1024", 1024), ("10M", 10 * 1024**2), ("2 KiB".replace(" ", ""), 2048), ("1g", 1024**3)],
)
def test_bytes_reads_sizes_with_units(raw: str, expected: int) -> None:
    assert Env({"SIZE": raw}).bytes("SIZE", 1) == expected


def test_bytes_rejects_nonsense_and_zero() -> None:
    with pytest.raises(ImproperlyConfigured, match="is not a size"):
        Env({"SIZE": "lots"}).bytes("SIZE", 1)
    with pytest.raises(ImproperlyConfigured, match="must be greater than zero"):
        Env({"SIZE": "0"}).bytes("SIZE", 1)


def test_choice_lists_the_allowed_values() -> None:
    with pytest.raises(ImproperlyConfigured, match="LOG_LEVEL='LOUD' must be one of: INFO, DEBUG."):
        Env({"LOG_LEVEL": "LOUD"}).choice("LOG_LEVEL", "INFO", ("INFO", "DEBUG"))


def test_required_str_says_why_it_is_needed() -> None:
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set: sessions are signed"):
        Env({}).required_str("SECRET_KEY", "sessions are signed")


def test_list_splits_on_commas() -> None:
    assert Env({"HOSTS": "a.example, b.example,,"}).list("HOSTS", []) == ["a.example", "b.example"]
