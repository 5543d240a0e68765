use crate::Timestamp;
use serde::Serialize;

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A regular file.
    File,
    /// A directory.
    Dir,
    /// A symbolic link (NTFS: symlink or junction reparse point).
    Symlink,
    /// Anything else (device, fifo, socket).
    Other,
}

/// Every timestamp the filesystem keeps for an entry; unset ones are `None`.
///
/// NTFS: the plain fields are from `$STANDARD_INFORMATION`, the `fn_` ones from
/// `$FILE_NAME`. ext: `accessed`/`modified`/`changed`/`created` are atime/mtime/ctime/crtime.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Timestamps {
    /// Creation ($SI) / crtime.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    /// Content modification.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified: Option<Timestamp>,
    /// Metadata change (NTFS: MFT record change).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed: Option<Timestamp>,
    /// Last access.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accessed: Option<Timestamp>,
    /// ext: deletion time (dtime), as `deleted_time`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deleted_time: Option<Timestamp>,
    /// NTFS `$FILE_NAME` creation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fn_created: Option<Timestamp>,
    /// NTFS `$FILE_NAME` modification.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fn_modified: Option<Timestamp>,
    /// NTFS `$FILE_NAME` MFT change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fn_changed: Option<Timestamp>,
    /// NTFS `$FILE_NAME` access.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fn_accessed: Option<Timestamp>,
}

/// A named stream of a file (NTFS alternate data stream).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct StreamInfo {
    /// Stream name (without the `:`).
    pub name: String,
    /// Size in bytes.
    pub size: u64,
}

/// A directory entry with the metadata an examiner needs for provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Entry {
    /// Name in its directory.
    pub name: String,
    /// `/`-separated path from the volume root.
    pub path: String,
    /// File, directory, symlink or other.
    pub kind: EntryKind,
    /// Size of the data in bytes.
    pub size: u64,
    /// MFT entry number (NTFS) or inode number (ext).
    pub entry: u64,
    /// NTFS MFT sequence number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sequence: Option<u16>,
    /// True when the entry is deleted (recovered from unallocated metadata).
    pub deleted: bool,
    /// All timestamps.
    #[serde(flatten)]
    pub times: Timestamps,
    /// Owner user id (ext).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<u32>,
    /// Owner group id (ext).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gid: Option<u32>,
    /// Mode bits including the type (ext) or file attribute flags (NTFS).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<u32>,
    /// Named streams (NTFS alternate data streams).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub streams: Vec<StreamInfo>,
    /// Symlink target, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link_target: Option<String>,
    /// How this entry was found when not the ordinary way (see [`EntryFlag`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<EntryFlag>,
}

/// How an entry was found when its directory did not list it the ordinary way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EntryFlag {
    /// NTFS: an in-use MFT record names this directory as its parent in `$FILE_NAME`, but
    /// the directory's `$I30` index does not list it (index damage, or deliberate hiding).
    /// sleuthkit's `fls` lists such files too.
    NotInIndex,
    /// The directory lists this name but the entry's own record (MFT record, inode) cannot
    /// be read: what is shown comes from the directory's copy (NTFS index key). A
    /// [`Problem`] names the damage.
    RecordUnreadable,
    /// NTFS: the unnamed `$DATA` is non-resident and no extent of it starts at VCN 0, which
    /// alone holds the stream's size: `size` is 0 because it is unknown, not because the
    /// file is empty.
    SizeUnknown,
}

/// Something wrong met while listing a directory; the listing went on without it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Problem {
    /// Path of the entry (or directory) concerned.
    pub path: String,
    /// Its MFT entry or inode, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<u64>,
    /// Byte offset of the damaged structure (in the volume, or in the `$MFT`/index stream
    /// as the message says), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// What is wrong.
    pub message: String,
}

/// The entries of one directory and the problems met while reading them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// The entries found (including those flagged [`EntryFlag`]).
    pub entries: Vec<Entry>,
    /// Children or index parts that could not be read.
    pub problems: Vec<Problem>,
}

impl Listing {
    /// A listing with no problems.
    pub fn clean(entries: Vec<Entry>) -> Self {
        Listing {
            entries,
            problems: Vec::new(),
        }
    }
}
