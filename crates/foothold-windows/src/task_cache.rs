//! The Task Scheduler's registry cache in the SOFTWARE hive:
//! `Microsoft\Windows NT\CurrentVersion\Schedule\TaskCache\{Tree,Tasks,Boot,Logon,Maintenance,Plain}`.
use crate::hive::KeyRef;
use crate::{RegistryHive, Result, TaskAction};
use foothold_core::Timestamp;
use serde::Serialize;

/// Path of the TaskCache key in a SOFTWARE hive.
pub const TASK_CACHE: &str = "Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache";
/// Deepest Tree folder followed.
const MAX_TREE_DEPTH: usize = 32;
/// Most Tree keys read (bounds a hostile hive).
const MAX_TREE_KEYS: usize = 200_000;

/// `DynamicInfo`: when the task was registered and last ran.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct DynamicInfo {
    /// Blob version.
    pub version: u32,
    /// Registration (creation) time.
    pub created: Option<Timestamp>,
    /// Last run time.
    pub last_run: Option<Timestamp>,
    /// Task state.
    pub state: u32,
    /// Result of the last run (HRESULT).
    pub last_error: u32,
    /// Last successful run (version 3).
    pub last_successful_run: Option<Timestamp>,
}

/// One task as the TaskCache records it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TaskCacheEntry {
    /// `\Folder\Task`, from the Tree key path.
    pub name: String,
    /// Tree key path in the hive.
    pub tree_key: String,
    /// `Id` (the GUID of the `Tasks\{GUID}` key).
    pub id: Option<String>,
    /// `Index`.
    pub index: Option<u32>,
    /// Whether the Tree key has its `SD` value (schtasks hides tasks without one).
    pub has_security_descriptor: bool,
    /// Last-written time of the Tree key.
    pub tree_last_written: Option<Timestamp>,
    /// `Tasks\{GUID}` key path, when present.
    pub task_key: Option<String>,
    /// Last-written time of the `Tasks\{GUID}` key.
    pub task_last_written: Option<Timestamp>,
    /// `Path`.
    pub path: Option<String>,
    /// `URI`.
    pub uri: Option<String>,
    /// `Author`.
    pub author: Option<String>,
    /// `Description`.
    pub description: Option<String>,
    /// `Date`.
    pub date: Option<String>,
    /// Actions decoded from the `Actions` blob.
    pub actions: Vec<TaskAction>,
    /// `Actions` blob version.
    pub actions_version: Option<u16>,
    /// Size of the `Triggers` blob in bytes.
    pub triggers_size: Option<usize>,
    /// The `Triggers` blob decoded: enabled/hidden flags, user, triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub triggers: Option<crate::TriggersBlob>,
    /// `DynamicInfo` decoded.
    pub dynamic_info: Option<DynamicInfo>,
    /// Which of `Boot`, `Logon`, `Maintenance`, `Plain` list this task.
    pub lists: Vec<String>,
    /// Problems decoding this entry's values.
    pub errors: Vec<String>,
}

/// A blob read in order (the workspace's one cursor; a field past the end is `None`).
struct Blob<'a>(foothold_core::Cursor<'a>);

impl<'a> Blob<'a> {
    fn new(b: &'a [u8]) -> Self {
        Blob(foothold_core::Cursor::new(b, 0))
    }
    fn pos(&self) -> usize {
        self.0.pos()
    }
    fn u16(&mut self) -> Option<u16> {
        self.0.u16().ok()
    }
    fn u32(&mut self) -> Option<u32> {
        self.0.u32().ok()
    }
    fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        self.0.take(n).ok()
    }
    /// A u32 byte length followed by that many bytes of UTF-16LE.
    fn string(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        self.bytes(n).map(crate::text::utf16le_trimmed)
    }
}

