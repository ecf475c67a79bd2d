"""Whether the files of a folder may have changed since they were read, told without reading them.

``serve`` checks the whole workspace after every save. Reading and hashing
every file to learn that one changed was most of that check in a
1,000-document workspace; a stamp of each folder (what ``lstat`` says of
every entry in it) tells the same for a fraction of the cost, the way git's
index tells a changed file from an unchanged one. A write changes a file's
change time (``st_ctime``), which no program can set back, and replacing a
file changes its inode; a folder's entries tell files that came or went.

Two cases a stamp cannot tell, for which there is none (the folder is read):

- a symbolic link: a change to its target does not show on the link;
- an entry changed within the last :data:`RACY_SECONDS`: file systems keep
  times in coarse ticks, so a second write within the same tick (and of the
  same size) would leave the stamp as it was ("racy git").
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

RACY_SECONDS = 1.0

# (path relative to the folder, inode, size, modification time, change time, type and permissions)
Entry = tuple[str, int, int, int, int, int]
Stamp = tuple[Entry, ...]


def folder_stamp(folder: Path, *, recursive: bool) -> Stamp | None:
    """Every entry of ``folder`` (and of its sub-folders when ``recursive``) as ``lstat`` sees it.

    ``()`` when the folder does not exist; None when a stamp cannot tell a change
    (see above) or the folder cannot be listed.
    """
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return ()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode):
        return None  # a link, or a file where a folder belongs: reading reports it
    recent = time.time_ns() - int(RACY_SECONDS * 1e9)
    entries: list[Entry] = []
    pending = [""]
    try:
        while pending:
            prefix = pending.pop()
            with os.scandir(os.path.join(folder, prefix)) as found:
                for entry in found:
                    info = entry.stat(follow_symlinks=False)
                    if stat.S_ISLNK(info.st_mode) or max(info.st_mtime_ns, info.st_ctime_ns) >= recent:
                        return None
                    name = prefix + entry.name
                    entries.append(
                        (name, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_mode)
                    )
                    if recursive and stat.S_ISDIR(info.st_mode):
                        pending.append(name + os.sep)
    except OSError:
        return None
    return tuple(sorted(entries))
