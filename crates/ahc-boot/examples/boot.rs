//! `cargo run -p ahc-boot --example boot -- [--no-base] GHC_SRC AHC_GHC OUT_DIR [KEY]`: run a
//! boot without the driver (for working on this crate); `--no-base` boots ghc-prim and
//! ghc-bignum only.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let no_base = args.first().is_some_and(|a| a == "--no-base");
    if no_base {
        args.remove(0);
    }
    if args.len() < 3 || args.len() > 4 {
        eprintln!("usage: boot [--no-base] GHC_SRC AHC_GHC OUT_DIR [KEY]");
        return ExitCode::from(2);
    }
    let mut packages = ahc_boot::BootOptions::default().packages;
    if no_base {
        packages.retain(|p| *p != ahc_boot::Package::Base);
    }
    let opts = ahc_boot::BootOptions {
        ghc_src: PathBuf::from(&args[0]),
        ahc_ghc: PathBuf::from(&args[1]),
        out_dir: PathBuf::from(&args[2]),
        key: args.get(3).cloned().unwrap_or_default(),
        packages,
        ..Default::default()
    };
    match ahc_boot::boot(&opts) {
        Ok(out) => {
            if out.reused {
                eprintln!("already booted: {}", out.dir.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("ahc-boot: {e}");
            ExitCode::FAILURE
        }
    }
}