/// Decode an `Actions` blob: `u16 version`, (version ≥ 2) a context string, then actions
/// (`0x6666` exec, `0x7777` COM handler, `0x8888` e-mail, `0x9999` message).
///
/// ```
/// let mut b = vec![3u8, 0];                               // version 3
/// let s = |t: &str| { let u: Vec<u8> = t.encode_utf16().flat_map(|c| c.to_le_bytes()).collect();
///                     let mut v = (u.len() as u32).to_le_bytes().to_vec(); v.extend(u); v };
/// b.extend(s("Author"));
/// b.extend([0x66, 0x66]); b.extend(s("")); b.extend(s("cmd.exe")); b.extend(s("/c x")); b.extend(s("")); b.extend([0, 0]);
/// let (v, acts) = foothold_windows::parse_actions_blob(&b).unwrap();
/// assert_eq!((v, acts[0].command.as_deref(), acts[0].arguments.as_deref()), (3, Some("cmd.exe"), Some("/c x")));
/// ```
pub fn parse_actions_blob(b: &[u8]) -> crate::Result<(u16, Vec<TaskAction>)> {
    actions_blob(b).map_err(|reason| crate::Error::Blob {
        blob: "Actions",
        reason,
    })
}

fn actions_blob(b: &[u8]) -> std::result::Result<(u16, Vec<TaskAction>), String> {
    let mut r = Blob::new(b);
    let version = r.u16().ok_or("empty Actions blob")?;
    if version >= 2 {
        r.string().ok_or("truncated context")?;
    }
    let mut out = Vec::new();
    while r.pos() < b.len() {
        let at = r.pos();
        let kind = r
            .u16()
            .ok_or_else(|| format!("truncated action at {at:#x}"))?;
        let id = r
            .string()
            .ok_or_else(|| format!("truncated action id at {at:#x}"))?;
        let opt = |s: String| (!s.is_empty()).then_some(s);
        let mut a = TaskAction {
            id: opt(id),
            ..TaskAction::default()
        };
        let bad = || format!("truncated action at {at:#x}");
        match kind {
            0x6666 => {
                a.kind = crate::ActionKind::Exec;
                a.command = Some(r.string().ok_or_else(bad)?);
                a.arguments = opt(r.string().ok_or_else(bad)?);
                a.working_directory = opt(r.string().ok_or_else(bad)?);
                if version >= 3 {
                    r.u16().ok_or_else(bad)?;
                }
            }
            0x7777 => {
                a.kind = crate::ActionKind::ComHandler;
                let g = r.bytes(16).ok_or_else(bad)?;
                a.class_id = Some(crate::text::guid(g));
                a.data = opt(r.string().ok_or_else(bad)?);
            }
            0x8888 => {
                a.kind = crate::ActionKind::SendEmail;
                for f in [
                    "From", "To", "Cc", "Bcc", "ReplyTo", "Server", "Subject", "Body",
                ] {
                    let v = r.string().ok_or_else(bad)?;
                    if !v.is_empty() {
                        a.fields.insert(f.into(), v);
                    }
                }
                let attachments = r.u32().ok_or_else(bad)?;
                for i in 0..attachments.min(1024) {
                    a.fields
                        .insert(format!("Attachment{i}"), r.string().ok_or_else(bad)?);
                }
                let headers = r.u32().ok_or_else(bad)?;
                for _ in 0..headers.min(1024) {
                    let k = r.string().ok_or_else(bad)?;
                    let v = r.string().ok_or_else(bad)?;
                    a.fields.insert(format!("Header/{k}"), v);
                }
            }
            0x9999 => {
                a.kind = crate::ActionKind::ShowMessage;
                a.fields.insert("Title".into(), r.string().ok_or_else(bad)?);
                a.fields.insert("Body".into(), r.string().ok_or_else(bad)?);
            }
            other => return Err(format!("unknown action type {other:#06x} at {at:#x}")),
        }
        out.push(a);
    }
    Ok((version, out))
}

/// Decode a `DynamicInfo` blob (28 bytes, or 36 with the last successful run).
pub fn parse_dynamic_info(b: &[u8]) -> Option<DynamicInfo> {
    let mut r = Blob::new(b);
    let version = r.u32()?;
    let ft = |r: &mut Blob| -> Option<Option<Timestamp>> {
        let lo = r.u32()?;
        let hi = r.u32()?;
        Some(Timestamp::from_filetime(
            u64::from(lo) | u64::from(hi) << 32,
        ))
    };
    let created = ft(&mut r)?;
    let last_run = ft(&mut r)?;
    let state = r.u32()?;
    let last_error = r.u32()?;
    let last_successful_run = if b.len() >= 36 { ft(&mut r)? } else { None };
    Some(DynamicInfo {
        version,
        created,
        last_run,
        state,
        last_error,
        last_successful_run,
    })
}

