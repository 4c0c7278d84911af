//! Whether `unattui check` should run again under glibc malloc settings that suit large files.
//!
//! glibc's malloc serves every block of 128 KiB or more with a fresh mapping of 4 KiB pages,
//! which the kernel faults in one by one, and gives it back to the system when freed. For a
//! 10 MB answer file that is about 5 800 page faults, a quarter of the process's time on the
//! benchmark machine (benches/RESULTS.md, session 7). Two glibc tunables cut that: transparent
//! huge pages for malloc's memory (`glibc.malloc.hugetlb=1`, glibc 2.35 and later) and blocks
//! up to 32 MiB taken from the heap (`glibc.malloc.mmap_threshold`), where memory freed by one
//! phase (the parse's parts) is used again by the next. A program can only set them before it
//! starts, through the environment, and asking the kernel directly would take `unsafe` code:
//! so the binary starts itself again once with them (see `main.rs`), which costs about a
//! millisecond and only happens for large inputs. Older glibc versions ignore tunables they do
//! not know.
//!
//! The decision is made here, without side effects, so that it can be tested; running again
//! is the binary's business.

use std::path::Path;

/// What `GLIBC_TUNABLES` is set to for the second start.
pub const TUNABLES: &str = "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432";

/// Files from this size on are worth a second start: below it the gain (about 8% at 2 MB,
/// 25% at 4 MB on the benchmark machine) barely pays for the millisecond it costs.
pub const MIN_BYTES: u64 = 4 << 20;

/// The `GLIBC_TUNABLES` value to start again with, for a command line `args` (without the
/// program name): only for `check` with a file argument of [`MIN_BYTES`] or more, and only
/// when `GLIBC_TUNABLES` is not set at all (`tunables_set`): the user's own settings, or the
/// second start itself, are left alone. Setting `GLIBC_TUNABLES=` (empty) turns this off.
pub fn allocator_tunables(args: &[String], tunables_set: bool) -> Option<&'static str> {
    if tunables_set || args.first().map(String::as_str) != Some("check") {
        return None;
    }
    // Option values (`--format json`) are looked at too: a name that is not a large file
    // costs one failed `stat`.
    let large = |a: &String| {
        !a.starts_with('-') && std::fs::metadata(Path::new(a)).is_ok_and(|m| m.len() >= MIN_BYTES)
    };
    args[1..].iter().any(large).then_some(TUNABLES)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn only_check_with_a_large_file_and_no_tunables_set() {
        let dir = tempfile::tempdir().expect("temp dir");
        let large = dir.path().join("large.xml");
        let small = dir.path().join("small.xml");
        // A sparse file: its size is what counts.
        std::fs::File::create(&large)
            .and_then(|f| f.set_len(MIN_BYTES))
            .expect("large file");
        std::fs::write(&small, "<unattend/>").expect("small file");
        let (large, small) = (large.to_string_lossy(), small.to_string_lossy());

        let check = args(&["check", "--format", "json", &small, &large]);
        assert_eq!(allocator_tunables(&check, false), Some(TUNABLES));
        // Already set (by the user, or by the first start): never again.
        assert_eq!(allocator_tunables(&check, true), None);
        // Small files only, another command, a missing file, no file.
        assert_eq!(allocator_tunables(&args(&["check", &small]), false), None);
        assert_eq!(allocator_tunables(&args(&["list", &large]), false), None);
        assert_eq!(
            allocator_tunables(&args(&["check", "missing.xml"]), false),
            None
        );
        assert_eq!(allocator_tunables(&args(&["check"]), false), None);
        assert_eq!(allocator_tunables(&[], false), None);
        // One byte under the limit is not enough.
        let under = dir.path().join("under.xml");
        std::fs::File::create(&under)
            .and_then(|f| f.set_len(MIN_BYTES - 1))
            .expect("file under the limit");
        let under = under.to_string_lossy();
        assert_eq!(allocator_tunables(&args(&["check", &under]), false), None);
    }
}
