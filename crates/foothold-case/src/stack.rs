//! Stacking (least frequency of occurrence): per persistence item, normalised, the hosts that
//! have it, rarest first.
use crate::{read_rows, CaseError};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What items are compared by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StackBy {
    /// The task, service or job name, normalised.
    Name,
    /// The command line, normalised.
    Command,
    /// The SHA-256 of the first file it runs.
    BinarySha256,
    /// A service's `ImagePath`, normalised.
    ImagePath,
    /// The account it runs as.
    User,
}

/// One stacked item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StackRow {
    /// The normalised value compared.
    pub key: String,
    /// The artifact kinds it was seen as (`scheduled_task`, `service`, `cron_job`).
    pub artifacts: Vec<String>,
    /// The hosts that have it, sorted.
    pub hosts: Vec<String>,
    /// How many records have it (a host may have it more than once).
    pub records: usize,
    /// The value as first written (before normalising).
    pub example: String,
}

/// A value with what differs from host to host for the same item generalised: GUIDs
/// (`{…}`) become `{GUID}`, SIDs `S-1-5-21-*`, user folders (`C:\Users\NAME\`,
/// `/home/NAME/`) `C:\Users\*\` and `/home/*/`, per-user service suffixes (`_152e8d1`)
/// `_*`; case folded (Windows names and paths are case-insensitive).
///
/// ```
/// use foothold_case::normalise;
/// assert_eq!(normalise(r"C:\Users\Bob\AppData\x.exe"), normalise(r"c:\users\carol\appdata\X.EXE"));
/// assert_eq!(normalise("OneDrive Update {5A1B0000-1111-2222-3333-444455556666}"), "onedrive update {guid}");
/// assert_eq!(normalise("AarSvc_152e8d1"), "aarsvc_*");
/// ```
pub fn normalise(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    let b = lower.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let rest = lower.get(i..).unwrap_or_default();
        // {GUID}
        if rest.starts_with('{')
            && rest.len() >= 38
            && rest.as_bytes()[37] == b'}'
            && rest.get(1..37).is_some_and(is_guid)
        {
            out.push_str("{guid}");
            i += 38;
            continue;
        }
        // S-1-5-21-a-b-c[-rid]
        if let Some(tail) = rest.strip_prefix("s-1-5-21-") {
            let n = tail
                .bytes()
                .take_while(|c| c.is_ascii_digit() || *c == b'-')
                .count();
            if n > 0 {
                out.push_str("s-1-5-21-*");
                i += "s-1-5-21-".len() + n;
                continue;
            }
        }
        // User folders.
        let mut matched = false;
        for prefix in [r"\users\", "/home/", "/users/"] {
            if let Some(tail) = rest.strip_prefix(prefix) {
                let n = tail
                    .bytes()
                    .take_while(|c| !matches!(c, b'\\' | b'/' | b' ' | b'"'))
                    .count();
                if n > 0
                    && tail
                        .as_bytes()
                        .get(n)
                        .is_some_and(|c| matches!(c, b'\\' | b'/'))
                {
                    out.push_str(prefix);
                    out.push('*');
                    i += prefix.len() + n;
                    matched = true;
                    break;
                }
            }
        }
        if matched {
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    // A per-user service instance: NAME_ and 5 to 8 hex digits at the end.
    if let Some((head, tail)) = out.rsplit_once('_') {
        if (5..=8).contains(&tail.len())
            && tail.bytes().all(|c| c.is_ascii_hexdigit())
            && !head.is_empty()
        {
            return format!("{head}_*");
        }
    }
    out
}

fn is_guid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// The account a record resolved its user to (`account.sid`, else `account.name`,
/// lower-cased), from the record's JSON.
fn resolved_account(record: Option<&str>) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(record?).ok()?;
    let a = v.get("account")?;
    let id = a
        .get("sid")
        .and_then(|s| s.as_str())
        .or_else(|| a.get("name").and_then(|s| s.as_str()))?;
    Some(format!("account {}", id.to_lowercase()))
}

/// The persistence artifact kinds stacked, diffed and mined for indicators: those of the
/// families `foothold::Family` marks as persistence (one list; a family added there is
/// compared here without a change).
pub fn persistence() -> Vec<&'static str> {
    foothold::persistence_artifacts()
}

/// The persistence items of a case (`scheduled_task`, `service`, `cron_job` rows of its
/// Parquet dataset), grouped by `by` normalised, with the hosts that have each, rarest
/// first (fewest hosts, then the key). Items without that value (a task with no binary
/// hashed, for `BinarySha256`) are left out.
pub fn stack(out: &Path, by: StackBy) -> Result<Vec<StackRow>, CaseError> {
    struct Acc {
        artifacts: BTreeSet<String>,
        hosts: BTreeSet<String>,
        records: usize,
        example: String,
    }
    let mut groups: BTreeMap<String, Acc> = BTreeMap::new();
    for artifact in persistence() {
        // (host, name, user, command, sha256, image_path, record)
        for row in read_rows(out, artifact)? {
            let value = match by {
                StackBy::Name => row[1].clone(),
                StackBy::User => row[2].clone(),
                StackBy::Command => row[3].clone(),
                StackBy::BinarySha256 => row[4].clone(),
                StackBy::ImagePath => row[5].clone(),
            };
            let Some(value) = value.filter(|v| !v.is_empty()) else {
                continue;
            };
            let key = match by {
                StackBy::BinarySha256 => value.clone(),
                // One account however it is written (`LocalSystem`, `S-1-5-18`, `SYSTEM`):
                // the account it resolved to, by SID (or name), when the record has one.
                StackBy::User => {
                    resolved_account(row[6].as_deref()).unwrap_or_else(|| normalise(&value))
                }
                _ => normalise(&value),
            };
            let acc = groups.entry(key).or_insert_with(|| Acc {
                artifacts: BTreeSet::new(),
                hosts: BTreeSet::new(),
                records: 0,
                example: value.clone(),
            });
            acc.artifacts.insert(artifact.to_string());
            if let Some(h) = &row[0] {
                acc.hosts.insert(h.clone());
            }
            acc.records += 1;
        }
    }
    let mut rows: Vec<StackRow> = groups
        .into_iter()
        .map(|(key, a)| StackRow {
            key,
            artifacts: a.artifacts.into_iter().collect(),
            hosts: a.hosts.into_iter().collect(),
            records: a.records,
            example: a.example,
        })
        .collect();
    rows.sort_by(|a, b| {
        a.hosts
            .len()
            .cmp(&b.hosts.len())
            .then_with(|| a.key.cmp(&b.key))
    });
    Ok(rows)
}
