"""The app's watch on its reports folder (pages/ui/listing.py): a listing is trusted for a while, then renewed —
at once for a quick folder, in the background for a slow one, so a filter change never waits for a province's
100,000 stats."""
from __future__ import annotations

import os
import sys

import pytest

from pages.ui import listing
from pages.ui.listing import FolderWatch, folder_signature, signature_in_child


class Folder:
    """A folder whose listing gives `state` (None: fails) and takes `cost` seconds of the fake clock."""

    def __init__(self, clock: list[float], cost: float):
        self.clock, self.cost, self.state, self.listings = clock, cost, "v1", 0

    def __call__(self, path) -> str:
        self.listings += 1
        self.clock[0] += self.cost
        if self.state is None:
            raise OSError("the folder is gone")
        return self.state


def watch_of(cost: float, share: float = 1):
    clock, started = [0.0], []
    folder = Folder(clock, cost)
    watch = FolderWatch(ttl=5, slow=0.2, share=share, lister=folder, renewer=folder, clock=lambda: clock[0],
                        start=started.append)
    return watch, folder, clock, started


def test_a_listing_is_trusted_for_its_time_then_a_quick_folder_is_listed_again_at_once():
    watch, folder, clock, started = watch_of(cost=0.01)
    assert watch.signature("/r") == "v1"
    folder.state = "v2"
    clock[0] += 4
    assert watch.signature("/r") == "v1" and folder.listings == 1  # still trusted: no stat of any file
    clock[0] += 2
    assert watch.signature("/r") == "v2" and folder.listings == 2
    assert started == []  # never on a thread


def test_a_slow_folder_is_listed_again_in_the_background_while_the_last_signature_stands():
    watch, folder, clock, started = watch_of(cost=1.5)
    assert watch.signature("/r") == "v1"  # the first listing is waited for: there is nothing to show before it
    folder.state = "v2"
    clock[0] += 6
    assert watch.signature("/r") == "v1" and len(started) == 1 and folder.listings == 1
    assert watch.signature("/r") == "v1" and len(started) == 1  # one renewal at a time
    started[0]()  # the renewal runs
    assert watch.signature("/r") == "v2" and folder.listings == 2


def test_a_slow_listing_is_trusted_for_a_multiple_of_its_duration_so_renewing_takes_a_small_share_of_a_core():
    watch, folder, clock, started = watch_of(cost=1.5, share=10)
    watch.signature("/r")  # took 1.5 s: trusted 15 s, not 5
    folder.state = "v2"
    clock[0] += 13
    assert watch.signature("/r") == "v1" and started == []
    clock[0] += 1
    assert watch.signature("/r") == "v1" and len(started) == 1
    started[0]()
    assert watch.signature("/r") == "v2" and folder.listings == 2
    quick, folder, clock, _ = watch_of(cost=0.1, share=10)
    quick.signature("/r")
    folder.state = "v2"
    clock[0] += 5  # a quick listing's multiple is below ttl: ttl stands
    assert quick.signature("/r") == "v2"


def test_a_renewal_lists_by_the_background_lister_and_a_first_listing_by_the_one_in_the_rerun():
    clock, started = [0.0], []
    here, elsewhere = Folder(clock, cost=1.5), Folder(clock, cost=1.5)
    elsewhere.state = "v2"
    watch = FolderWatch(ttl=5, slow=0.2, share=1, lister=here, renewer=elsewhere, clock=lambda: clock[0],
                        start=started.append)
    assert watch.signature("/r") == "v1" and (here.listings, elsewhere.listings) == (1, 0)
    clock[0] += 6
    watch.signature("/r")
    started[0]()
    assert watch.signature("/r") == "v2" and (here.listings, elsewhere.listings) == (1, 1)


def test_forget_lists_at_once_and_a_renewal_begun_before_it_is_not_kept():
    watch, folder, clock, started = watch_of(cost=1.5)
    watch.signature("/r")
    clock[0] += 6
    watch.signature("/r")  # a renewal is started (listing the folder as it was)
    folder.state = "v2"  # an upload saves a file and forgets the listing
    watch.forget()
    assert watch.signature("/r") == "v2" and folder.listings == 2
    folder.state = "v1"
    started[0]()  # the older renewal ends after: its listing is not kept
    assert watch.signature("/r") == "v2"


def test_a_renewal_that_fails_is_tried_again_on_the_next_ask():
    watch, folder, clock, started = watch_of(cost=1.5)
    watch.signature("/r")
    clock[0] += 6
    watch.signature("/r")
    folder.state = None
    with pytest.raises(OSError):
        started[0]()
    folder.state = "v3"
    assert watch.signature("/r") == "v1" and len(started) == 2  # a new renewal, not a wait on the failed one
    started[1]()
    assert watch.signature("/r") == "v3"


def test_the_background_listing_in_its_own_python_gives_the_same_signature(tmp_path, monkeypatch):
    (tmp_path / "镇").mkdir()
    (tmp_path / "镇" / "2023年报.txt").write_text("一、总体情况", encoding="utf-8")
    (tmp_path / "roster.csv").write_text("org\n", encoding="utf-8")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")  # not read by the loaders: not watched
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    before = folder_signature(tmp_path)

    def not_here(folder):
        raise AssertionError("listed in this process")

    monkeypatch.setattr(listing, "folder_signature", not_here)  # a child that failed cannot hide behind it
    assert signature_in_child(tmp_path) == before
    (tmp_path / "notes.json").write_text("{1}", encoding="utf-8")
    assert signature_in_child(tmp_path) == before
    report = tmp_path / "镇" / "2023年报.txt"
    stat = report.stat()
    report.write_text("二、主动公开", encoding="utf-8")  # same size, same mtime: the inode's ctime moved
    os.utime(report, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert signature_in_child(tmp_path) == listing.folder_listing.signature(tmp_path, listing.WATCHED_SUFFIXES) != before


def test_where_no_other_python_starts_the_background_listing_is_made_here(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python"))
    assert signature_in_child(tmp_path) == folder_signature(tmp_path)
    monkeypatch.setattr(sys, "executable", "false")  # starts, and fails
    assert signature_in_child(tmp_path) == folder_signature(tmp_path)
