use std::io::Write as _;

// mimalloc: the reader and engine allocate many small, short-lived values per dossier; glibc's
// allocator spent about a fifth of the run time on them (perf, 1M-dossier benchmark). Its
// `no_thp` feature: without transparent huge pages, memory it returns and takes back is not
// zeroed 2 MB at a time (less system time, about 15 MB less peak memory on 1M dossiers).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // A panic is a bug: report it as an internal error without a backtrace or the panic message
    // (either could carry dossier text) and exit 2, per the CLI contract. A panic in a worker
    // thread reaches `catch_unwind` below through rayon; when several workers panic, one line
    // is enough.
    static REPORTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    std::panic::set_hook(Box::new(|info| {
        if REPORTED.swap(true, std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        let place = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        // Not `eprintln!`: it panics when standard error is closed, and a panic in the hook aborts.
        let _ = writeln!(
            std::io::stderr(),
            "fout: interne fout in vtcheck{place}; meld dit als bug (zie SECURITY.md)"
        );
    }));
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = vtcheck::cli::dutch::parse(&args);
    let code = std::panic::catch_unwind(|| {
        // Debug builds only: lets a test check the panic path of the binary.
        #[cfg(debug_assertions)]
        if std::env::var("VTCHECK_TEST_PANIC").is_ok_and(|v| v == "main") {
            panic!("VTCHECK_TEST_PANIC; tekst 111222333");
        }
        vtcheck::cli::main_with(cli)
    })
    .unwrap_or(2);
    std::process::exit(code);
}
