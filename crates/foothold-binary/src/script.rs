//! Script files: the language and the first lines, decoded.
use serde::Serialize;

/// The start of a script.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ScriptInfo {
    /// `powershell`, `batch`, `vbscript`, `jscript`, `shell`, `python`, `perl`, or what the
    /// `#!` line names.
    pub language: String,
    /// The `#!` line's interpreter and arguments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interpreter: Option<String>,
    /// The text's encoding as detected (`utf-8`, `utf-16le`, `utf-16be`).
    pub encoding: String,
    /// The first lines (at most [`SCRIPT_LINES`], each at most 500 characters).
    pub first_lines: Vec<String>,
}

/// Lines of a script kept.
pub const SCRIPT_LINES: usize = 20;

/// The language a file name's extension says.
pub(crate) fn language_of_name(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "ps1" | "psm1" | "psd1" => "powershell",
        "bat" | "cmd" => "batch",
        "vbs" | "vbe" => "vbscript",
        "js" | "jse" => "jscript",
        "wsf" => "windows_script_file",
        "hta" => "hta",
        "sh" | "bash" => "shell",
        "py" => "python",
        "pl" => "perl",
        _ => return None,
    })
}

fn decode(head: &[u8]) -> (String, &'static str) {
    if let Some(b) = head.strip_prefix(&[0xff, 0xfe]) {
        let u: Vec<u16> = b
            .chunks_exact(2)
            .filter_map(|c| foothold_core::u16_at(c, 0))
            .collect();
        return (String::from_utf16_lossy(&u), "utf-16le");
    }
    if let Some(b) = head.strip_prefix(&[0xfe, 0xff]) {
        let u: Vec<u16> = b
            .chunks_exact(2)
            .filter_map(|c| foothold_core::be_u16_at(c, 0))
            .collect();
        return (String::from_utf16_lossy(&u), "utf-16be");
    }
    let b = head.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(head);
    (String::from_utf8_lossy(b).into_owned(), "utf-8")
}

/// The script facts of `head` (the file's first bytes), when the name or a `#!` line says
/// it is a script.
pub(crate) fn script_info(name: &str, head: &[u8]) -> Option<ScriptInfo> {
    let head = head.get(..head.len().min(64 * 1024)).unwrap_or(head);
    let (text, encoding) = decode(head);
    let shebang = text
        .strip_prefix("#!")
        .map(|l| l.lines().next().unwrap_or("").trim().to_string());
    let language = match (language_of_name(name), &shebang) {
        (Some(l), _) => l.to_string(),
        (None, Some(s)) => {
            let prog = s.split_whitespace().next().unwrap_or("");
            let prog = prog.rsplit('/').next().unwrap_or(prog);
            let prog = if prog == "env" {
                s.split_whitespace().nth(1).unwrap_or(prog)
            } else {
                prog
            };
            match prog {
                "sh" | "bash" | "dash" | "zsh" | "ksh" => "shell".to_string(),
                p if p.starts_with("python") => "python".to_string(),
                p if p.starts_with("perl") => "perl".to_string(),
                p => p.to_string(),
            }
        }
        (None, None) => return None,
    };
    Some(ScriptInfo {
        language,
        interpreter: shebang,
        encoding: encoding.into(),
        first_lines: text
            .lines()
            .take(SCRIPT_LINES)
            .map(|l| l.trim_end_matches('\r').chars().take(500).collect())
            .collect(),
    })
}
