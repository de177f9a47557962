use clap::Parser;

fn main() {
    // A panic is a bug: report it as an internal error without a backtrace (which could carry
    // dossier text) and exit 2, per the CLI contract.
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("fout: interne fout in vtcheck{place}; meld dit als bug (zie SECURITY.md)");
    }));
    let cli = vtcheck::cli::Cli::parse();
    let code = std::panic::catch_unwind(|| vtcheck::cli::main_with(cli)).unwrap_or(2);
    std::process::exit(code);
}