/// Read the TaskCache of a SOFTWARE hive: one entry per Tree task, joined with its
/// `Tasks\{GUID}` key, plus `Tasks` keys no Tree key points to (named by their `Path`).
pub fn parse_task_cache(hive: &RegistryHive) -> Result<Vec<TaskCacheEntry>> {
    let Some(cache) = hive.key(TASK_CACHE) else {
        return Ok(Vec::new());
    };
    let mut entries = Vec::new();
    if let Some(tree) = hive.subkey(cache, "Tree") {
        walk_tree(
            hive,
            tree,
            &format!("{TASK_CACHE}\\Tree"),
            "",
            0,
            &mut std::collections::HashSet::from([tree]),
            &mut entries,
        );
    }
    let mut lists: Vec<(String, String)> = Vec::new();
    for list in ["Boot", "Logon", "Maintenance", "Plain"] {
        if let Some(k) = hive.subkey(cache, list) {
            for s in hive.subkeys(k) {
                if let Some(n) = hive.key_name(s) {
                    lists.push((n, list.to_string()));
                }
            }
        }
    }
    let in_lists = |id: &str| -> Vec<String> {
        lists
            .iter()
            .filter(|(g, _)| g.eq_ignore_ascii_case(id))
            .map(|(_, l)| l.clone())
            .collect()
    };
    let tasks = hive.subkey(cache, "Tasks");
    let mut used = std::collections::HashSet::new();
    for e in &mut entries {
        let Some(id) = e.id.clone() else { continue };
        e.lists = in_lists(&id);
        if let Some(t) = tasks.and_then(|t| hive.subkey(t, &id)) {
            used.insert(id.to_ascii_uppercase());
            fill_task(hive, t, &format!("{TASK_CACHE}\\Tasks\\{id}"), e);
        }
    }
    // Tasks keys without a Tree key (a Tree key deleted to hide the task).
    for t in tasks.map(|t| hive.subkeys(t)).unwrap_or_default() {
        let Some(name) = hive.key_name(t) else {
            continue;
        };
        if used.contains(&name.to_ascii_uppercase()) {
            continue;
        }
        let mut e = TaskCacheEntry {
            id: Some(name.clone()),
            lists: in_lists(&name),
            ..TaskCacheEntry::default()
        };
        fill_task(hive, t, &format!("{TASK_CACHE}\\Tasks\\{name}"), &mut e);
        e.name = e.path.clone().unwrap_or_else(|| format!("\\{name}"));
        entries.push(e);
    }
    Ok(entries)
}

/// The Tree below `key`, each key visited once (`visited`): a Tree whose keys list each
/// other (a cycle, which a tree cannot hold) is walked as the tree it should be, not for ever.
fn walk_tree(
    hive: &RegistryHive,
    key: KeyRef,
    key_path: &str,
    name: &str,
    depth: usize,
    visited: &mut std::collections::HashSet<KeyRef>,
    out: &mut Vec<TaskCacheEntry>,
) {
    if depth > MAX_TREE_DEPTH || out.len() >= MAX_TREE_KEYS || visited.len() >= MAX_TREE_KEYS {
        return;
    }
    for sub in hive.subkeys(key) {
        if !visited.insert(sub) {
            continue;
        }
        let Some(sub_name) = hive.key_name(sub) else {
            continue;
        };
        let path = format!("{key_path}\\{sub_name}");
        let task_name = format!("{name}\\{sub_name}");
        let id = hive.value(sub, "Id").and_then(|v| v.as_string());
        if id.is_some() {
            out.push(TaskCacheEntry {
                name: task_name.clone(),
                tree_key: path.clone(),
                id,
                index: hive.value(sub, "Index").and_then(|v| v.as_dword()),
                has_security_descriptor: hive.value(sub, "SD").is_some(),
                tree_last_written: hive.key_last_written(sub),
                ..TaskCacheEntry::default()
            });
        }
        walk_tree(
            hive,
            sub,
            &path,
            &task_name,
            depth.saturating_add(1),
            visited,
            out,
        );
    }
}

