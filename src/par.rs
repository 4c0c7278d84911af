//! How much parallel work the machine can take.

/// The number of usable cores, asked once (it reads cgroup files on Linux).
pub fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

use std::sync::OnceLock;
use std::sync::mpsc;

type Job = Box<dyn FnOnce() + Send>;

/// The helper thread's queue: started on first use, then kept waiting for work,
/// so that work handed to it does not pay for starting a thread each time (on
/// the 2-vCPU VM of benches/RESULTS.md a scoped thread costs about 85 µs to
/// start and join, a waiting one about 15 µs to wake and answer). `None` with
/// one core or when the thread could not be started.
fn helper() -> Option<&'static mpsc::Sender<Job>> {
    static HELPER: OnceLock<Option<mpsc::Sender<Job>>> = OnceLock::new();
    HELPER
        .get_or_init(|| {
            if cores() < 2 {
                return None;
            }
            let (tx, rx) = mpsc::channel::<Job>();
            std::thread::Builder::new()
                .name("unattui-helper".into())
                .spawn(move || rx.into_iter().for_each(|job| job()))
                .ok()?;
            Some(tx)
        })
        .as_ref()
}

/// Runs `job` on the helper thread while the caller runs `here`, and returns
/// both results. With one core, or when the helper is gone, `job` runs on the
/// caller's thread. A panic in `job` becomes a panic here.
pub fn beside<A: Send + 'static, B>(
    job: impl FnOnce() -> A + Send + 'static,
    here: impl FnOnce() -> B,
) -> (A, B) {
    let (tx, rx) = mpsc::sync_channel(1);
    let job: Job = Box::new(move || {
        // The receiver waits until this is sent, unless `here` panicked.
        let _ = tx.send(job());
    });
    let unsent = match helper() {
        Some(h) => h.send(job).err().map(|mpsc::SendError(job)| job),
        None => Some(job),
    };
    // No helper, or it stopped after a panic: run the job here (its result
    // waits in the channel).
    if let Some(job) = unsent {
        job();
    }
    let b = here();
    match rx.recv() {
        Ok(a) => (a, b),
        Err(_) => panic!("a job on the helper thread panicked"),
    }
}
