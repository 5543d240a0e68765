/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a task file could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bytes are not text in any encoding Windows writes task files in.
    #[error("not decodable as UTF-16 or UTF-8 text: {reason}")]
    Encoding {
        /// What is wrong.
        reason: String,
    },
    /// Malformed or truncated XML.
    #[error("malformed XML at line {line}, column {column}: {message}")]
    Xml {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// The parser's message.
        message: String,
    },
    /// Well-formed XML whose root is not a `Task`.
    #[error("root element is <{root}>, not <Task>")]
    NotATask {
        /// The root element's name.
        root: String,
    },
    /// A `.job` file's structure is out of bounds.
    #[error("corrupt .job at {offset:#x}: {reason}")]
    Job {
        /// Byte offset in the file.
        offset: usize,
        /// What is wrong.
        reason: String,
    },
    /// A registry hive is not usable.
    #[error("registry hive at {offset:#x}: {reason}")]
    Hive {
        /// Byte offset in the hive.
        offset: usize,
        /// What is wrong.
        reason: String,
    },
    /// An event log's file header (or its chunk list) is not readable.
    #[error("event log: {reason}")]
    Evtx {
        /// What the `evtx` reader said.
        reason: String,
    },
    /// A TaskCache binary value (`Triggers`, `Actions`, `DynamicInfo`) is not what it
    /// should be; the message names the offset.
    #[error("{blob} blob: {reason}")]
    Blob {
        /// Which value.
        blob: &'static str,
        /// What is wrong, and where.
        reason: String,
    },
    /// The file is larger than [`crate::MAX_TASK_FILE`].
    #[error("{size} bytes is larger than any task file ({limit} allowed)")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
}
