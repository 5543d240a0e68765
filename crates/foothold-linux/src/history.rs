//! Shell histories: `~/.bash_history` (with the `#<epoch>` lines bash writes when
//! `HISTTIMEFORMAT` is set) and `~/.zsh_history` (plain, or `: <start>:<elapsed>;<command>`
//! with `EXTENDED_HISTORY`; zsh's metafied bytes decoded).
use crate::log_lines;

foothold_core::named_enum! {
    /// Which shell wrote a history file.
    pub enum Shell {
        /// bash (`.bash_history`).
        Bash => "bash",
        /// zsh (`.zsh_history`, `.histfile`).
        Zsh => "zsh",
    }
}

foothold_core::named_enum! {
    /// Where a history entry's time comes from.
    pub enum HistoryTime {
        /// bash's `#<epoch>` line before the command (`HISTTIMEFORMAT` was set).
        Histtimeformat => "histtimeformat",
        /// zsh's `: <start>:<elapsed>;` prefix (`EXTENDED_HISTORY`).
        ExtendedHistory => "extended_history",
        /// The file has no times: only the order of commands is known.
        None => "none",
    }
}

/// One command of a shell history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// The command as typed (lines of a multi-line command joined with `\n`).
    pub command: String,
    /// When it was started (UTC), where the file records it.
    pub time: Option<foothold_core::Timestamp>,
    /// zsh `EXTENDED_HISTORY`: how long it ran, in seconds.
    pub elapsed: Option<u64>,
    /// Where its time comes from (`None` on every entry of a file without times).
    pub time_source: HistoryTime,
    /// 1-based line of the file where it starts.
    pub line: u32,
}

/// The commands of a shell history file, in file order (oldest first).
///
/// ```
/// use foothold_linux::{parse_shell_history, HistoryTime, Shell};
/// let h = parse_shell_history(b"#1796132264\nid\n#1796132265\ncrontab -l\n", Shell::Bash);
/// assert_eq!((h[1].command.as_str(), h[1].line), ("crontab -l", 4));
/// assert_eq!(h[1].time.unwrap().to_string(), "2026-12-01T13:37:45Z");
/// assert_eq!(h[1].time_source, HistoryTime::Histtimeformat);
/// let z = parse_shell_history(b": 1796132280:3;uname -a\n", Shell::Zsh);
/// assert_eq!((z[0].command.as_str(), z[0].elapsed), ("uname -a", Some(3)));
/// ```
pub fn parse_shell_history(bytes: &[u8], shell: Shell) -> Vec<HistoryEntry> {
    match shell {
        Shell::Bash => bash(bytes),
        Shell::Zsh => zsh(&unmetafy(bytes)),
    }
}

/// bash's timestamp line: `#` and digits only (bash's `HIST_TIMESTAMP_START` rule).
fn bash_stamp(l: &str) -> Option<i64> {
    let d = l.strip_prefix('#')?;
    if d.is_empty() || d.len() > 18 || !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    d.parse().ok()
}

fn bash(bytes: &[u8]) -> Vec<HistoryEntry> {
    let lines: Vec<(u32, String)> = log_lines(bytes).map(|(n, l)| (n, l.into_owned())).collect();
    let stamped = lines.iter().any(|(_, l)| bash_stamp(l).is_some());
    let mut out: Vec<HistoryEntry> = Vec::new();
    if !stamped {
        // Without times every line is one command (bash writes multi-line commands as
        // several lines unless `lithist` and times are used).
        return lines
            .into_iter()
            .filter(|(_, l)| !l.is_empty())
            .map(|(line, command)| HistoryEntry {
                command,
                time: None,
                elapsed: None,
                time_source: HistoryTime::None,
                line,
            })
            .collect();
    }
    // With times, a command runs from after its `#<epoch>` line to the next one.
    let mut pending: Option<i64> = None;
    let mut open = false;
    for (n, l) in lines {
        if let Some(t) = bash_stamp(&l) {
            pending = Some(t);
            open = false;
            continue;
        }
        match (open, out.last_mut()) {
            (true, Some(last)) => {
                last.command.push('\n');
                last.command.push_str(&l);
            }
            _ => {
                let time = pending.take();
                out.push(HistoryEntry {
                    command: l,
                    time: time.map(|t| foothold_core::Timestamp::from_unix(t, 0)),
                    elapsed: None,
                    time_source: if time.is_some() {
                        HistoryTime::Histtimeformat
                    } else {
                        HistoryTime::None
                    },
                    line: n,
                });
                open = true;
            }
        }
    }
    out
}

