/// Why a Linux scheduling artifact could not be read. Errors about one line of a file are
/// [`crate::LineError`]s inside a [`crate::Parsed`] (the rest of the file is still read).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A cron schedule (five fields or an `@` shortcut) that cron would reject.
    #[error("schedule {schedule:?}: {reason}")]
    Schedule {
        /// The fields as written.
        schedule: String,
        /// What is wrong.
        reason: String,
    },
    /// A time zone file (`/etc/localtime`, TZif) that cannot be read.
    #[error("time zone file at offset {offset:#x}: {reason}")]
    TimeZoneFile {
        /// Byte offset in the file.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// A file the caller could not read (a broken symlink, a damaged inode…).
    #[error("{path}: {reason}")]
    Unreadable {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
}