fn fill_task(hive: &RegistryHive, t: KeyRef, key: &str, e: &mut TaskCacheEntry) {
    let text = |n: &str| hive.value(t, n).and_then(|v| v.as_string());
    let bytes = |n: &str| hive.value(t, n).map(|v| v.data);
    e.task_key = Some(key.to_string());
    e.task_last_written = hive.key_last_written(t);
    e.path = text("Path");
    e.uri = text("URI");
    e.author = text("Author");
    e.description = text("Description");
    e.date = text("Date");
    if let Some(b) = bytes("Actions") {
        match parse_actions_blob(&b) {
            Ok((v, a)) => {
                e.actions_version = Some(v);
                e.actions = a;
            }
            Err(m) => e.errors.push(m.to_string()),
        }
    }
    if let Some(b) = bytes("Triggers") {
        e.triggers_size = Some(b.len());
        match crate::parse_triggers_blob(&b) {
            Ok(t) => {
                if let Some(err) = &t.error {
                    e.errors.push(format!("Triggers: {err}"));
                }
                e.triggers = Some(t);
            }
            Err(m) => e.errors.push(m.to_string()),
        }
    }
    if let Some(b) = bytes("DynamicInfo") {
        e.dynamic_info = parse_dynamic_info(&b);
        if e.dynamic_info.is_none() {
            e.errors
                .push(format!("DynamicInfo: {} bytes is too short", b.len()));
        }
    }
}

/// TaskCache entries whose keys were deleted but survive in the SOFTWARE hive's unallocated
/// cells ([`RegistryHive::deleted_keys`]): a deleted `Tree\…` key with its `Id` (filled
/// from its `Tasks\{Id}` key, deleted or not), and a deleted `Tasks\{GUID}` key no deleted
/// Tree key names (named by its `Path` value). Values are read from unallocated cells.
pub fn parse_deleted_task_cache(hive: &RegistryHive) -> Vec<TaskCacheEntry> {
    let tree = format!("{TASK_CACHE}\\Tree\\").to_ascii_lowercase();
    let tasks = format!("{TASK_CACHE}\\Tasks\\").to_ascii_lowercase();
    let deleted = hive.deleted_keys();
    let mut out: Vec<TaskCacheEntry> = Vec::new();
    let deleted_task = |id: &str| {
        deleted.iter().find(|d| {
            d.complete
                && d.path.to_ascii_lowercase() == format!("{tasks}{}", id.to_ascii_lowercase())
        })
    };
    let mut used = std::collections::HashSet::new();
    for d in deleted.iter().filter(|d| d.complete) {
        let lower = d.path.to_ascii_lowercase();
        if !lower.starts_with(&tree) {
            continue;
        }
        let id = hive.value(d.key, "Id").and_then(|v| v.as_string());
        // A key without `Id` is a folder, or a task whose values did not survive (hivex,
        // for one, clears a key's values before freeing it): a leaf is taken as a task.
        let leaf = !deleted.iter().any(|c| {
            c.path.as_bytes().get(d.path.len()) == Some(&b'\\') && c.path.starts_with(&d.path)
        });
        if id.is_none() && !leaf {
            continue;
        }
        let mut e = TaskCacheEntry {
            name: format!("\\{}", d.path.get(tree.len()..).unwrap_or_default()),
            tree_key: d.path.clone(),
            id: id.clone(),
            index: hive.value(d.key, "Index").and_then(|v| v.as_dword()),
            has_security_descriptor: hive.value(d.key, "SD").is_some(),
            tree_last_written: hive.key_last_written(d.key),
            ..TaskCacheEntry::default()
        };
        if id.is_none() {
            e.errors
                .push("deleted Tree key without values (no Id): its task is not known".into());
        }
        if let Some(id) = &id {
            let key = format!("{TASK_CACHE}\\Tasks\\{id}");
            if let Some(t) = deleted_task(id) {
                used.insert(t.key.offset());
                fill_task(hive, t.key, &t.path, &mut e);
            } else if let Some(t) = hive.key(&key) {
                fill_task(hive, t, &key, &mut e);
            }
        }
        out.push(e);
    }
    for d in deleted.iter().filter(|d| d.complete) {
        let lower = d.path.to_ascii_lowercase();
        let Some(rest) = lower.strip_prefix(&tasks) else {
            continue;
        };
        if rest.contains('\\') || used.contains(&d.key.offset()) {
            continue;
        }
        let name = d.path.get(tasks.len()..).unwrap_or_default().to_string();
        let mut e = TaskCacheEntry {
            id: Some(name.clone()),
            ..TaskCacheEntry::default()
        };
        fill_task(hive, d.key, &d.path, &mut e);
        e.name = e.path.clone().unwrap_or_else(|| format!("\\{name}"));
        out.push(e);
    }
    out
}
