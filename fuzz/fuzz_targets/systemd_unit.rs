//! systemd unit parsing, timer assembly and service resolution on arbitrary bytes: the
//! input is split into a timer, a service, a drop-in and an init script; the service is
//! resolved from a one-directory tree holding it, its drop-in and a wants link.
#![no_main]
use foothold_linux::{
    init_script, parse_exec, parse_unit, rc_local, resolve_services, timer_job, Error,
    TimerInfo, UnitScope, UnitTree,
};
use libfuzzer_sys::fuzz_target;

struct Tree<'a> {
    service: &'a [u8],
    drop_in: &'a [u8],
}

impl UnitTree for Tree<'_> {
    fn list(&mut self, dir: &str) -> Vec<(String, bool)> {
        match dir {
            "/etc/systemd/system" => vec![
                ("x@.service".into(), false),
                ("x@.service.d".into(), true),
                ("multi-user.target.wants".into(), true),
            ],
            "/etc/systemd/system/x@.service.d" => vec![("a.conf".into(), false)],
            "/etc/systemd/system/multi-user.target.wants" => vec![("x@y.service".into(), false)],
            _ => Vec::new(),
        }
    }
    fn read(&mut self, path: &str) -> Result<Vec<u8>, Error> {
        Ok(match path {
            "/etc/systemd/system/x@.service" => self.service.to_vec(),
            _ => self.drop_in.to_vec(),
        })
    }
}

fuzz_target!(|data: &[u8]| {
    let q = data.len() / 4;
    let (timer, rest) = data.split_at(q);
    let (service, rest) = rest.split_at(q);
    let (drop_in, script) = rest.split_at(q);
    let t = parse_unit(timer);
    let s = parse_unit(service);
    let _ = timer_job(&t, Some(&s), TimerInfo::default(), None);
    let mut tree = Tree { service, drop_in };
    let r = resolve_services(&mut tree, &["/etc/systemd/system"], UnitScope::System, None);
    // Every unit resolved is one of the tree's names.
    for svc in &r.services {
        assert!(svc.name.starts_with("x@"), "{}", svc.name);
    }
    let _ = parse_exec("ExecStart", &String::from_utf8_lossy(script));
    let _ = init_script("x", script, Some(true), &["/etc/rc2.d/S01x".into()], &[]);
    let _ = rc_local(script, None);
});
