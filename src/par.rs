//! How much parallel work the machine can take.

/// The number of usable cores, asked once (it reads cgroup files on Linux).
pub fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}
