use crate::ListFormat;
use foothold::{Info, ListRecord, Record, Timestamp};
use std::borrow::Cow;
use std::io::{self, Write};

/// A writer that keeps evidence text from driving the terminal: every control character
/// other than the line feed (C0, DEL and the C1 range U+0080–U+009F, which some terminals
/// take as escape sequences) is written as visible text (`\x1b`, `\u{9b}`). A file or task
/// named with an escape sequence cannot then clear the screen, retitle the window or hide
/// the rows after it in a table. Off (`on == false`) for JSON and CSV, whose own escaping
/// or quoting applies and whose readers need the bytes as they are.
pub struct Visible<W: Write> {
    inner: W,
    on: bool,
    /// The previous buffer ended in 0xC2, the first byte of a C1 character.
    c2: bool,
    /// Line feeds pass (a table's rows); off for a one-line message.
    keep_lf: bool,
}

impl<W: Write> Visible<W> {
    pub fn new(inner: W, on: bool) -> Self {
        Visible {
            inner,
            on,
            c2: false,
            keep_lf: true,
        }
    }
}

impl<W: Write> Write for Visible<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.on {
            return self.inner.write(buf);
        }
        let mut out = Vec::with_capacity(buf.len());
        for &b in buf {
            if std::mem::take(&mut self.c2) {
                if (0x80..=0x9F).contains(&b) {
                    write!(out, "\\u{{{b:x}}}")?;
                    continue;
                }
                out.push(0xC2);
            }
            match b {
                0xC2 => self.c2 = true,
                b'\n' if self.keep_lf => out.push(b),
                0..=0x1F | 0x7F => write!(out, "\\x{b:02x}")?,
                _ => out.push(b),
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// `s` on one line with its control characters, line feeds too, made visible as [`Visible`]
/// writes them: for a message on standard error or a table cell, which name evidence paths
/// and values (a file name holding a line feed would otherwise forge a row or a message).
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    let mut w = Visible::new(Vec::with_capacity(s.len() + 8), true);
    w.keep_lf = false;
    // Writing to a Vec does not fail.
    let _ = w.write_all(s.as_bytes());
    Cow::Owned(String::from_utf8_lossy(&w.inner).into_owned())
}

/// Buffered standard output; evidence text made visible in tables (`table`).
pub type Stdout = io::BufWriter<Visible<io::StdoutLock<'static>>>;

/// Standard output for one command's records: [`Visible`] when they are a table.
pub fn stdout(table: bool) -> Stdout {
    io::BufWriter::new(Visible::new(io::stdout().lock(), table))
}

pub fn info_table(out: &mut dyn Write, r: &Info) -> io::Result<()> {
    writeln!(
        out,
        "{}: {} image, {} bytes, {} segment(s), partitioning: {:?}",
        r.evidence,
        r.format,
        r.size,
        r.segments.len(),
        r.scheme
    )?;
    for (k, v) in &r.container {
        writeln!(out, "  {k}: {v}")?;
    }
    for (alg, hex) in &r.stored_hashes {
        writeln!(out, "  stored {alg}: {hex}")?;
    }
    writeln!(
        out,
        "  {:>3}  {:>14}  {:>14}  {:<38}  {:<10}  {:<16}  name",
        "vol", "offset", "length", "type", "fs", "label"
    )?;
    for v in &r.volumes {
        let ty = match (&v.partition_type, &v.type_name) {
            (Some(t), Some(n)) => format!("{t} {n}"),
            (Some(t), None) => t.clone(),
            // An LVM2 logical volume: no partition type, a type name.
            (None, Some(n)) => n.clone(),
            (None, None) => "-".into(),
        };
        writeln!(
            out,
            "  {:>3}  {:>14}  {:>14}  {:<38}  {:<10}  {:<16}  {}",
            v.number.map_or("-".into(), |n| n.to_string()),
            v.offset,
            v.length,
            ty,
            v.filesystem.name(),
            v.label.as_deref().unwrap_or("-"),
            v.name.as_deref().unwrap_or("-")
        )?;
    }
    for os in &r.os {
        writeln!(
            out,
            "  os: {:?} on volume {}{}",
            os.family,
            os.volume.map_or("-".into(), |n| n.to_string()),
            os.name
                .as_ref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        )?;
    }
    if !r.snapshots.is_empty() {
        writeln!(
            out,
            "  {:>3}  {:>5}  {:<30}  {:<36}  {:<36}  {:>14}  attributes",
            "vol", "store", "created (UTC)", "shadow copy id", "set id", "volume size"
        )?;
    }
    for s in &r.snapshots {
        let x = &s.snapshot;
        writeln!(
            out,
            "  {:>3}  {:>5}  {:<30}  {:<36}  {:<36}  {:>14}  {:#010x}",
            s.volume.map_or("-".into(), |n| n.to_string()),
            x.store,
            x.created.map_or("-".into(), |t| t.to_string()),
            x.shadow_copy_id,
            x.set_id,
            x.volume_size,
            x.attributes
        )?;
    }
    for w in &r.warnings {
        writeln!(out, "  warning: {w}")?;
    }
    Ok(())
}

const CSV_COLUMNS: &[&str] = &[
    "volume",
    "path",
    "kind",
    "size",
    "entry",
    "sequence",
    "deleted",
    "created",
    "modified",
    "changed",
    "accessed",
    "fn_created",
    "fn_modified",
    "fn_changed",
    "fn_accessed",
    "uid",
    "gid",
    "mode",
    "link_target",
    "flags",
];

/// The `snake_case` names of entry flags, as in the JSON output.
fn flag_names(flags: &[foothold::EntryFlag]) -> Vec<String> {
    flags
        .iter()
        .filter_map(|f| serde_json::to_value(f).ok()?.as_str().map(str::to_string))
        .collect()
}

pub struct ListWriter {
    jsonl: bool,
    csv: bool,
}

fn t(x: &Option<Timestamp>) -> String {
    x.map(|t| t.to_string()).unwrap_or_default()
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl ListWriter {
    pub fn new(jsonl: bool, csv: bool) -> Self {
        ListWriter { jsonl, csv }
    }

    pub fn header(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.csv {
            writeln!(out, "{}", CSV_COLUMNS.join(","))?;
        } else if !self.jsonl {
            writeln!(
                out,
                "{:>3}  {:<7}  {:>12}  {:>10}  {:<30}  path",
                "vol", "kind", "size", "entry", "modified"
            )?;
        }
        Ok(())
    }

    pub fn row(&mut self, out: &mut dyn Write, r: &ListRecord) -> io::Result<()> {
        let e = &r.entry;
        let vol = r.volume.map_or(String::new(), |n| n.to_string());
        if self.jsonl {
            let line = serde_json::to_string(r).map_err(io::Error::other)?;
            writeln!(out, "{line}")
        } else if self.csv {
            let kind = serde_json::to_value(e.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let cols = [
                vol,
                e.path.clone(),
                kind,
                e.size.to_string(),
                e.entry.to_string(),
                e.sequence.map(|s| s.to_string()).unwrap_or_default(),
                e.deleted.to_string(),
                t(&e.times.created),
                t(&e.times.modified),
                t(&e.times.changed),
                t(&e.times.accessed),
                t(&e.times.fn_created),
                t(&e.times.fn_modified),
                t(&e.times.fn_changed),
                t(&e.times.fn_accessed),
                e.uid.map(|s| s.to_string()).unwrap_or_default(),
                e.gid.map(|s| s.to_string()).unwrap_or_default(),
                e.mode.map(|s| format!("{s:o}")).unwrap_or_default(),
                e.link_target.clone().unwrap_or_default(),
                flag_names(&e.flags).join(";"),
            ];
            let line: Vec<String> = cols.iter().map(|c| csv_field(c)).collect();
            writeln!(out, "{}", line.join(","))
        } else {
            let kind = match e.kind {
                foothold::EntryKind::File => "file",
                foothold::EntryKind::Dir => "dir",
                foothold::EntryKind::Symlink => "symlink",
                foothold::EntryKind::Other => "other",
            };
            let mut del = if e.deleted { " (deleted)" } else { "" }.to_string();
            for f in flag_names(&e.flags) {
                del.push_str(&format!(" ({})", f.replace('_', " ")));
            }
            writeln!(
                out,
                "{:>3}  {:<7}  {:>12}  {:>10}  {:<30}  {}{del}",
                if vol.is_empty() { "-".into() } else { vol },
                kind,
                e.size,
                e.entry,
                t(&e.times.modified),
                visible(&e.path)
            )
        }
    }
}

const SCAN_CSV: &[&str] = &[
    "artifact",
    "kind",
    "name",
    "schedule",
    "user",
    "command",
    "stdin",
    "flags",
    "time",
    "evidence",
    "volume",
    "path",
    "key",
    "line",
    "entry",
    "message",
    "host",
    "sha256",
    "created_by",
];

/// Writes scan records as a table, JSONL or CSV.
pub struct ScanWriter {
    format: ListFormat,
    table: Table,
}

/// The scan table's layout: kind, user, time, schedule, command and source (with several
/// images an evidence column), then the record's flags. The columns that answer the
/// playbook (what, who, when) keep their width; command and source share what the terminal
/// has left, and the flags come before the source: a flag name is never cut (flags that do
/// not fit beside the source go on lines of their own), the source path is. No line is
/// wider than `width`; `wide` cuts nothing.
#[derive(Clone, Copy)]
pub struct Table {
    /// Full values, nothing cut.
    pub wide: bool,
    /// Add the evidence column (several images).
    pub evidence: bool,
    /// The width to fit (the terminal's, else `$COLUMNS`, else 160).
    pub width: usize,
}

impl Default for Table {
    fn default() -> Self {
        Table {
            wide: false,
            evidence: false,
            width: 160,
        }
    }
}

/// The time column: `2026-11-23 21:04Z`.
const TIME_W: usize = 17;
/// Between two columns.
const GAP: usize = 2;

/// Column widths for one table width.
struct Widths {
    kind: usize,
    user: usize,
    created: usize,
    schedule: usize,
    evidence: usize,
    command: usize,
    /// Source and flags together.
    rest: usize,
}

impl Table {
    fn widths(&self) -> Widths {
        let w = self.width.max(60);
        // Narrow terminals keep the columns short; wide ones give the schedule room.
        let (kind, user, created, schedule) = match w {
            0..=99 => (10, 9, 9, 9),
            100..=139 => (14, 12, 14, 12),
            140..=179 => (16, 16, 24, 20),
            _ => (16, 18, 34, (22 + (w - 180) / 4).min(40)),
        };
        let evidence = if !self.evidence {
            0
        } else if w < 140 {
            10
        } else {
            18
        };
        let columns = if self.evidence { 8 } else { 7 };
        let fixed = kind + user + created + TIME_W + schedule + evidence + GAP * (columns - 1);
        let left = w.saturating_sub(fixed).max(2);
        let command = left / 2;
        Widths {
            kind,
            user,
            created,
            schedule,
            evidence,
            command,
            rest: left - command,
        }
    }

    /// `s` in exactly `w` columns (its first line, cut with `…`; padded), or whole when wide.
    fn fit(&self, s: &str, w: usize, last: bool) -> String {
        if self.wide {
            let one = visible(&s.replace('\n', "⏎")).into_owned();
            return if last { one } else { format!("{one:<w$}") };
        }
        // A first line that fits whole stays; else `first_line` cuts it to `w` with its `…`.
        // Both measure the line as it is shown (control characters as their escapes).
        let line = visible(s.lines().next().unwrap_or(""));
        let cut = if line.chars().count() <= w && s.lines().nth(1).is_none() {
            line.into_owned()
        } else if w == 0 {
            String::new()
        } else {
            first_line(s, w - 1)
        };
        if last {
            cut
        } else {
            format!("{cut:<w$}")
        }
    }

    /// One line: the cells (text, width) of the fixed columns, the command, then the source
    /// and flags in what is left (`rest` columns). Flags that do not fit there take columns
    /// from the command on that line (down to 8): a flag outranks a long command line.
    fn row(
        &self,
        cells: &[(&str, usize)],
        command: (&str, usize),
        evidence: Option<(&str, usize)>,
        source: &str,
        flags: &[String],
        rest: usize,
    ) -> String {
        let (text, mut command_w) = command;
        let mut rest = rest;
        let all = format!("[{}]", flags.join(", "));
        // Room for every flag and six columns of source, beside the source: taken from the
        // command when needed; when even that is too little, the flags get lines of their own.
        let need = all.chars().count() + GAP + 6;
        let beside = self.wide || flags.is_empty() || need <= rest + command_w.saturating_sub(8);
        if beside && !self.wide && !flags.is_empty() && need > rest {
            let steal = need - rest;
            command_w -= steal;
            rest += steal;
        }
        let mut parts: Vec<String> = cells.iter().map(|(s, w)| self.fit(s, *w, false)).collect();
        parts.push(self.fit(text, command_w, false));
        if let Some((e, w)) = evidence {
            parts.push(self.fit(e, w, false));
        }
        let mut line = parts.join("  ");
        line.push_str("  ");
        if !beside {
            // Too narrow for the flags beside the source: they go on lines of their own
            // below it, broken between flags, each line within the width.
            line.push_str(&self.fit(source, rest, true));
            let mut out = line.trim_end().to_string();
            let indent = "    ";
            for l in wrap(&all, self.width.max(60) - indent.len(), "") {
                out.push_str(&format!("\n{indent}{l}"));
            }
            return out;
        }
        if flags.is_empty() {
            line.push_str(&self.fit(source, rest, true));
        } else if self.wide {
            line.push_str(&format!("{source}  {all}"));
        } else {
            // The flags first (they fit: `need` was made room for): the source gets what
            // they leave.
            let room = rest.saturating_sub(all.chars().count() + GAP);
            let src = self.fit(source, room, true);
            if src.is_empty() {
                line.push_str(&all);
            } else {
                line.push_str(&format!("{src}  {all}"));
            }
        }
        line.trim_end().to_string()
    }
}

/// A time as the table shows it: to the minute, UTC (`2026-11-23 21:04Z`); the record
/// has the full value.
fn short_time(t: Option<Timestamp>) -> String {
    t.map(|t| {
        let s = t.to_string().replace('T', " ");
        let s: String = s.chars().take(16).collect();
        format!("{s}Z")
    })
    .unwrap_or_default()
}

fn first_line(s: &str, max: usize) -> String {
    // Counted as it is shown: control characters as their escapes (see `visible`).
    let l = visible(s.lines().next().unwrap_or(""));
    let more = s.lines().nth(1).is_some();
    let mut out: String = l.chars().take(max).collect();
    if l.chars().count() > max || more {
        out.push('…');
    }
    out
}

impl ScanWriter {
    /// The same, with the table laid out as `table` says.
    pub fn with_table(format: ListFormat, table: Table) -> Self {
        ScanWriter { format, table }
    }

    /// One table line of these values (kind, user, created by, time, schedule, command,
    /// evidence, source) and flags.
    fn line(&self, values: [&str; 8], flags: &[String]) -> String {
        let [kind, user, created, time, schedule, command, evidence, source] = values;
        let w = self.table.widths();
        let cells = [
            (kind, w.kind),
            (user, w.user),
            (created, w.created),
            (time, TIME_W),
            (schedule, w.schedule),
        ];
        let evidence = self.table.evidence.then_some((evidence, w.evidence));
        self.table.row(
            &cells,
            (command, w.command),
            evidence,
            source,
            flags,
            w.rest,
        )
    }

    pub fn header(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match self.format {
            ListFormat::Csv => writeln!(out, "{}", SCAN_CSV.join(",")),
            ListFormat::Table => {
                let values = [
                    "kind",
                    "user",
                    "created by",
                    "time",
                    "schedule",
                    "command",
                    "evidence",
                    "source  [flags]",
                ];
                writeln!(out, "{}", self.line(values, &[]))
            }
            ListFormat::Jsonl => Ok(()),
        }
    }

    pub fn row(&mut self, out: &mut dyn Write, r: &Record) -> io::Result<()> {
        match self.format {
            ListFormat::Jsonl => {
                // Straight into the (buffered) writer: no string per record.
                serde_json::to_writer(&mut *out, r).map_err(io::Error::other)?;
                out.write_all(b"\n")
            }
            ListFormat::Csv => csv_scan_row(out, r),
            // A table of nothing says why: the warning that nothing was searched or read is
            // a line of the table too (whole: it is the answer).
            ListFormat::Table if matches!(r, Record::Warning(w) if says_nothing_read(&w.message)) =>
            {
                if let Record::Warning(w) = r {
                    let text = format!("warning: {}", w.message);
                    if self.table.wide {
                        writeln!(out, "{text}")?;
                    } else {
                        for l in wrap(&text, self.table.width.max(60), "  ") {
                            writeln!(out, "{l}")?;
                        }
                    }
                }
                Ok(())
            }
            // In the table, errors and warnings go to stderr only (see main.rs).
            ListFormat::Table if matches!(r, Record::Error(_) | Record::Warning(_)) => Ok(()),
            // A host that says nothing but its OS (a loose file's): no row of its own.
            ListFormat::Table
                if matches!(r, Record::Host(h) if h.hostname.is_none()
                    && h.os_name.is_none()
                    && h.time_zone.is_none()
                    && r.source().filesystem == "file") =>
            {
                Ok(())
            }
            ListFormat::Table => {
                let s = r.summary();
                // A host has no user; an item whose user is unknown shows `?`.
                let user = s
                    .user
                    .as_deref()
                    .unwrap_or(if s.artifact == "host" { "" } else { "?" });
                // A time with no zone is shown as written, without the `Z` of UTC.
                let time = match (&s.time, &s.local_time) {
                    (None, Some(local)) => local.replace('T', " ").chars().take(16).collect(),
                    _ => short_time(s.time),
                };
                // An event's "schedule" is its exact time: the time of day to the 100 ns,
                // the minute being in the time column.
                let schedule = if s.artifact == "event" {
                    s.time
                        .map(|t| t.to_string().get(11..).unwrap_or_default().to_string())
                        .unwrap_or_default()
                } else {
                    s.schedule.clone()
                };
                let evidence = std::path::Path::new(&r.source().evidence)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let created = s.created_by.as_deref().unwrap_or("");
                let values = [
                    s.label.as_str(),
                    user,
                    created,
                    &time,
                    &schedule,
                    &s.command,
                    &evidence,
                    &s.reference,
                ];
                writeln!(out, "{}", self.line(values, &s.flags))
            }
        }
    }
}

/// `text` in lines of at most `width` characters, broken between words (a word longer
/// than a line is cut), the lines after the first indented by `indent`.
fn wrap(text: &str, width: usize, indent: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let len = cur.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if cur.is_empty() {
            cur.push_str(if lines.is_empty() { "" } else { indent });
        } else {
            cur.push(' ');
        }
        let room = width.saturating_sub(cur.chars().count());
        cur.extend(word.chars().take(room.max(1)));
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Whether a warning says that nothing was looked at (no readable volume, no operating
/// system's root): the scan's empty answer is then "not searched", not "clean".
fn says_nothing_read(message: &str) -> bool {
    message.contains("no persistence artifact was searched")
        || message.contains("nothing was scanned")
}

/// One scan record as a CSV row (columns: `SCAN_CSV`), from the record's summary.
fn csv_scan_row(out: &mut dyn Write, r: &Record) -> io::Result<()> {
    let num = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_default();
    let s = r.summary();
    let source = r.source();
    let cols = [
        s.artifact,
        s.kind,
        s.name,
        s.schedule,
        s.user.unwrap_or_default(),
        s.command,
        s.stdin.unwrap_or_default(),
        s.flags.join(" "),
        t(&s.time),
        source.evidence.clone(),
        num(source.volume.map(u64::from)),
        source.path.clone(),
        source.key.clone().unwrap_or_default(),
        num(s.line),
        num(source.entry),
        s.message,
        source.host.clone().unwrap_or_default(),
        r.first_sha256().unwrap_or_default().to_string(),
        s.created_by.unwrap_or_default(),
    ];
    writeln!(
        out,
        "{}",
        cols.iter()
            .map(|c| csv_field(c))
            .collect::<Vec<_>>()
            .join(",")
    )
}

/// The timeline in one of its formats.
pub fn timeline(
    out: &mut dyn Write,
    rows: &[foothold::TimelineEntry],
    format: crate::TimelineFormat,
) -> io::Result<()> {
    use crate::TimelineFormat as F;
    let num = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_default();
    match format {
        F::Jsonl => {
            for r in rows {
                serde_json::to_writer(&mut *out, r)?;
                writeln!(out)?;
            }
        }
        F::Timesketch => {
            // Timesketch's JSONL import: `message`, `datetime` (ISO 8601), `timestamp_desc`,
            // `timestamp` (microseconds since the epoch), and any further fields.
            for r in rows {
                let s = &r.source;
                // Microseconds since the epoch; a time whose microseconds leave an i64
                // (past the year 292,277) is written without them (null), never wrapped.
                let micros = r
                    .time
                    .unix_seconds()
                    .checked_mul(1_000_000)
                    .and_then(|m| m.checked_add(i64::from(r.time.subsec_nanos() / 1000)));
                let row = serde_json::json!({
                    "message": format!("{}: {}", r.name, r.message),
                    "datetime": r.time.to_string(),
                    "timestamp": micros,
                    "timestamp_desc": r.timestamp_desc,
                    "artifact": r.artifact,
                    "name": r.name,
                    "evidence": s.evidence,
                    "volume": s.volume,
                    "filesystem": s.filesystem,
                    "path": s.path,
                    "entry": s.entry,
                    "key": s.key,
                    "record_id": s.record_id,
                    "line": s.line,
                });
                serde_json::to_writer(&mut *out, &row)?;
                writeln!(out)?;
            }
        }
        F::Csv => {
            writeln!(out, "time,timestamp_desc,artifact,name,message,evidence,volume,path,entry,key,record_id,line")?;
            for r in rows {
                let s = &r.source;
                let f = [
                    r.time.to_string(),
                    r.timestamp_desc.clone(),
                    r.artifact.clone(),
                    r.name.clone(),
                    r.message.clone(),
                    s.evidence.clone(),
                    s.volume.map(|v| v.to_string()).unwrap_or_default(),
                    s.path.clone(),
                    num(s.entry),
                    s.key.clone().unwrap_or_default(),
                    num(s.record_id),
                    s.line.map(|l| l.to_string()).unwrap_or_default(),
                ];
                let line: Vec<String> = f.iter().map(|x| csv_field(x)).collect();
                writeln!(out, "{}", line.join(","))?;
            }
        }
        F::Table => {
            writeln!(
                out,
                "{:<32} {:<34} {:<15} {:<30} message",
                "time (UTC)", "what", "artifact", "name"
            )?;
            for r in rows {
                writeln!(
                    out,
                    "{:<32} {:<34} {:<15} {:<30} {}",
                    r.time.to_string(),
                    first_line(&r.timestamp_desc, 34),
                    r.artifact,
                    first_line(&r.name, 30),
                    first_line(&r.message, 60)
                )?;
            }
        }
    }
    Ok(())
}

/// The findings of `foothold triage`, ranked, in one of its formats.
///
/// The table: severity, score, host (else the evidence file), the item, who created it,
/// when, and the ids of its reasons, weightiest first. The item and the creator are cut to
/// the width; a reason id never is: reasons that do not fit beside the item go on a line of
/// their own below it.
pub fn findings(
    out: &mut dyn Write,
    findings: &[foothold::Finding],
    format: crate::ListFormat,
    table: Table,
) -> io::Result<()> {
    use crate::ListFormat as F;
    match format {
        F::Jsonl => {
            for f in findings {
                serde_json::to_writer(&mut *out, f).map_err(io::Error::other)?;
                out.write_all(b"\n")?;
            }
            Ok(())
        }
        F::Csv => {
            const HEAD: &[&str] = &[
                "severity",
                "score",
                "title",
                "techniques",
                "reasons",
                "artifact",
                "name",
                "host",
                "evidence",
                "path",
                "key",
                "record_id",
                "created_by",
                "time",
            ];
            writeln!(out, "{}", HEAD.join(","))?;
            for f in findings {
                let s = &f.subject.source;
                let cols = [
                    f.severity.to_string(),
                    f.score.to_string(),
                    f.title.clone(),
                    f.techniques.join(" "),
                    f.reasons
                        .iter()
                        .map(|r| format!("{}:{}", r.id, r.weight))
                        .collect::<Vec<_>>()
                        .join(" "),
                    f.subject.artifact.clone(),
                    f.subject.name.clone(),
                    f.subject.host.clone().unwrap_or_default(),
                    s.evidence.clone(),
                    s.path.clone(),
                    s.key.clone().unwrap_or_default(),
                    s.record_id.map(|n| n.to_string()).unwrap_or_default(),
                    f.created_by.clone().unwrap_or_default(),
                    t(&f.time),
                ];
                let line: Vec<String> = cols.iter().map(|c| csv_field(c)).collect();
                writeln!(out, "{}", line.join(","))?;
            }
            Ok(())
        }
        F::Table => {
            // (Narrower than 80 the columns no longer hold their names.)
            let w = table.width.max(80);
            let (host_w, created_w) = match w {
                0..=119 => (8, 10),
                120..=159 => (14, 16),
                _ => (16, 24),
            };
            // Severity, score, host, created by, time and the six gaps between the seven
            // columns; the item and the reasons share the rest.
            let fixed = 8 + 5 + host_w + created_w + TIME_W + GAP * 6;
            let left = w.saturating_sub(fixed);
            let item_w = left * 11 / 20;
            let reasons_w = left - item_w;
            let line =
                |sev: &str, score: &str, host: &str, item: &str, created: &str, time: &str| {
                    [
                        table.fit(sev, 8, false),
                        table.fit(score, 5, false),
                        table.fit(host, host_w, false),
                        table.fit(item, item_w, false),
                        table.fit(created, created_w, false),
                        table.fit(time, TIME_W, false),
                    ]
                    .join("  ")
                };
            writeln!(
                out,
                "{}  reasons",
                line("severity", "score", "host", "item", "created by", "time")
            )?;
            for f in findings {
                let host = f.subject.host.clone().unwrap_or_else(|| {
                    std::path::Path::new(&f.subject.source.evidence)
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default()
                });
                let kind = match f.subject.artifact.as_str() {
                    "scheduled_task" => "task",
                    "service" => "service",
                    "cron_job" => "cron",
                    "linux_service" => "linux",
                    // A kind added later is named as its records are, never as another's.
                    other => other,
                };
                let item = format!("{kind} {}", f.subject.name);
                let head = line(
                    f.severity.as_str(),
                    &f.score.to_string(),
                    &host,
                    &item,
                    f.created_by.as_deref().unwrap_or(""),
                    &short_time(f.time),
                );
                let ids: Vec<&str> = f
                    .reasons
                    .iter()
                    .filter(|r| r.weight > 0)
                    .map(|r| r.id.as_str())
                    .collect();
                let reasons = ids.join(", ");
                if table.wide || reasons.chars().count() <= reasons_w {
                    writeln!(out, "{}", format!("{head}  {reasons}").trim_end())?;
                } else {
                    writeln!(out, "{}", head.trim_end())?;
                    for l in wrap(&reasons, w - 4, "") {
                        writeln!(out, "    {l}")?;
                    }
                }
            }
            Ok(())
        }
    }
}