/// zsh stores bytes 0x83–0x9f and NUL as 0x83 followed by the byte XOR 32 ("metafied").
fn unmetafy(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut it = bytes.iter();
    while let Some(&b) = it.next() {
        if b == 0x83 {
            if let Some(&n) = it.next() {
                out.push(n ^ 32);
            }
        } else {
            out.push(b);
        }
    }
    out
}

/// `: <start>:<elapsed>;<command>` → (start, elapsed, command).
fn zsh_extended(l: &str) -> Option<(i64, u64, &str)> {
    let rest = l.strip_prefix(": ")?;
    let (start, rest) = rest.split_once(':')?;
    let (elapsed, command) = rest.split_once(';')?;
    Some((start.trim().parse().ok()?, elapsed.parse().ok()?, command))
}

fn zsh(bytes: &[u8]) -> Vec<HistoryEntry> {
    let mut out: Vec<HistoryEntry> = Vec::new();
    // A line ending in a backslash continues on the next line (zsh writes embedded
    // newlines so).
    let mut continues = false;
    for (n, l) in log_lines(bytes) {
        if continues {
            if let Some(last) = out.last_mut() {
                last.command.pop();
                last.command.push('\n');
                last.command.push_str(&l);
                continues = l.ends_with('\\');
                continue;
            }
        }
        if l.is_empty() {
            continue;
        }
        let (time, elapsed, command, source) = match zsh_extended(&l) {
            Some((t, e, c)) => (
                Some(foothold_core::Timestamp::from_unix(t, 0)),
                Some(e),
                c.to_string(),
                HistoryTime::ExtendedHistory,
            ),
            None => (None, None, l.to_string(), HistoryTime::None),
        };
        continues = command.ends_with('\\');
        out.push(HistoryEntry {
            command,
            time,
            elapsed,
            time_source: source,
            line: n,
        });
    }
    out
}

impl HistoryEntry {
    /// The neutral event of this command: channel `shell_history`, the shell as provider,
    /// `user` (the history's owner, which the file itself does not name), the command as
    /// the command line, `time_source` (and `elapsed`) as data.
    ///
    /// ```
    /// use foothold_linux::{parse_shell_history, Shell};
    /// let h = parse_shell_history(b"last -n 3\n", Shell::Bash);
    /// let ev = h[0].to_event(Shell::Bash, Some("root"));
    /// assert_eq!((ev.channel.as_str(), ev.timestamp), ("shell_history", None));
    /// assert_eq!(ev.data["time_source"], "none");
    /// ```
    pub fn to_event(&self, shell: Shell, user: Option<&str>) -> foothold_core::Event {
        let mut data = std::collections::BTreeMap::new();
        data.insert("time_source".into(), self.time_source.as_str().into());
        if let Some(e) = self.elapsed {
            data.insert("elapsed".into(), e.to_string());
        }
        foothold_core::Event {
            log: foothold_core::LogKind::ShellHistory,
            channel: "shell_history".into(),
            provider: shell.as_str().into(),
            timestamp: self.time,
            command_line: Some(self.command.clone()),
            user: user.map(str::to_string),
            data,
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_multiline_and_plain() {
        let h = parse_shell_history(
            b"#100\nfor i in 1 2; do\necho $i\ndone\n#200\nls\n",
            Shell::Bash,
        );
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].command, "for i in 1 2; do\necho $i\ndone");
        let p = parse_shell_history(b"ls\n\n#not a stamp\n", Shell::Bash);
        assert_eq!(p.len(), 2);
        assert!(p
            .iter()
            .all(|e| e.time.is_none() && e.time_source == HistoryTime::None));
    }

    #[test]
    fn zsh_continuation_and_metafied_bytes() {
        // "ƒ" is C6 92; zsh writes the 92 as 83 B2.
        let h = parse_shell_history(
            b": 10:0;echo a\\\nb\nplain\n: 20:1;echo \xc6\x83\xb2\n",
            Shell::Zsh,
        );
        assert_eq!(h[0].command, "echo a\nb");
        assert_eq!((h[1].command.as_str(), h[1].time), ("plain", None));
        assert_eq!(h[2].command, "echo ƒ");
    }
}
