"""Print NUMBER:START_SECTOR for each data partition of a disk image, numbered as foothold
numbers them (MBR primaries 1-4 by slot, logicals from 5; GPT entry index + 1), using
sleuthkit's `mmls` output as the source."""
import re, subprocess, sys

out = subprocess.run(["mmls", sys.argv[1]], capture_output=True, text=True, check=True).stdout
gpt = "GUID Partition Table" in out
logical = 5
for line in out.splitlines():
    if gpt:
        m = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+\d+\s+\d+\s+", line)
        if m:
            print(f"{int(m.group(1)) + 1}:{int(m.group(2))}")
        continue
    m = re.match(r"\s*\d+:\s+(\d+):(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(.*)", line)
    if not m:
        continue
    table, slot, start = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if table == 0:
        num = slot + 1
    else:
        num = logical
        logical += 1
    print(f"{num}:{start}")
