//! Authentication logs, syslog cron lines and shell histories on arbitrary bytes.
#![no_main]
use foothold_linux::{parse_auth_log, parse_shell_history, parse_syslog_cron, Shell};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for e in parse_auth_log(data) {
        let ev = e.to_event();
        assert_eq!(ev.data["action"], e.action.as_str());
    }
    let _ = parse_syslog_cron(data);
    for shell in [Shell::Bash, Shell::Zsh] {
        for h in parse_shell_history(data, shell) {
            assert!(h.line >= 1);
        }
    }
});
