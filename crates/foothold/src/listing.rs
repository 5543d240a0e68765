use foothold_fs::{Entry, EntryKind, FileSystem, Problem};
use serde::Serialize;
use std::collections::HashSet;

/// One row of a listing: an entry (or one of its named streams) on a volume.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ListRecord {
    /// Volume number, `None` for a bare filesystem.
    pub volume: Option<u32>,
    /// Named stream shown by this row (`path` then ends in `:stream`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream: Option<String>,
    /// The shadow copy the volume was read at (`ls --snapshot N`: its store number).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<u32>,
    /// The entry.
    #[serde(flatten)]
    pub entry: Entry,
}

/// The JSON Schema of one listing record (`foothold ls --format jsonl`, one per line),
/// committed as `schema/list-record.schema.json`.
pub fn list_record_schema() -> schemars::Schema {
    serialize_schema::<ListRecord>()
}

/// The schema of `T` as it is written (a field skipped when empty is not required).
pub(crate) fn serialize_schema<T: schemars::JsonSchema>() -> schemars::Schema {
    schemars::generate::SchemaSettings::default()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<T>()
}

/// Something a walk could not read (a directory, an entry, an index block), on a volume.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct WalkError {
    /// Volume number.
    pub volume: Option<u32>,
    /// What, where (path, entry, offset) and why.
    #[serde(flatten)]
    pub problem: Problem,
}

impl WalkError {
    /// A problem at `path` on `volume`.
    pub fn new(
        volume: Option<u32>,
        path: &str,
        entry: Option<u64>,
        offset: Option<u64>,
        message: String,
    ) -> Self {
        WalkError {
            volume,
            problem: Problem {
                path: path.to_string(),
                entry,
                offset,
                message,
            },
        }
    }
    /// A problem a directory listing reported.
    pub fn from_problem(volume: Option<u32>, problem: Problem) -> Self {
        WalkError { volume, problem }
    }
    /// A directory that could not be listed at all.
    pub fn from_error(volume: Option<u32>, path: &str, e: &foothold_fs::Error) -> Self {
        Self::new(volume, path, None, e.offset(), e.to_string())
    }
}

/// Walk `fs` depth-first from `start` in pre-order (a directory, then its contents, as
/// `fls -r` prints), calling `emit` for every entry and its named streams.
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
    let mut seen = HashSet::from([start.entry]);
    // Each level: the remaining children of one directory, reversed so pop() is in order.
    let mut stack: Vec<Vec<Entry>> = vec![children(fs, volume, start, &mut errors)];
    while let Some(level) = stack.last_mut() {
        let Some(c) = level.pop() else {
            stack.pop();
            continue;
        };
        let enter = c.kind == EntryKind::Dir && seen.insert(c.entry);
        if c.kind == EntryKind::Dir && !enter {
            errors.push(WalkError::new(
                volume,
                &c.path,
                Some(c.entry),
                None,
                format!(
                    "directory entry {} already visited (cycle or hard-linked directory): not entered",
                    c.entry
                ),
            ));
        }
        let dir = enter.then(|| c.clone());
        emit_with_streams(volume, c, emit);
        if let Some(d) = dir {
            let next = children(fs, volume, &d, &mut errors);
            stack.push(next);
        }
    }
    errors
}

/// The entries of `dir`, sorted by name and reversed (for popping in order).
fn children(
    fs: &dyn FileSystem,
    volume: Option<u32>,
    dir: &Entry,
    errors: &mut Vec<WalkError>,
) -> Vec<Entry> {
    match fs.read_dir(dir) {
        Ok(l) => {
            errors.extend(
                l.problems
                    .into_iter()
                    .map(|p| WalkError::from_problem(volume, p)),
            );
            let mut c = l.entries;
            c.sort_by(|a, b| b.name.cmp(&a.name));
            c
        }
        Err(e) => {
            errors.push(WalkError::from_error(volume, &dir.path, &e));
            Vec::new()
        }
    }
}

/// Emit an entry and then one row per named stream.
pub(crate) fn emit_with_streams(volume: Option<u32>, e: Entry, emit: &mut dyn FnMut(ListRecord)) {
    let streams = e.streams.clone();
    let base = e.clone();
    emit(ListRecord {
        volume,
        stream: None,
        snapshot: None,
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
            snapshot: None,
            entry: se,
        });
    }
}
