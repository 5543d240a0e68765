//! ext2/3/4 open, path lookup, directory walk and reads on arbitrary volume bytes.
#![no_main]
use foothold_fs::{Ext4, FileSystem, ReadAt};
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let src: Arc<dyn ReadAt> = Arc::new(data.to_vec());
    let Ok(fs) = Ext4::open(src) else { return };
    let _ = fs.lookup("/etc/cron.d");
    let Ok(root) = fs.root() else { return };
    let Ok(children) = fs.read_dir(&root) else { return };
    for c in children.entries.iter().take(64) {
        if let Ok(s) = fs.open_stream(c, None) {
            let mut buf = [0u8; 8192];
            let _ = s.read_at(0, &mut buf);
        }
        let _ = fs.read_dir(c);
    }
});
