"""What is kept under a key naming everything it was made from is asked of this process's
memory first, then of the shared cache (ecosystem/cache.py `Kept`): another process
finds it in the shared cache, a caller's changes stay its own, and the memory it takes
is bounded."""

from django.core.cache import cache

from ecosystem.cache import Kept


def test_what_is_set_is_found_here_and_by_another_process():
    here, there = Kept(), Kept()
    here.set("plan:1:v3", {"late": [1, 2]}, 60)
    assert there.get("plan:1:v3") == {"late": [1, 2]}  # from the shared cache
    cache.clear()  # the shared cache loses it: both processes still have their copy
    assert here.get("plan:1:v3") == {"late": [1, 2]}
    assert there.get("plan:1:v3") == {"late": [1, 2]}
    assert Kept().get("plan:1:v3", "none") == "none"  # a third process has no copy


def test_many_are_asked_of_this_process_then_of_the_shared_cache():
    here = Kept()
    here.set("a", 1, 60)
    cache.set("b", 2, 60)  # kept by another process
    cache.delete("a")
    assert here.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}
    cache.delete("b")
    assert here.get_many(["b"]) == {"b": 2}  # copied here when first read


def test_a_caller_that_changes_what_it_was_given_changes_only_its_own_copy():
    here = Kept()
    here.set("memberships", {7: ("active", "member")}, 60)
    given = here.get("memberships")
    given[8] = ("active", "moderator")
    assert here.get("memberships") == {7: ("active", "member")}


def test_false_is_kept_and_a_missing_key_answers_the_default():
    here = Kept()
    here.set_many({"none-open": False}, 60)
    assert here.get("none-open") is False
    assert here.get("never-set") is None


def test_the_least_recently_used_leave_when_the_memory_is_full():
    here = Kept(entries=8)
    for number in range(10):
        here.set(f"body:{number}", "x" * 900, 60)
        here.get("body:0")  # in use all along
    cache.clear()
    assert here.get("body:0") == "x" * 900
    assert here.get("body:9") == "x" * 900
    assert here.get("body:1") is None  # dropped from this process's memory
    held = [number for number in range(10) if here.get(f"body:{number}") is not None]
    assert 9 in held and len(held) < 10


def test_a_process_told_to_keep_nothing_asks_the_shared_cache_every_time(settings):
    settings.KEPT_IN_PROCESS_ENTRIES = 0
    here = Kept()
    here.set("body", "drawn", 60)
    assert here.get("body") == "drawn"
    cache.clear()
    assert here.get("body") is None
