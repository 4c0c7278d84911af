//! `unattui check` of a large file starts itself again, once, with glibc malloc settings that
//! suit large inputs (Linux with glibc only).
//!
//! By default glibc's malloc gives blocks of 128 KiB or more (a threshold it raises as such
//! blocks are freed) their own mapping of 4 KiB pages, which the kernel faults in one by one
//! and takes back when the block is freed. Checking a 10 MB answer file that way costs about
//! 5 800 page faults, a fifth of the process's CPU time on the benchmark machine
//! (benches/RESULTS.md, session 7). Two glibc tunables cut that to about 1 300: transparent
//! huge pages for malloc's memory (`glibc.malloc.hugetlb=1`, glibc 2.35 and later; older
//! versions ignore it) and a threshold fixed at 32 MiB (`glibc.malloc.mmap_threshold`), so
//! that blocks come from the heap, where memory the parse frees is used again by the typed
//! view and the validation. glibc reads tunables only when a program starts, and asking the
//! kernel or the allocator directly (`madvise`, `mallopt`) would take `unsafe` code, which
//! this crate forbids: so the program starts itself again with them, which costs about a
//! millisecond, only when a file is large enough to gain more.
//!
//! [`allocator_tunables`] decides, without side effects; [`restart_if_worth_it`] acts on it,
//! and is meant for the binary's `main` only.

use std::path::Path;

/// What `GLIBC_TUNABLES` is set to for the second start.
pub const TUNABLES: &str = "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432";

/// Files from this size on are worth a second start: below it the gain (about 8% at 2 MB,
/// 25% at 4 MB on the benchmark machine) barely pays for the millisecond it costs.
pub const MIN_BYTES: u64 = 4 << 20;

/// How many arguments are looked at for a large file: each costs a `stat` before any work
/// starts, which a check of thousands of small files should not pay.
pub const ARGS_LOOKED_AT: usize = 64;

/// Set in the environment of the second start, so that there is never a third, whatever
/// became of `GLIBC_TUNABLES` (glibc 2.39 and later drop it for setuid programs).
pub const RESTARTED: &str = "UNATTUI_RESTARTED";

/// The `GLIBC_TUNABLES` value to start again with, for a command line `args` (without the
/// program name), given which environment variables are set (`is_set`): only for `check`
/// with a file of [`MIN_BYTES`] or more among its first [`ARGS_LOOKED_AT`] arguments. Nothing
/// when `GLIBC_TUNABLES` is set at all (the user's own settings; setting it empty turns this
/// off), in the second start itself, or when `LD_PRELOAD` is set: a tool that preloads a
/// library (valgrind, heaptrack, another allocator) would lose track of the program.
pub fn allocator_tunables(args: &[String], is_set: impl Fn(&str) -> bool) -> Option<&'static str> {
    if args.first().map(String::as_str) != Some("check")
        || ["GLIBC_TUNABLES", RESTARTED, "LD_PRELOAD"]
            .into_iter()
            .any(is_set)
    {
        return None;
    }
    // Option values (`--format json`) are looked at too: a name that is not a large file
    // costs one failed `stat`.
    let large = |a: &String| {
        !a.starts_with('-') && std::fs::metadata(Path::new(a)).is_ok_and(|m| m.len() >= MIN_BYTES)
    };
    args[1..]
        .iter()
        .take(ARGS_LOOKED_AT)
        .any(large)
        .then_some(TUNABLES)
}

/// Replaces this process with a second start of the same program, same arguments, with
/// [`allocator_tunables`] in its environment, when they say it is worth it. Returns only when
/// it is not, or when the second start could not be made: this run then goes on as it is.
#[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64"))]
pub fn restart_if_worth_it(args: &[String]) {
    use std::os::unix::process::CommandExt;
    let Some(tunables) = allocator_tunables(args, |name| std::env::var_os(name).is_some()) else {
        return;
    };
    // Only when argv[0] names the running executable: run through the dynamic loader
    // (`ld-linux-x86-64.so.2 unattui …`), the executable is the loader. (A symlink under
    // another name is skipped too, and only loses the speed-up.)
    let Ok(me) = std::env::current_exe() else {
        return;
    };
    let arg0 = std::env::args_os().next().unwrap_or_default();
    if Path::new(&arg0).file_name() != me.file_name() {
        return;
    }
    // `/proc/self/exe` is the file running now, even if its path was given to another file
    // since (an upgrade while this runs).
    let _failed = std::process::Command::new("/proc/self/exe")
        .arg0(arg0)
        .args(args)
        .env("GLIBC_TUNABLES", tunables)
        .env(RESTARTED, "1")
        .exec();
}

/// Elsewhere (other C libraries, other systems, 32-bit targets, where 32 MiB is over glibc's
/// limit for the threshold) the allocator is left as it is.
#[cfg(not(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64")))]
pub fn restart_if_worth_it(_args: &[String]) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    /// A file of `len` bytes (sparse: only its size counts).
    fn file_of(dir: &Path, name: &str, len: u64) -> String {
        let path = dir.join(name);
        std::fs::File::create(&path)
            .and_then(|f| f.set_len(len))
            .expect("file");
        path.to_string_lossy().into_owned()
    }

    #[test]
    fn only_check_with_a_large_file_and_nothing_in_the_way() {
        let dir = tempfile::tempdir().expect("temp dir");
        let large = file_of(dir.path(), "large.xml", MIN_BYTES);
        let small = file_of(dir.path(), "small.xml", 100);
        let under = file_of(dir.path(), "under.xml", MIN_BYTES - 1);
        let unset = |_: &str| false;

        let check = args(&["check", "--format", "json", &small, &large]);
        assert_eq!(allocator_tunables(&check, unset), Some(TUNABLES));
        // Any of these set: never.
        for var in ["GLIBC_TUNABLES", RESTARTED, "LD_PRELOAD"] {
            assert_eq!(allocator_tunables(&check, |v| v == var), None, "{var}");
        }
        // Small files only (one byte under the limit too), another command, a missing file,
        // no file, no arguments.
        assert_eq!(
            allocator_tunables(&args(&["check", &small, &under]), unset),
            None
        );
        assert_eq!(allocator_tunables(&args(&["list", &large]), unset), None);
        assert_eq!(
            allocator_tunables(&args(&["check", "missing.xml"]), unset),
            None
        );
        assert_eq!(allocator_tunables(&args(&["check"]), unset), None);
        assert_eq!(allocator_tunables(&[], unset), None);
        // Only the first ARGS_LOOKED_AT arguments are looked at.
        let mut many = vec!["check".to_owned()];
        many.extend(std::iter::repeat_n(small.clone(), ARGS_LOOKED_AT - 1));
        many.push(large.clone());
        assert_eq!(allocator_tunables(&many, unset), Some(TUNABLES));
        many.insert(1, small);
        assert_eq!(allocator_tunables(&many, unset), None);
    }
}
