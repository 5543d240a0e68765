use foothold_fs::{Entry, EntryKind, FileSystem};
use serde::Serialize;
use std::collections::HashSet;

/// One row of a listing: an entry (or one of its named streams) on a volume.
#[derive(Debug, Clone, Serialize)]
pub struct ListRecord {
    /// Volume number, `None` for a bare filesystem.
    pub volume: Option<u32>,
    /// Named stream shown by this row (`path` then ends in `:stream`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream: Option<String>,
    /// The entry.
    #[serde(flatten)]
    pub entry: Entry,
}

/// A directory that could not be read during a walk.
#[derive(Debug, Clone, Serialize)]
pub struct WalkError {
    /// Volume number.
    pub volume: Option<u32>,
    /// Path of the directory.
    pub path: String,
    /// What went wrong.
    pub message: String,
}

/// Walk `fs` depth-first from `start`, calling `emit` for every entry and its named streams.
///
/// Directories are entered once (a directory cycle cannot loop); unreadable directories
/// are reported in the returned list and the walk goes on.
pub fn walk(
    fs: &dyn FileSystem,
    volume: Option<u32>,
    start: &Entry,
    emit: &mut dyn FnMut(ListRecord),
) -> Vec<WalkError> {
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut stack = vec![start.clone()];
    seen.insert(start.entry);
    while let Some(dir) = stack.pop() {
        let mut children = match fs.read_dir(&dir) {
            Ok(c) => c,
            Err(e) => {
                errors.push(WalkError {
                    volume,
                    path: dir.path.clone(),
                    message: e.to_string(),
                });
                continue;
            }
        };
        children.sort_by(|a, b| a.name.cmp(&b.name));
        let mut subdirs = Vec::new();
        for c in children {
            if c.kind == EntryKind::Dir {
                if seen.insert(c.entry) {
                    subdirs.push(c.clone());
                } else {
                    errors.push(WalkError {
                        volume,
                        path: c.path.clone(),
                        message: format!("directory entry {} already visited (cycle or hard-linked directory): not entered", c.entry),
                    });
                }
            }
            emit_with_streams(volume, c, emit);
        }
        stack.extend(subdirs.into_iter().rev());
    }
    errors
}

/// Emit an entry and then one row per named stream.
pub(crate) fn emit_with_streams(volume: Option<u32>, e: Entry, emit: &mut dyn FnMut(ListRecord)) {
    let streams = e.streams.clone();
    let base = e.clone();
    emit(ListRecord {
        volume,
        stream: None,
        entry: e,
    });
    for s in streams {
        let mut se = base.clone();
        se.path = format!("{}:{}", base.path, s.name);
        se.name = format!("{}:{}", base.name, s.name);
        se.size = s.size;
        se.kind = EntryKind::File;
        se.streams = Vec::new();
        emit(ListRecord {
            volume,
            stream: Some(s.name),
            entry: se,
        });
    }
}
